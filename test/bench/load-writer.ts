// The load bench's writer, in its own process so that making the edits does not count as the
// engine's work: edits ConfigMaps at a steady rate and reports, each second, when it first
// touched each app in that second (the start of that app's status lag), and how many writes
// the API servers have taken so far.
// Input (the JSON file argv[2] names): { kubeconfig, rate, seconds, targets: [{ app, context, namespace, names }] }
import { readFileSync } from 'node:fs'
import pLimit from 'p-limit'
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node'
import { KubeContexts } from '../../main/engine/clusters/kubeconfig'

interface Target {
  app: string
  context: string
  namespace: string
  names: string[]
}
const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { rate: number; seconds: number; targets: Target[] }
const contexts = new KubeContexts()
const clients = new Map<string, KubernetesObjectApi>()
const clientFor = (context: string) => clients.get(context) ?? clients.set(context, KubernetesObjectApi.makeApiClient(contexts.configFor(context))).get(context)!
const limit = pLimit(64)

const started = Date.now()
let sent = 0
let failed = 0
let n = 0
while (Date.now() - started < input.seconds * 1000) {
  const second = Date.now()
  const firstEdit: Record<string, number> = {}
  const writes: Promise<void>[] = []
  for (let i = 0; i < input.rate && Date.now() - second < 1000; i++, n++) {
    const target = input.targets[n % input.targets.length]!
    const name = target.names[Math.floor(n / input.targets.length) % target.names.length]!
    writes.push(
      limit(async () => {
        const at = Date.now()
        try {
          // Another field manager's key, as a controller or a colleague's kubectl would add:
          // a watch event that changes the live object but not what Git asks of it.
          const edit = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: target.namespace }, data: { load: String(at) } }
          await clientFor(target.context).patch(edit as KubernetesObject, undefined, undefined, 'load-writer', true, PatchStrategy.ServerSideApply)
          sent++
          firstEdit[target.app] ??= at
        } catch {
          failed++
        }
      }),
    )
  }
  await Promise.all(writes)
  process.stdout.write(`${JSON.stringify({ firstEdit, sent })}\n`)
  const rest = 1000 - (Date.now() - second)
  if (rest > 0) await new Promise((r) => setTimeout(r, rest))
}
process.stdout.write(`${JSON.stringify({ done: { sent, failed, seconds: (Date.now() - started) / 1000 } })}\n`)

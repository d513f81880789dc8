// The load bench's writer, in its own process so that making the edits does not count as the
// engine's work: edits ConfigMaps at a steady rate and reports every edit (its app, namespace,
// name and when the write began: the start of that edit's status lag) and how many writes the
// API servers have taken so far.
// Input (the JSON file argv[2] names): { kubeconfig, rate, seconds, targets: [{ app, context, namespace, names }] }
// Output: JSON lines appended to the file argv[3] names, every 100 ms. (Lines on stdout reached
// the bench only when this process exited, all at once, so every lag measured the whole run.)
import { appendFileSync, readFileSync } from 'node:fs'
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
const report = (message: unknown) => appendFileSync(process.argv[3]!, `${JSON.stringify(message)}\n`)
const contexts = new KubeContexts()
const clients = new Map<string, KubernetesObjectApi>()
const clientFor = (context: string) => clients.get(context) ?? clients.set(context, KubernetesObjectApi.makeApiClient(contexts.configFor(context))).get(context)!
const limit = pLimit(64)

const started = Date.now()
let sent = 0
let failed = 0
let n = 0
/** Edits the API server took since the last report: [app, namespace, name, when the write began]. */
let edits: [string, string, string, number][] = []
const flush = () => {
  report({ edits, sent })
  edits = []
}
const reporter = setInterval(flush, 100)
while (Date.now() - started < input.seconds * 1000) {
  const second = Date.now()
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
          edits.push([target.app, target.namespace, name, at])
        } catch {
          failed++
        }
      }),
    )
  }
  await Promise.all(writes)
  const rest = 1000 - (Date.now() - second)
  if (rest > 0) await new Promise((r) => setTimeout(r, rest))
}
clearInterval(reporter)
flush()
report({ done: { sent, failed, seconds: (Date.now() - started) / 1000 } })

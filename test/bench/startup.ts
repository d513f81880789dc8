import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import YAML from 'yaml'
import { startWebHarnessProcess } from '../e2e/browser'
import type { FixtureRepo } from '../ground/git-fixture'
import { type Figures, timed } from './figures'

interface Ground {
  kubeconfig: string
  kubectl: string
  repo: FixtureRepo
  work: string
}

const appYaml = (name: string, repo: string) => YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo, path: 'guestbook' }, destination: { name: 'ground-1', namespace: name } } })

/**
 * Start-up costs a user feels, with the repo built: the CLI's quick commands (beside `kubectl
 * version --client`), and the web harness from start to a working API with 100 stored apps,
 * and its memory then.
 */
export async function startupBench(figures: Figures, ground: Ground): Promise<void> {
  const dataDir = mkdtempSync(join(ground.work, 'startup-'))
  const appsFile = join(ground.work, 'startup-apps.yaml')
  writeFileSync(appsFile, Array.from({ length: 100 }, (_, i) => appYaml(`s-${i}`, ground.repo.url)).join('---\n'))
  const env = { ...process.env, GITOPS_DESK_DATA: dataDir, KUBECONFIG: ground.kubeconfig }
  const cli = (args: string[], input?: string) => {
    const run = spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 60_000, ...(input ? { input } : {}) })
    if (run.status !== 0) throw new Error(`gitops-desk ${args.join(' ')}: ${run.stderr}`)
  }
  cli(['app', 'add', '-f', appsFile])
  const deployment = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 } })
  const runs = 7
  figures.record('cli.version.ms', (await timed(runs, async () => cli(['--version']))).median, 'ms')
  figures.record('cli.app-list-offline.100-apps.ms', (await timed(runs, async () => cli(['app', 'list', '--offline']))).median, 'ms')
  figures.record('cli.health-stdin.ms', (await timed(runs, async () => cli(['health', '-'], deployment))).median, 'ms')
  // A kind only Argo CD's bundled script judges: the index, its script and the Lua VM's start.
  const rollout = JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', generation: 1 }, spec: { replicas: 1, strategy: { canary: {} } }, status: { observedGeneration: '1', phase: 'Healthy', replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 } })
  figures.record('cli.health-stdin.rollout.ms', (await timed(runs, async () => cli(['health', '-'], rollout))).median, 'ms')
  figures.record('cli.version.kubectl.ms', (await timed(runs, async () => execFileSync(ground.kubectl, ['version', '--client']))).median, 'ms')

  const times: number[] = []
  const rss: number[] = []
  for (let run = 0; run < 3; run++) {
    const start = performance.now()
    const harness = await startWebHarnessProcess(env)
    rss.push(rssOf(harness.process.pid!))
    const url = new URL(harness.url)
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { headers: { Origin: url.origin } })
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'listApps', args: [] })))
      ws.on('message', (data) => {
        const reply = JSON.parse(String(data)) as { id?: number; ok?: boolean; value?: unknown[] }
        if (reply.id !== 1) return
        ws.close()
        if (reply.ok && reply.value?.length === 100) resolve()
        else reject(new Error(`listApps answered ${String(data).slice(0, 200)}`))
      })
      ws.once('error', reject)
    })
    times.push(performance.now() - start)
    // Then the loop's first pass over the 100 apps loads the Kubernetes client and the caches.
    if (run === 0) {
      await waitForStatuses(url, 100)
      figures.record('startup.rss.after-first-pass.mb', rssOf(harness.process.pid!), 'MB')
    }
    await harness.stop()
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  figures.record('startup.ms', median(times), 'ms')
  figures.record('startup.rss.mb', median(rss), 'MB')
}

/** Asks listApps until every app has a status (its first compare is done). */
async function waitForStatuses(url: URL, count: number): Promise<void> {
  const deadline = Date.now() + 120_000
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { headers: { Origin: url.origin } })
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
  try {
    for (let id = 1; Date.now() < deadline; id++) {
      const reply = await new Promise<{ value?: { status: unknown }[] }>((resolve) => {
        ws.on('message', function onMessage(data) {
          const parsed = JSON.parse(String(data)) as { id?: number; value?: { status: unknown }[] }
          if (parsed.id !== id) return
          ws.off('message', onMessage)
          resolve(parsed)
        })
        ws.send(JSON.stringify({ id, method: 'listApps', args: [] }))
      })
      if ((reply.value ?? []).filter((a) => a.status).length >= count) return
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error('the first pass over the apps did not finish in 2 minutes')
  } finally {
    ws.close()
  }
}

/** A process's resident memory (Linux /proc), in MB. */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb ?? 0) / 1024
}

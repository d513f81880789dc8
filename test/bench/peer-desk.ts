// The desk's side of the Argo CD peer bench (argocd-peer.ts), in a process of its own: its CPU
// and resident memory are read from /proc by the parent, as the application controller's are.
// Started by BenchChild with { dataDir, repoURL, apps, helm, kustomize }.
import { mkdirSync } from 'node:fs'
import v8 from 'node:v8'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import { MemorySecrets } from '../support/memory-secrets'
import { now, serveParent } from './child-serve'
import { until } from './poll'

const config = JSON.parse(process.argv[2]!) as { dataDir: string; repoURL: string; apps: number; helm: string; kustomize: string }
mkdirSync(config.dataDir, { recursive: true })
const desk = openDesk({ dataDir: config.dataDir, secrets: new MemorySecrets(), start: false, controller: { autoSync: false, concurrency: 10 } })
await desk.engine.loadContexts()
const source = { repoURL: config.repoURL, path: 'ten', targetRevision: 'HEAD' }
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: config.helm, kustomizePath: config.kustomize, activeContext: 'ground-1' }))
desk.engine.store.update((d) => void (d.apps = Array.from({ length: config.apps }, (_, i) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `pd-${i}` }, spec: { source, destination: { name: 'ground-1', namespace: `pd-${i}` }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))))
const controller = desk.controller()
const client = desk.engine.client('ground-1')
const names = () => desk.apps().map((a) => a.metadata.name)
// The re-diffs that found each app OutOfSync (the per-object path's stages, on this process's clock), the last few.
const driftSamples = new Map<string, { receivedAt: number; startedAt: number; diffedAt: number; publishedAt: number }[]>()
controller.drift.onSample((sample) => {
  if (sample.sync !== 'OutOfSync') return
  const kept = driftSamples.get(sample.app) ?? []
  driftSamples.set(sample.app, [...kept.slice(-4), sample])
})
const wall = (at: number) => performance.timeOrigin + at
const all = (check: (s: { sync: string; revision: string }) => boolean) => names().every((name) => { const s = controller.status(name); return !!s && check(s) })

serveParent(
  {
    /** From nothing: the loop starts, every app is synced, until all read Synced. Answers when (wall clock, ms). */
    cold: async () => {
      controller.start()
      await Promise.all(names().map(async (name) => (await desk.sync(name, {}), await desk.waitForOperation(name))))
      await until('GitOps Desk: every app Synced', () => all((s) => s.sync === 'Synced'), 600_000, 250)
      return now()
    },
    /** Until the app reads OutOfSync (after a live edit the parent made). Answers when, and when the watch event, diff and publish were (wall clock). */
    outOfSync: async ({ app, since }: { app: string; since: number }) => {
      await until(`GitOps Desk sees the edit of ${app}`, () => controller.status(app)?.sync === 'OutOfSync', 120_000, 20)
      const at = now()
      // The first re-diff of a watch event after the edit began (the apps were OutOfSync before the cold sync too).
      const sample = driftSamples.get(app)?.find((s) => wall(s.receivedAt) >= since)
      return { at, ...(sample ? { watchAt: wall(sample.receivedAt), diffMs: sample.diffedAt - sample.startedAt, publishMs: sample.publishedAt - sample.diffedAt } : {}) }
    },
    /** A new commit: every app is refreshed (as a webhook asks), until all compare `head`. Answers when it began and ended, each stage's time and the requests sent. */
    refreshAll: async ({ head }: { head: string }) => {
      const started = now()
      controller.stages.reset()
      const requestsBefore = client.requests
      await Promise.all(names().map((name) => controller.refresh(name)))
      await until('GitOps Desk compares the new commit', () => all((s) => s.revision === head), 300_000, 50)
      return { started, ended: now(), stages: controller.stages.snapshot(), requests: client.requests - requestsBefore }
    },
    /** Until the desk lists Argo CD's app `name` (with Argo CD's sync status `sync`, when given), as its app list shows Argo CD's apps. Answers when. */
    argoAppShown: async ({ name, sync }: { name: string; sync?: string }) => {
      await until(`GitOps Desk lists Argo CD's ${name}`, async () => (await desk.argoBackends.apps()).some((a) => a.name === name && (!sync || a.sync.status === sync)), 120_000, 20)
      return now()
    },
    /** Where this process's memory is: V8's heap by space, off-heap buffers, and what the engine holds. */
    memory: () => {
      const usage = process.memoryUsage()
      const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_used_size / 1024 / 1024)]))
      return { rss: usage.rss, heapTotal: usage.heapTotal, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, spaces, liveObjects: desk.engine.liveCache('ground-1').size }
    },
    /** A heap snapshot, to see what holds the memory (BENCH_HEAP_SNAPSHOT names the file). */
    heapSnapshot: ({ file }: { file: string }) => v8.writeHeapSnapshot(file),
  },
  () => desk.close(),
)

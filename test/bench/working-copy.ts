import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import type { WorkingCopyState } from '../../shared/model'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import type { Figures } from './figures'

const saves = 21

/** A Kustomize app of 50 resources (20 Deployments, 20 Services, 10 ConfigMaps): a base and an overlay. */
export function kustomizeApp50(repo: FixtureRepo): void {
  const base = join(repo.dir, 'wc', 'base')
  const overlay = join(repo.dir, 'wc', 'overlays', 'dev')
  mkdirSync(base, { recursive: true })
  mkdirSync(overlay, { recursive: true })
  const docs: unknown[] = []
  for (let i = 0; i < 20; i++) {
    const labels = { app: `web-${i}` }
    docs.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}` }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } })
    docs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${i}` }, spec: { selector: labels, ports: [{ port: 80 }] } })
  }
  writeFileSync(join(base, 'apps.yaml'), docs.map((d) => YAML.stringify(d)).join('---\n'))
  writeFileSync(join(base, 'kustomization.yaml'), 'resources:\n- apps.yaml\n- config.yaml\n')
  configs(join(base, 'config.yaml'), 'committed')
  writeFileSync(join(overlay, 'kustomization.yaml'), 'resources:\n- ../../base\ncommonLabels:\n  env: dev\n')
  repo.commit('working-copy bench app')
}

function configs(file: string, value: string): void {
  writeFileSync(file, Array.from({ length: 10 }, (_, i) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${i}` }, data: { value } })).join('---\n'))
}

/**
 * A save in a working copy of a 50-resource Kustomize app → the diff against live published
 * (FolderWatcher's debounce, git status and digest, kustomize build, compare with the watch
 * cache): from the file's write to the `working-copy` event that carries the new diff.
 */
export async function workingCopyBench(figures: Figures, env: { kustomize: string; helm: string; work: string }): Promise<void> {
  const repo = FixtureRepo.create([])
  kustomizeApp50(repo)
  const checkout = join(env.work, 'wc-checkout')
  execFileSync('git', ['clone', '--quiet', repo.url, checkout])
  const root = realpathSync(checkout)
  const desk = openDesk({ dataDir: mkdtempSync(join(env.work, 'data-wc-')), secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: { autoSync: false } })
  try {
    desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: env.helm, kustomizePath: env.kustomize, activeContext: 'ground-1' }))
    const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'bench-wc' }, spec: { source: { repoURL: repo.url, path: 'wc/overlays/dev' }, destination: { name: 'ground-1', namespace: 'bench-wc' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
    desk.engine.store.update((d) => void (d.apps = [app]))
    await desk.engine.operations.start(app, {}, { initiator: 'cli', pollMs: 250 })
    const synced = await desk.engine.operations.wait('bench-wc')
    if (synced?.phase !== 'Succeeded') throw new Error(`working-copy bench: the first sync ${synced?.phase}: ${synced?.message}`)
    let latest: WorkingCopyState | null = null
    let arrived: (() => void) | null = null
    const unsubscribe = desk.subscribe((events) => {
      for (const e of events) {
        if (e.type !== 'working-copy' || !e.state || e.state.rendering) continue
        latest = e.state
        arrived?.()
      }
    })
    const first = await desk.workingCopies.use('bench-wc', root)
    if (first.error || !first.diff) throw new Error(`working-copy bench: the first render failed: ${first.error?.message}`)
    const times: number[] = []
    for (let save = 0; save < saves; save++) {
      const value = `edit ${save}`
      const shown = new Promise<void>((resolve) => {
        arrived = () => {
          const diff = (latest as WorkingCopyState | null)?.diff
          if (diff?.resources.some((r) => r.key === '/ConfigMap/bench-wc/settings-0' && r.targetYaml?.includes(value))) resolve()
        }
      })
      const start = performance.now()
      configs(join(root, 'wc', 'base', 'config.yaml'), value)
      await shown
      // The first save warms kustomize's and the dry run's caches: not counted.
      if (save > 0) times.push(performance.now() - start)
    }
    unsubscribe()
    times.sort((a, b) => a - b)
    figures.record('working-copy.save-to-diff.p50.ms', times[Math.floor(times.length * 0.5)]!, 'ms')
    figures.record('working-copy.save-to-diff.p95.ms', times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!, 'ms')
    figures.record('working-copy.resources', first.diff.resources.length, 'resources')
  } finally {
    await desk.close()
    repo.remove()
  }
}

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { openDesk } from '../../main/api/desk'
import type { GroundBinaries } from '../ground/build'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import type { Figures } from './figures'

/**
 * An ApplicationSet of 200 apps over 2 clusters (Git directories × a clusters selector):
 * generating it (default templating and goTemplate), applying it (200 apps stored), and the first
 * reconcile of every generated app (render, compare with the clusters).
 */
export async function appsetBench(figures: Figures, options: { bin: GroundBinaries; work: string }): Promise<void> {
  const repo = FixtureRepo.create([])
  for (let i = 0; i < 100; i++) {
    mkdirSync(join(repo.dir, 'teams', `team-${i}`), { recursive: true })
    writeFileSync(join(repo.dir, 'teams', `team-${i}`, 'cm.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { team: String(i) } }))
  }
  repo.commit('100 teams')
  const desk = openDesk({ dataDir: mkdtempSync(join(options.work, 'appset-')), secrets: new MemorySecrets(), start: false, controller: { concurrency: 10, autoSync: false } })
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: options.bin.helm, kustomizePath: options.bin.kustomize }))
  for (const context of ['ground-1', 'ground-2']) await desk.labelCluster(context, { bench: 'yes' }, [])
  const spec = (go: boolean) => ({
    goTemplate: go,
    generators: [{ matrix: { generators: [{ git: { repoURL: repo.url, revision: 'HEAD', directories: [{ path: 'teams/*' }] } }, { clusters: { selector: { matchLabels: { bench: 'yes' } } } }] } }],
    template: {
      metadata: { name: go ? '{{ .path.basename }}-{{ .name }}' : '{{path.basename}}-{{name}}', labels: { team: go ? '{{ .path.basename | upper | lower }}' : '{{path.basename}}' } },
      spec: { project: 'default', source: { repoURL: repo.url, targetRevision: 'HEAD', path: go ? '{{ .path.path }}' : '{{path}}' }, destination: { name: go ? '{{ .name }}' : '{{name}}', namespace: go ? '{{ .path.basename }}' : '{{path.basename}}' } },
    },
  })
  const save = (go: boolean) => desk.appsets.save(YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'bench' }, spec: spec(go) }), 'bench.yaml')[0]!
  await desk.appsets.preview(save(true)) // loads the Go renderer and fetches the repo once
  for (const go of [false, true]) {
    const appset = save(go)
    const start = performance.now()
    const plan = await desk.appsets.preview(appset)
    figures.record(`appset.generate.200.${go ? 'go' : 'fast'}.ms`, performance.now() - start, 'ms')
    if (plan.apps.length !== 200) throw new Error(`the bench ApplicationSet generated ${plan.apps.length} apps, not 200`)
  }
  let start = performance.now()
  const applied = await desk.appsets.apply('bench')
  figures.record('appset.apply.200.ms', performance.now() - start, 'ms')
  if (applied.create.length !== 200) throw new Error(`apply created ${applied.create.length} apps`)
  start = performance.now()
  const statuses = await desk.controller().reconcileAll()
  figures.record('appset.reconcile.200.ms', performance.now() - start, 'ms')
  figures.record('appset.reconcile.200.outofsync', statuses.filter((s) => s.sync === 'OutOfSync').length, 'apps')
  const fast = figures.get('appset.generate.200.fast.ms')
  const go = figures.get('appset.generate.200.go.ms')
  if (fast && go) figures.record('ratio.appset.generate.go.vs.fast', go / fast, 'x')
  await desk.close()
  repo.remove()
}

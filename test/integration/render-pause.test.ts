import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { Engine } from '../../main/engine/reconcile/engine'
import { ReconcileController } from '../../main/engine/reconcile/controller'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'

// Argo CD's repo server pauses a render that failed 3 times in a row (same input) and answers its
// last error instead, so a broken app cannot keep the tools busy on every refresh; a hard refresh
// renders again. Seen here through the reconcile controller, with the real helm behind a wrapper
// that counts its `helm template` runs.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig

const work = mkdtempSync(join(tmpdir(), 'gitops-desk-render-pause-'))
const runs = join(work, 'helm-template-runs')
const helm = join(work, 'helm')
writeFileSync(helm, `#!/bin/sh\nif [ "$1" = template ]; then echo run >> '${runs}'; fi\nexec '${bin.helm}' "$@"\n`)
chmodSync(helm, 0o755)
const templateRuns = () => (readFileSync(runs, { encoding: 'utf8', flag: 'a+' }).match(/run/g) ?? []).length

const repo = FixtureRepo.create([])
function writeChart(template: string): string {
  mkdirSync(join(repo.dir, 'broken/templates'), { recursive: true })
  writeFileSync(join(repo.dir, 'broken/Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n')
  writeFileSync(join(repo.dir, 'broken/templates/cm.yaml'), template)
  return repo.commit('the chart')
}
writeChart('{{ fail "broken on purpose" }}\n')

const engine = new Engine({ dataDir: join(work, 'data'), secrets: new MemorySecrets(), syncPollMs: 250 })
engine.store.update((d) => {
  Object.assign(d.settings, { helmPath: helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' })
  d.apps = [Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'paused' }, spec: { source: { repoURL: repo.url, path: 'broken' }, destination: { name: 'ground-1', namespace: 'paused' } } })]
})
const controller = new ReconcileController(engine, { autoSync: false })

afterAll(async () => {
  await controller.stop()
  await engine.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
  rmSync(work, { recursive: true, force: true })
})

const errorOf = async (hard = false) => {
  const status = await controller.refresh('paused', { hard })
  return status?.conditions?.find((c) => c.type === 'ComparisonError')?.message ?? ''
}

describe('a render that keeps failing is paused, as Argo CD pauses manifest generation', () => {
  it('renders 3 times, then answers the last error without running helm; a hard refresh runs it again; a fix renders at once', async () => {
    for (const attempt of [1, 2, 3]) {
      const message = await errorOf()
      expect(message).toMatch(/broken on purpose/)
      expect(message).not.toMatch(/paused/)
      expect(templateRuns()).toBe(attempt)
    }
    for (let i = 0; i < 2; i++) {
      const message = await errorOf()
      expect(message).toMatch(/broken on purpose.*\(rendering paused after 3 failed attempts until \d\d:\d\d; a hard refresh tries again\)$/s)
      expect(templateRuns()).toBe(3)
    }
    const hard = await errorOf(true)
    expect(hard).toMatch(/broken on purpose/)
    expect(hard).not.toMatch(/paused/)
    expect(templateRuns()).toBe(4)
    expect(await errorOf()).toMatch(/rendering paused after 4 failed attempts/)
    expect(templateRuns()).toBe(4)

    // A new commit is a new render input: it renders, and succeeds.
    writeChart('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fixed\n')
    const status = await controller.refresh('paused')
    expect(templateRuns()).toBe(5)
    expect(status?.conditions?.some((c) => c.type === 'ComparisonError')).toBe(false)
    expect(status?.resources.map((r) => r.key)).toEqual(['/ConfigMap/paused/fixed'])
  }, 120_000)
})

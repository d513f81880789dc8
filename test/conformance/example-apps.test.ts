import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../ground/memory-secrets'
import { ArgoSide, DeskSide, deviations, differences, type Observed } from './sides'

// Argo CD itself as the reference: each case is one app given to the ground's Argo CD and to
// GitOps Desk against the same cluster (namespaces argo-CASE and desk-CASE), synced by both, and
// compared field by field. A difference fails unless docs/deviations.md lists it with its reason.
const bin = inject('groundBinaries')
const kubeconfig = inject('kubeconfig')
const argo = new ArgoSide(bin.kubectl, kubeconfig, inject('argocdNamespace'))
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-conformance-'))
const desk = openDesk({ dataDir, secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: { autoSync: false } })
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize }))
const ours = new DeskSide(desk)
const apps = ['guestbook', 'kustomize-guestbook', 'helm-guestbook', 'sync-waves', 'pre-post-sync', 'helm-hooks']
const repo = FixtureRepo.create(apps)
const listed = deviations()
const used = new Set<string>()

afterAll(async () => {
  for (const name of apps) argo.delete(`argo-${name}`)
  await desk.close()
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`)
    await sleep(1000)
  }
}

/** Both sides' view once neither is still progressing (pods starting, hooks running). */
async function settled(name: string): Promise<{ argo: Observed; desk: Observed }> {
  const both = async () => ({ argo: argo.observe(`argo-${name}`), desk: await ours.observe(`desk-${name}`) })
  return until(`${name} settles`, both, (o) => o.argo.health !== 'Progressing' && o.desk.health !== 'Progressing' && o.argo.sync !== '' && Object.keys(o.argo.resources).length > 0)
}

/** Fails on each difference that docs/deviations.md does not list for this case. */
function agree(name: string, stage: string, observed: { argo: Observed; desk: Observed }): void {
  const unlisted: string[] = []
  for (const [field, values] of differences(observed.argo, observed.desk)) {
    const row = listed.find((d) => (d.case === name || d.case === '*') && d.field.test(`${stage} ${field}`) && d.values === values)
    if (row) used.add(row.text)
    else unlisted.push(`${stage} ${field}: ${values} (Argo CD → GitOps Desk)`)
  }
  expect(unlisted, `${name}: differences from Argo CD not in docs/deviations.md`).toEqual([])
}

describe.each(apps)('conformance: %s', (name) => {
  const spec = (destination: Record<string, string>) => ({ project: 'default', source: { repoURL: repo.url, path: name, targetRevision: 'HEAD' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })

  it('agrees before the sync, after the sync (operation, results, live state) and after a foreign edit', { timeout: 600_000 }, async () => {
    argo.apply(`argo-${name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${name}` }))
    ours.apply(`desk-${name}`, spec({ name: 'ground-1', namespace: `desk-${name}` }))
    const before = { argo: await until(`Argo CD compares ${name}`, () => argo.observe(`argo-${name}`), (o) => o.sync !== '' && Object.keys(o.resources).length > 0), desk: await ours.observe(`desk-${name}`) }
    agree(name, 'before', before)

    argo.sync(`argo-${name}`, { syncOptions: ['CreateNamespace=true'] })
    await Promise.all([ours.sync(`desk-${name}`), until(`Argo CD syncs ${name}`, () => argo.operationDone(`argo-${name}`), Boolean, 300_000)])
    const synced = await settled(name)
    // Nothing compared vacuously: both sides have resources and a finished operation.
    expect(Object.keys(synced.desk.resources).length).toBeGreaterThan(0)
    expect([synced.argo.operation?.phase, synced.desk.operation?.phase]).not.toContain(undefined)
    agree(name, 'synced', synced)

    // The same hand edit on both sides: every Deployment scaled to 3.
    const deployments = (namespace: string) => argo.kubectl(['-n', namespace, 'get', 'deployments', '-o', 'name']).split('\n').filter(Boolean)
    for (const side of ['argo', 'desk']) for (const d of deployments(`${side}-${name}`)) argo.kubectl(['-n', `${side}-${name}`, 'scale', d, '--replicas=3'])
    if (deployments(`argo-${name}`).length > 0) {
      argo.refresh(`argo-${name}`)
      const edited = await until(`${name} sees the edit`, async () => ({ argo: argo.observe(`argo-${name}`), desk: await ours.observe(`desk-${name}`) }), (o) => o.argo.sync === 'OutOfSync' && o.desk.sync === 'OutOfSync', 60_000)
      agree(name, 'edited', { argo: { ...edited.argo, operation: undefined } as Observed, desk: { ...edited.desk, operation: undefined } as Observed })
    }
  })
})

describe('docs/deviations.md', () => {
  it('lists only differences that still occur', () => {
    expect(listed.filter((d) => !used.has(d.text)).map((d) => d.text), 'deviations that no longer happen: remove them').toEqual([])
  })
})

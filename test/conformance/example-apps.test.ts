import { afterAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import type { Observed } from './sides'
import { Conformance } from './suite'

// Argo CD itself as the reference: each case is one app given to the ground's Argo CD and to
// GitOps Desk against the same cluster (namespaces argo-CASE and desk-CASE), synced by both, and
// compared field by field. A difference fails unless docs/deviations.md lists it with its reason.
const suite = new Conformance(inject('groundBinaries'), inject('kubeconfig'), inject('argocdNamespace'))
const apps = ['guestbook', 'kustomize-guestbook', 'helm-guestbook', 'sync-waves', 'pre-post-sync', 'helm-hooks']
const repo = FixtureRepo.create(apps)

afterAll(async () => {
  await suite.close(apps)
  repo.remove()
})

describe.each(apps)('conformance: %s', (name) => {
  const spec = (destination: Record<string, string>) => ({ project: 'default', source: { repoURL: repo.url, path: name, targetRevision: 'HEAD' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })

  it('agrees before the sync, after the sync (operation, results, live state) and after a foreign edit', { timeout: 600_000 }, async () => {
    suite.argo.apply(`argo-${name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${name}` }))
    suite.desk.apply(`desk-${name}`, spec({ name: 'ground-1', namespace: `desk-${name}` }))
    const before = { argo: await suite.until(`Argo CD compares ${name}`, () => suite.argo.observe(`argo-${name}`), (o) => o.sync !== '' && Object.keys(o.resources).length > 0), desk: await suite.desk.observe(`desk-${name}`) }
    suite.agree(name, 'before', before)

    await suite.sync(name, { syncOptions: ['CreateNamespace=true'] })
    const synced = await suite.settled(name)
    // Nothing compared vacuously: both sides have resources and a finished operation.
    expect(Object.keys(synced.desk.resources).length).toBeGreaterThan(0)
    expect([synced.argo.operation?.phase, synced.desk.operation?.phase]).not.toContain(undefined)
    suite.agree(name, 'synced', synced)

    // The same hand edit on both sides: every Deployment scaled to 3.
    const deployments = (namespace: string) => suite.argo.kubectl(['-n', namespace, 'get', 'deployments', '-o', 'name']).split('\n').filter(Boolean)
    for (const side of ['argo', 'desk']) for (const d of deployments(`${side}-${name}`)) suite.argo.kubectl(['-n', `${side}-${name}`, 'scale', d, '--replicas=3'])
    if (deployments(`argo-${name}`).length > 0) {
      suite.argo.refresh(`argo-${name}`)
      const edited = await suite.until(`${name} sees the edit`, () => suite.both(name), (o) => o.argo.sync === 'OutOfSync' && o.desk.sync === 'OutOfSync', 60_000)
      suite.agree(name, 'edited', { argo: { ...edited.argo, operation: undefined } as Observed, desk: { ...edited.desk, operation: undefined } as Observed })
    }
  })
})

describe('docs/deviations.md', () => {
  it('lists only differences that still occur', () => {
    expect(suite.unused([...apps, '*']), 'deviations that no longer happen: remove them').toEqual([])
  })
})

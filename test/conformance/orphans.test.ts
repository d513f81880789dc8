import { afterAll, describe, expect, inject, it } from 'vitest'
import YAML from 'yaml'
import { FixtureRepo } from '../ground/git-fixture'
import { Conformance } from './suite'

// Orphaned resources: the same AppProject (orphanedResources warn, an ignore entry) on both sides,
// the same objects no app manages put in each side's namespace; both must say the same
// OrphanedResourceWarning, and nothing once they are gone.
const suite = new Conformance(inject('groundBinaries'), inject('kubeconfig'), inject('argocdNamespace'))
const repo = FixtureRepo.create(['guestbook'])
const name = 'orphans'
const project = { sourceRepos: ['*'], destinations: [{ server: '*', name: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }], orphanedResources: { warn: true, ignore: [{ group: '', kind: 'Secret' }] } }
afterAll(async () => {
  await suite.close([name])
  suite.argo.kubectl(['-n', inject('argocdNamespace'), 'delete', 'appproject', 'conformance-orphans', '--ignore-not-found'])
  repo.remove()
})

/** The OrphanedResourceWarning of each side ('' for none). */
async function warnings(): Promise<{ argo: string; desk: string }> {
  const app = JSON.parse(suite.argo.kubectl(['-n', inject('argocdNamespace'), 'get', 'application', `argo-${name}`, '-o', 'json'])) as { status?: { conditions?: { type: string; message: string }[] } }
  const status = await suite.desk.desk.refresh(`desk-${name}`)
  const of = (conditions: { type: string; message: string }[] | undefined) => conditions?.find((c) => c.type === 'OrphanedResourceWarning')?.message ?? ''
  return { argo: of(app.status?.conditions), desk: of(status?.conditions) }
}

describe('conformance: orphaned resources', () => {
  it('both warn of the same orphans (a ConfigMap; a Deployment with its ReplicaSet and Pod), skip ignored kinds and the namespace defaults, and stop warning when they go', { timeout: 600_000 }, async () => {
    suite.argo.kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'conformance-orphans', namespace: inject('argocdNamespace') }, spec: project }))
    suite.desk.desk.saveYaml(YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'conformance-orphans' }, spec: project }), 'project.yaml')
    const spec = (destination: object) => ({ project: 'conformance-orphans', source: { repoURL: repo.url, path: 'guestbook' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })
    suite.argo.apply(`argo-${name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${name}` }))
    suite.desk.apply(`desk-${name}`, spec({ name: 'ground-1', namespace: `desk-${name}` }))
    await suite.sync(name, { syncOptions: ['CreateNamespace=true'] })
    await suite.settled(name)
    expect(await warnings()).toEqual({ argo: '', desk: '' })

    for (const side of ['argo', 'desk']) {
      const ns = `${side}-${name}`
      suite.argo.kubectl(['-n', ns, 'create', 'configmap', 'stray', '--from-literal=a=b'])
      suite.argo.kubectl(['-n', ns, 'create', 'secret', 'generic', 'ignored', '--from-literal=a=b'])
      suite.argo.kubectl(['-n', ns, 'create', 'deployment', 'stray-web', '--image=nginx'])
    }
    const seen = await suite.until('both warn of 4 orphans', async () => {
      suite.argo.refresh(`argo-${name}`)
      return warnings()
    }, (w) => w.argo !== '' && w.desk !== '' && /\d+/.test(w.argo) && w.argo.includes('4'), 120_000)
    expect(seen.desk).toBe(seen.argo)
    expect(seen.argo).toBe('Application has 4 orphaned resources')

    for (const side of ['argo', 'desk']) suite.argo.kubectl(['-n', `${side}-${name}`, 'delete', 'configmap/stray', 'deployment/stray-web', '--wait=true'])
    const gone = await suite.until('both stop warning', async () => {
      suite.argo.refresh(`argo-${name}`)
      return warnings()
    }, (w) => w.argo === '' && w.desk === '', 120_000)
    expect(gone).toEqual({ argo: '', desk: '' })
  })
})

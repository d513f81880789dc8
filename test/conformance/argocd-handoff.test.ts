import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import type { DeskService } from '../../main/engine/service/desk-service'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import { FixtureRepo } from '../ground/git-fixture'
import { startGitHttpServer, type GitHttpServer } from '../ground/git-http-server'
import { ArgoSide } from './sides'
import { until } from './suite'

// Moving between the two tools: a running Argo CD brought into an empty desk (apps, a project, a
// private repository, a cluster Secret; secrets into the real keychain), and apps synced by the
// desk handed over to Argo CD with the credentials they need. Both against the ground's Argo CD.
const bin = inject('groundBinaries')
const namespace = inject('argocdNamespace')
const argo = new ArgoSide(bin.kubectl, inject('kubeconfig'), namespace)
const password = `pw-${randomBytes(12).toString('hex')}`
const publicRepo = FixtureRepo.create(['guestbook'])
const privateRepo = FixtureRepo.create(['guestbook'])
const keychain = new KeychainSecrets(`gitops-desk-test-${randomBytes(4).toString('hex')}`)
const desks: { desk: DeskService; dir: string }[] = []
let server: GitHttpServer
let privateUrl: string

const openEmptyDesk = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-handoff-'))
  const desk = openDesk({ dataDir: dir, secrets: keychain, start: false, syncPollMs: 250, controller: { autoSync: false } })
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize }))
  desks.push({ desk, dir })
  return desk
}
const kubeconfigJson = () => JSON.parse(argo.kubectl(['config', 'view', '--raw', '-o', 'json'])) as { clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[]; users: { name: string; user: { token?: string } }[] }
const argoStatus = (name: string) => {
  const observed = argo.observe(name)
  return { sync: observed.sync, health: observed.health, resources: Object.keys(observed.resources).sort() }
}

beforeAll(async () => {
  server = await startGitHttpServer(dirname(privateRepo.dir), 'alice', password)
  privateUrl = `${server.baseUrl}/${basename(privateRepo.dir)}/.git`
})

afterAll(async () => {
  for (const name of ['imp-public', 'imp-private', 'exp-public', 'exp-private']) argo.delete(name)
  argo.kubectl(['-n', namespace, 'delete', 'secret,appproject', '-l', 'gitops-desk-test=handoff', '--ignore-not-found'])
  argo.kubectl(['-n', namespace, 'delete', 'secret', '-l', 'app.kubernetes.io/part-of=argocd,argocd.argoproj.io/secret-type', '--field-selector', 'metadata.name!=argocd-secret', '--ignore-not-found'])
  for (const { desk, dir } of desks) {
    for (const repo of desk.listRepos()) await desk.removeRepo(repo.url)
    for (const cluster of await desk.listClusters()) if (cluster.imported) await desk.removeCluster(cluster.name)
    await desk.close()
    rmSync(dir, { recursive: true, force: true })
  }
  await server.close()
  publicRepo.remove()
  privateRepo.remove()
})

describe('gitops-desk import argocd', () => {
  it('brings apps, a project, a private repository and a cluster Secret into an empty desk, which then shows the same sync and health', { timeout: 600_000 }, async () => {
    const ground2 = kubeconfigJson().clusters.find((c) => c.name === 'ground-2')!.cluster
    const token = kubeconfigJson().users.find((u) => u.name === 'ground-2-admin')!.user.token!
    const label = { 'gitops-desk-test': 'handoff' }
    const objects = [
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'handoff', namespace, labels: label }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'handoff-private-repo', namespace, labels: { ...label, 'argocd.argoproj.io/secret-type': 'repository' } }, stringData: { type: 'git', url: privateUrl, username: 'alice', password } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'handoff-ground-2', namespace, labels: { ...label, 'argocd.argoproj.io/secret-type': 'cluster' } }, stringData: { name: 'handoff-ground-2', server: ground2.server, config: JSON.stringify({ bearerToken: token, tlsClientConfig: { caData: ground2['certificate-authority-data'] } }) } },
    ]
    argo.kubectl(['apply', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'))
    const automated = { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] }
    argo.apply('imp-public', { project: 'default', source: { repoURL: publicRepo.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'imp-public' }, syncPolicy: automated })
    argo.apply('imp-private', { project: 'handoff', source: { repoURL: privateUrl, path: 'guestbook' }, destination: { server: ground2.server, namespace: 'imp-private' }, syncPolicy: automated })
    for (const name of ['imp-public', 'imp-private']) await until(`Argo CD syncs ${name}`, () => argoStatus(name), (s) => s.sync === 'Synced' && s.health === 'Healthy')

    const desk = openEmptyDesk()
    const plan = await desk.importArgoCD('ground-1', namespace)
    expect(plan.apps.map((a) => a.name)).toEqual(expect.arrayContaining(['imp-public', 'imp-private']))
    expect(plan.apps.find((a) => a.name === 'imp-public')?.destination).toBe('ground-1/imp-public')
    expect(plan.projects.map((p) => p.name)).toContain('handoff')
    expect(plan.repositories).toContainEqual({ url: privateUrl, type: 'git', secret: 'handoff-private-repo' })
    expect(plan.clusters).toContainEqual({ name: 'handoff-ground-2', server: ground2.server, secret: 'handoff-ground-2' })
    expect(JSON.stringify(plan)).not.toContain(password)
    expect(desk.apps()).toEqual([]) // a plan adds nothing

    await desk.importArgoCD('ground-1', namespace, true)
    expect(desk.listRepos().find((r) => r.url === privateUrl)).toMatchObject({ username: 'alice', hasPassword: true })
    expect((await desk.listClusters()).find((c) => c.name === 'handoff-ground-2')).toMatchObject({ imported: true, reachable: true })
    for (const name of ['imp-public', 'imp-private']) {
      const status = await desk.refresh(name)
      expect({ sync: status?.sync, health: status?.health, resources: status?.resources.map((r) => r.key.split('/').filter((_, i) => i !== 2).join('/')).sort() }, name).toEqual(argoStatus(name))
    }
  })
})

describe('gitops-desk export argocd', () => {
  it('hands two synced apps over: Argo CD shows them Synced and Healthy with the same resources, the private repository as an Argo CD Secret', { timeout: 600_000 }, async () => {
    const desk = openEmptyDesk()
    await desk.saveRepo({ url: privateUrl, scope: 'repository', username: 'alice', password, insecure: false, type: 'git', enableOCI: false })
    const spec = (repoURL: string, cluster: string, ns: string) => ({ project: 'default', source: { repoURL, path: 'guestbook', targetRevision: 'HEAD' }, destination: { name: cluster, namespace: ns }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })
    desk.saveYaml([JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'exp-public' }, spec: spec(publicRepo.url, 'ground-1', 'exp-public') }), JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'exp-private' }, spec: spec(privateUrl, 'ground-2', 'exp-private') })].join('\n---\n'), 'apps.yaml')
    for (const name of ['exp-public', 'exp-private']) {
      await desk.sync(name, {})
      expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
      await until(`${name} is healthy here`, () => desk.refresh(name), (s) => s?.health === 'Healthy' && s.sync === 'Synced')
    }

    const plan = await desk.exportArgoCD('ground-1', namespace, ['exp-public', 'exp-private'])
    expect(plan.secrets.map((s) => s.type).sort()).toEqual(['cluster', 'cluster', 'repository'])
    expect(plan.secrets.find((s) => s.type === 'repository')?.for).toBe(privateUrl)
    expect(JSON.stringify(plan)).not.toContain(password)
    await desk.exportArgoCD('ground-1', namespace, ['exp-public', 'exp-private'], true)

    for (const name of ['exp-public', 'exp-private']) {
      const ours = (await desk.refresh(name))!.resources.map((r) => r.key.split('/').filter((_, i) => i !== 2).join('/')).sort()
      const theirs = await until(`Argo CD compares ${name}`, () => argoStatus(name), (s) => s.sync === 'Synced' && s.health === 'Healthy')
      expect(theirs.resources).toEqual(ours)
    }
    const secrets = JSON.parse(argo.kubectl(['-n', namespace, 'get', 'secrets', '-l', 'argocd.argoproj.io/secret-type=repository', '-o', 'json'])) as { items: { data: Record<string, string> }[] }
    const decoded = secrets.items.map((s) => Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])))
    expect(decoded).toContainEqual(expect.objectContaining({ url: privateUrl, username: 'alice', password }))
  })
})

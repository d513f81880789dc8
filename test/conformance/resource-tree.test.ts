import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, inject, it } from 'vitest'
import YAML from 'yaml'
import { readState } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { Conformance } from './suite'

// The resource tree: the same app (a Deployment and a Service; a StatefulSet with a claim
// template and its headless Service) on both sides. Argo CD keeps each app's tree in its redis
// (gzipped JSON, as its controller writes it); both trees must have
// the same shape: Service → EndpointSlice (owner references), StatefulSet → Pod,
// ControllerRevision and PersistentVolumeClaim (the claim templates' names), Deployment →
// ReplicaSet → Pod.
const suite = new Conformance(inject('groundBinaries'), inject('kubeconfig'), inject('argocdNamespace'))
const name = 'tree'
const repo = FixtureRepo.create([])
const labels = (app: string) => ({ matchLabels: { app } })
const podTemplate = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: app, image: 'nginx:1.27' }] } })
const manifests = [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: labels('web'), template: podTemplate('web') } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', replicas: 2, podManagementPolicy: 'Parallel', selector: labels('db'), template: podTemplate('db'), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } },
]
mkdirSync(join(repo.dir, 'tree'))
writeFileSync(join(repo.dir, 'tree', 'app.yaml'), manifests.map((m) => YAML.stringify(m)).join('---\n'))
repo.commit('tree app')

afterAll(async () => {
  await suite.close([name])
  repo.remove()
})

interface ArgoTreeNode {
  group?: string
  kind: string
  name: string
  parentRefs?: { group?: string; kind: string; name: string }[]
}

/** Argo CD's tree of an app, read from its redis as the API server would. */
function argoTree(app: string): ArgoTreeNode[] {
  const args = readState(inject('groundDir')).argocd!.processes.redis.args
  const port = args[args.indexOf('--port') + 1]!
  // The key ends with Argo CD's cache version (app|resources-tree|<app>|1.8.3.gz); shards add a number before it.
  const key = execFileSync('redis-cli', ['-p', port, '--scan', '--pattern', `app|resources-tree|${app}|*`], { encoding: 'utf8' })
    .split('\n')
    .find((k) => /^app\|resources-tree\|[^|]+\|[^|]+\.gz$/.test(k))
  if (!key) return []
  const raw = execFileSync('redis-cli', ['-p', port, 'GET', key])
  // redis-cli ends its raw answer with a newline of its own.
  if (raw.length <= 1) return []
  return (JSON.parse(gunzipSync(raw.subarray(0, raw.length - 1)).toString('utf8')) as { nodes?: ArgoTreeNode[] }).nodes ?? []
}

/** A tree as `Kind < ParentKind` lines (generated names differ between the sides; the claims' do not), sorted. */
const shape = (nodes: { kind: string; name: string; parent?: string }[]) => nodes.map((n) => `${n.kind}${n.kind === 'PersistentVolumeClaim' ? ` ${n.name}` : ''}${n.parent ? ` < ${n.parent}` : ''}`).sort()

describe('conformance: resource tree', () => {
  it("both trees show a Service's EndpointSlices, a StatefulSet's pods, revisions and claims, a Deployment's ReplicaSet and pods", { timeout: 600_000 }, async () => {
    const spec = (destination: object) => ({ project: 'default', source: { repoURL: repo.url, path: 'tree' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })
    suite.argo.apply(`argo-${name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${name}` }))
    suite.desk.apply(`desk-${name}`, spec({ name: 'ground-1', namespace: `desk-${name}` }))
    await suite.sync(name, { syncOptions: ['CreateNamespace=true'] })
    const trees = await suite.until(
      'both trees show the EndpointSlices and claims',
      async () => {
        suite.argo.refresh(`argo-${name}`)
        const argo = shape(argoTree(`argo-${name}`).map((n) => ({ kind: n.kind, name: n.name, ...(n.parentRefs?.[0] ? { parent: n.parentRefs[0].kind } : {}) })))
        const desk = shape((await suite.desk.desk.resourceTree(`desk-${name}`)).map((n) => ({ kind: n.kind, name: n.name, ...(n.parent ? { parent: n.parent.split('/')[1]! } : {}) })))
        return { argo, desk }
      },
      ({ argo, desk }) => JSON.stringify(argo) === JSON.stringify(desk) && argo.filter((line) => line === 'EndpointSlice < Service').length === 2 && argo.filter((line) => line.startsWith('PersistentVolumeClaim')).length === 2,
      240_000,
    )
    expect(trees.desk).toEqual(trees.argo)
    expect(trees.desk).toEqual([
      'ControllerRevision < StatefulSet',
      'Deployment',
      'EndpointSlice < Service',
      'EndpointSlice < Service',
      'PersistentVolumeClaim data-db-0 < StatefulSet',
      'PersistentVolumeClaim data-db-1 < StatefulSet',
      'Pod < ReplicaSet',
      'Pod < StatefulSet',
      'Pod < StatefulSet',
      'ReplicaSet < Deployment',
      'Service',
      'Service',
      'StatefulSet',
    ])
  })
})

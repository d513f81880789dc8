import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import type { Observed } from './sides'
import { Conformance } from './suite'

// Sync options and annotations, each a case of its own: the app at a first commit is synced by
// both tools, then Git changes (a resource leaves) and both sync again; everything compared.
const suite = new Conformance(inject('groundBinaries'), inject('kubeconfig'), inject('argocdNamespace'))
const repo = FixtureRepo.create([])

const configMap = (name: string, annotations: Record<string, string> = {}, data: Record<string, string> = { a: '1' }, extra: object = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}) }, data, ...extra })
const immutable = { immutable: true }
const ignoreDataB = { ignoreDifferences: [{ kind: 'ConfigMap', jsonPointers: ['/data/b'] }] }
const syncOptions = (value: string) => ({ 'argocd.argoproj.io/sync-options': value })

interface Case {
  name: string
  /** The app's sync options (CreateNamespace=true is always there). */
  appOptions?: string[]
  first: object[]
  /** Git after the change; the second sync prunes unless `prune` is false. */
  second: object[]
  prune?: boolean
  /** More of the Application's spec (syncPolicy aside), its annotations, and its spec at the second sync. */
  spec?: Record<string, unknown>
  annotations?: Record<string, string>
  secondSpec?: Record<string, unknown>
  /** A hand edit made on both sides after the first sync (kubectl arguments in the app's namespace). */
  edit?: string[]
}

const cases: Case[] = [
  { name: 'prune', first: [configMap('keep'), configMap('gone')], second: [configMap('keep')] },
  { name: 'no-prune', first: [configMap('keep'), configMap('gone')], second: [configMap('keep')], prune: false },
  { name: 'prune-false', first: [configMap('keep'), configMap('gone', syncOptions('Prune=false'))], second: [configMap('keep')] },
  { name: 'ignore-extraneous', first: [configMap('keep'), configMap('gone', { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' })], second: [configMap('keep')] },
  { name: 'replace', first: [configMap('whole', syncOptions('Replace=true'), { a: '1', b: '2' })], second: [configMap('whole', syncOptions('Replace=true'), { a: '3' })] },
  { name: 'server-side-apply', appOptions: ['ServerSideApply=true'], first: [configMap('one'), configMap('two')], second: [configMap('one', {}, { a: '2' })] },
  { name: 'apply-out-of-sync-only', appOptions: ['ApplyOutOfSyncOnly=true'], first: [configMap('one'), configMap('two')], second: [configMap('one', {}, { a: '2' }), configMap('two')] },
  { name: 'prune-last', first: [configMap('keep'), configMap('gone', syncOptions('PruneLast=true'))], second: [configMap('keep')] },
  { name: 'prune-background', appOptions: ['PrunePropagationPolicy=background'], first: [configMap('keep'), configMap('gone')], second: [configMap('keep')] },
  { name: 'client-side-apply', appOptions: ['ServerSideApply=false'], first: [configMap('one', {}, { a: '1', b: '2' })], second: [configMap('one', {}, { a: '2' })] },
  // An immutable ConfigMap whose data changes: the apply fails, unless Force=true deletes and re-creates it.
  { name: 'immutable', first: [configMap('fixed', {}, { a: '1' }, immutable)], second: [configMap('fixed', {}, { a: '2' }, immutable)] },
  { name: 'force', first: [configMap('fixed', syncOptions('Force=true'), { a: '1' }, immutable)], second: [configMap('fixed', syncOptions('Force=true'), { a: '2' }, immutable)] },
  { name: 'replace-force', first: [configMap('fixed', syncOptions('Replace=true,Force=true'), { a: '1' }, immutable)], second: [configMap('fixed', syncOptions('Replace=true,Force=true'), { a: '2' }, immutable)] },
  // A field the app ignores, changed by hand: the next sync keeps the hand's value only with RespectIgnoreDifferences=true.
  { name: 'ignore-differences', spec: ignoreDataB, first: [configMap('tuned', {}, { a: '1', b: '1' })], edit: ['patch', 'configmap', 'tuned', '--type', 'merge', '-p', '{"data":{"b":"by-hand"}}'], second: [configMap('tuned', {}, { a: '2', b: '1' })] },
  { name: 'respect-ignore-differences', appOptions: ['RespectIgnoreDifferences=true'], spec: ignoreDataB, first: [configMap('tuned', {}, { a: '1', b: '1' })], edit: ['patch', 'configmap', 'tuned', '--type', 'merge', '-p', '{"data":{"b":"by-hand"}}'], second: [configMap('tuned', {}, { a: '2', b: '1' })] },
  // The compare option on the Application: the hand edit is seen either way.
  { name: 'server-side-diff', annotations: { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' }, first: [configMap('one', {}, { a: '1' })], edit: ['patch', 'configmap', 'one', '--type', 'merge', '-p', '{"data":{"a":"by-hand"}}'], second: [configMap('one', {}, { a: '1' }), configMap('two')] },
  { name: 'client-side-diff', annotations: { 'argocd.argoproj.io/compare-options': 'ServerSideDiff=false' }, first: [configMap('one', {}, { a: '1' })], edit: ['patch', 'configmap', 'one', '--type', 'merge', '-p', '{"data":{"a":"by-hand"}}'], second: [configMap('one', {}, { a: '1' }), configMap('two')] },
  // The namespace CreateNamespace makes, with labels and annotations; changed between the syncs.
  {
    name: 'managed-namespace-metadata',
    spec: { managedNamespaceMetadata: { labels: { team: 'payments' }, annotations: { owner: 'alice' } } },
    secondSpec: { managedNamespaceMetadata: { labels: { team: 'billing', tier: 'gold' } } },
    first: [configMap('one')],
    second: [configMap('one'), configMap('two')],
  },
]

function commit(folder: string, objects: object[]): void {
  rmSync(join(repo.dir, folder), { recursive: true, force: true })
  mkdirSync(join(repo.dir, folder), { recursive: true })
  writeFileSync(join(repo.dir, folder, 'all.yaml'), objects.map((o) => JSON.stringify(o)).join('\n---\n'))
  repo.commit(`${folder}: ${objects.length} objects`)
}

afterAll(async () => {
  await suite.close([...cases.map((c) => c.name), 'shared-a', 'shared-b', ...deletions.map((d) => d.name)])
  repo.remove()
})

describe.each(cases)('conformance: sync option $name', (c) => {
  const options = ['CreateNamespace=true', ...(c.appOptions ?? [])]
  const spec = (destination: Record<string, string>, more = c.spec ?? {}) => {
    const { managedNamespaceMetadata, ...rest } = more as { managedNamespaceMetadata?: unknown }
    return { project: 'default', source: { repoURL: repo.url, path: c.name, targetRevision: 'HEAD' }, destination, syncPolicy: { syncOptions: options, ...(managedNamespaceMetadata ? { managedNamespaceMetadata } : {}) }, ...rest }
  }
  const apply = (more?: Record<string, unknown>) => {
    suite.argo.apply(`argo-${c.name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${c.name}` }, more), c.annotations)
    suite.desk.apply(`desk-${c.name}`, spec({ name: 'ground-1', namespace: `desk-${c.name}` }, more), c.annotations)
  }
  const noOperation = (o: { argo: Observed; desk: Observed }) => ({ argo: { ...o.argo, operation: undefined } as Observed, desk: { ...o.desk, operation: undefined } as Observed })

  it('agrees after the first sync, after Git changes, and after the second sync', { timeout: 600_000 }, async () => {
    commit(c.name, c.first)
    apply()
    await suite.until(`Argo CD compares ${c.name}`, () => suite.argo.observe(`argo-${c.name}`), (o) => o.sync !== '' && Object.keys(o.resources).length > 0)
    await suite.sync(c.name, { syncOptions: options })
    suite.agree(c.name, 'synced', suite.withLive(c.name, await suite.settled(c.name)))
    suite.agreeOnNamespace(c.name, 'synced')

    if (c.edit) for (const side of ['argo', 'desk']) suite.argo.kubectl(['-n', `${side}-${c.name}`, ...c.edit])
    if (c.secondSpec) apply(c.secondSpec)
    const head = (commit(c.name, c.second), repo.head())
    suite.argo.refresh(`argo-${c.name}`)
    const changed = await suite.until(`${c.name} sees the new commit`, () => suite.both(c.name), (o) => o.argo.revision === head && o.desk.revision === head, 60_000)
    suite.agree(c.name, 'changed', noOperation(changed))

    await suite.sync(c.name, { prune: c.prune ?? true, syncOptions: options })
    const second = await suite.settled(c.name)
    expect(second.desk.operation?.phase).toBeDefined()
    suite.agree(c.name, 'resynced', suite.withLive(c.name, second))
    suite.agreeOnNamespace(c.name, 'resynced')
  })
})

describe('conformance: sync option FailOnSharedResource', () => {
  it('a second app rendering an object the first one tracks fails its sync, as Argo CD does', { timeout: 600_000 }, async () => {
    commit('shared', [configMap('shared-settings')])
    const spec = (destination: Record<string, string>, options: string[]) => ({ project: 'default', source: { repoURL: repo.url, path: 'shared', targetRevision: 'HEAD' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true', ...options] } })
    for (const [name, options] of [['shared-a', []], ['shared-b', ['FailOnSharedResource=true']]] as const) {
      suite.argo.apply(`argo-${name}`, spec({ server: 'https://kubernetes.default.svc', namespace: 'argo-shared' }, [...options]))
      suite.desk.apply(`desk-${name}`, spec({ name: 'ground-1', namespace: 'desk-shared' }, [...options]))
      await suite.until(`Argo CD compares ${name}`, () => suite.argo.observe(`argo-${name}`), (o) => o.sync !== '')
      await suite.sync(name, { syncOptions: ['CreateNamespace=true', ...options] })
    }
    const second = await suite.both('shared-b')
    expect(second.desk.operation?.phase).toBe('Failed')
    suite.agree('shared-b', 'synced', second)
  })
})

// Deleting the Application: its resources finalizer decides whether its resources go too
// (foreground or background), and Delete=false, Helm's resource-policy keep and CRDs stay.
const deletions = [
  { name: 'delete-cascade', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
  { name: 'delete-background', finalizers: ['resources-finalizer.argocd.argoproj.io/background'] },
  { name: 'delete-orphan', finalizers: [] },
]

describe.each(deletions)('conformance: deleting an app ($name)', ({ name, finalizers }) => {
  it('leaves the same objects behind as Argo CD', { timeout: 600_000 }, async () => {
    commit(name, [configMap('plain'), configMap('kept', syncOptions('Delete=false')), configMap('helm-kept', { 'helm.sh/resource-policy': 'keep' }), configMap('late', { 'argocd.argoproj.io/sync-wave': '1' })])
    const spec = (destination: Record<string, string>) => ({ project: 'default', source: { repoURL: repo.url, path: name, targetRevision: 'HEAD' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })
    suite.argo.apply(`argo-${name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${name}` }), {}, finalizers)
    suite.desk.apply(`desk-${name}`, spec({ name: 'ground-1', namespace: `desk-${name}` }), {}, finalizers)
    await suite.until(`Argo CD compares ${name}`, () => suite.argo.observe(`argo-${name}`), (o) => o.sync !== '' && Object.keys(o.resources).length > 0)
    await suite.sync(name, { syncOptions: ['CreateNamespace=true'] })
    suite.agree(name, 'synced', await suite.settled(name))

    suite.argo.delete(`argo-${name}`)
    const outcome = await suite.desk.deleteApp(`desk-${name}`)
    await suite.until(`Argo CD deletes ${name}`, () => suite.argo.exists(`argo-${name}`), (exists) => !exists, 120_000)
    const left = (side: string) => suite.argo.kubectl(['-n', `${side}-${name}`, 'get', 'configmaps', '-o', 'name']).split('\n').filter((n) => n && !n.endsWith('/kube-root-ca.crt')).sort()
    expect(left('desk'), `${name}: objects left after deleting the app`).toEqual(left('argo'))
    expect(outcome.deleted.length + outcome.kept.length).toBe(finalizers.length ? 4 : 0)
  })
})

describe('docs/deviations.md', () => {
  it('lists only differences of these cases that still occur', () => {
    expect(suite.unused(cases.map((c) => c.name)), 'deviations that no longer happen: remove them').toEqual([])
  })
})

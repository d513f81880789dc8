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

const configMap = (name: string, annotations: Record<string, string> = {}, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}) }, data })
const syncOptions = (value: string) => ({ 'argocd.argoproj.io/sync-options': value })

interface Case {
  name: string
  /** The app's sync options (CreateNamespace=true is always there). */
  appOptions?: string[]
  first: object[]
  /** Git after the change; the second sync prunes unless `prune` is false. */
  second: object[]
  prune?: boolean
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
]

function commit(folder: string, objects: object[]): void {
  rmSync(join(repo.dir, folder), { recursive: true, force: true })
  mkdirSync(join(repo.dir, folder), { recursive: true })
  writeFileSync(join(repo.dir, folder, 'all.yaml'), objects.map((o) => JSON.stringify(o)).join('\n---\n'))
  repo.commit(`${folder}: ${objects.length} objects`)
}

afterAll(async () => {
  await suite.close([...cases.map((c) => c.name), 'shared-a', 'shared-b'])
  repo.remove()
})

describe.each(cases)('conformance: sync option $name', (c) => {
  const options = ['CreateNamespace=true', ...(c.appOptions ?? [])]
  const spec = (destination: Record<string, string>) => ({ project: 'default', source: { repoURL: repo.url, path: c.name, targetRevision: 'HEAD' }, destination, syncPolicy: { syncOptions: options } })
  const noOperation = (o: { argo: Observed; desk: Observed }) => ({ argo: { ...o.argo, operation: undefined } as Observed, desk: { ...o.desk, operation: undefined } as Observed })

  it('agrees after the first sync, after Git changes, and after the second sync', { timeout: 600_000 }, async () => {
    commit(c.name, c.first)
    suite.argo.apply(`argo-${c.name}`, spec({ server: 'https://kubernetes.default.svc', namespace: `argo-${c.name}` }))
    suite.desk.apply(`desk-${c.name}`, spec({ name: 'ground-1', namespace: `desk-${c.name}` }))
    await suite.until(`Argo CD compares ${c.name}`, () => suite.argo.observe(`argo-${c.name}`), (o) => o.sync !== '' && Object.keys(o.resources).length > 0)
    await suite.sync(c.name, { syncOptions: options })
    suite.agree(c.name, 'synced', await suite.settled(c.name))

    const head = (commit(c.name, c.second), repo.head())
    suite.argo.refresh(`argo-${c.name}`)
    const changed = await suite.until(`${c.name} sees the new commit`, () => suite.both(c.name), (o) => o.argo.revision === head && o.desk.revision === head, 60_000)
    suite.agree(c.name, 'changed', noOperation(changed))

    await suite.sync(c.name, { prune: c.prune ?? true, syncOptions: options })
    const second = await suite.settled(c.name)
    expect(second.desk.operation?.phase).toBeDefined()
    suite.agree(c.name, 'resynced', second)
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

describe('docs/deviations.md', () => {
  it('lists only differences of these cases that still occur', () => {
    expect(suite.unused(cases.map((c) => c.name)), 'deviations that no longer happen: remove them').toEqual([])
  })
})

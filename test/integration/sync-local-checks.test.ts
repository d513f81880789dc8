import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import type { K8sObject } from '../../main/engine/base/objects'
import { UserError } from '../../main/engine/base/errors'
import { acceptedAsIs } from '../../main/engine/sync/accepted-body'
import { ClusterClient } from '../../main/engine/clusters/cluster-client'
import { SyncOperation } from '../../main/engine/sync/operation'
import { limitedNamespace, readOnlyNamespace } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { kubectl, runKubectl } from '../support/kubectl'

// Issue 35: a sync from empty does not ask the API server to dry-run a new ConfigMap or Secret
// whose body it takes as it is, when nothing in the cluster (admission webhook or policy, quota,
// a missing namespace, RBAC) may refuse it; in doubt it asks, and a refusal still fails the sync
// before anything is applied, with the server's own message.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const suffix = randomBytes(3).toString('hex')
const namespace = `localcheck-${suffix}`
/** Where the body table is dry-run (the sync creates its own namespace). */
const tableNamespace = `localcheck-table-${suffix}`
const policy = `localcheck-${suffix}`
const repo = FixtureRepo.create([])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-localcheck-')), secrets: new MemorySecrets(), start: false })
afterAll(async () => {
  await desk.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
  kubectl('ground-1', 'delete', 'validatingadmissionpolicybinding', policy, '--ignore-not-found')
  kubectl('ground-1', 'delete', 'clusterrolebinding,clusterrole', policy, '--ignore-not-found')
  kubectl('ground-1', '-n', limitedNamespace, 'delete', 'configmap', policy, '--ignore-not-found')
  kubectl('ground-1', 'delete', 'validatingadmissionpolicy', policy, '--ignore-not-found')
  kubectl('ground-1', 'delete', 'namespace', namespace, tableNamespace, '--ignore-not-found', '--wait=false')
})

const configMap = (name: string, more: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: tableNamespace, ...metadata }, data: { 'app.yaml': 'x: 1' }, ...more })
const secret = (name: string, more: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: tableNamespace }, data: { password: 'aHVudGVyMg==' }, ...more })

// [case, object, whether the API server accepts it]; the local check may accept only what the server accepts.
const cases: [string, K8sObject, boolean][] = [
  ['a plain ConfigMap', configMap('plain'), true],
  ['labels, annotations, binary data, immutable', configMap('full', { binaryData: { 'logo.png': 'iVBORw0KGgo=' }, immutable: true }, { labels: { 'app.kubernetes.io/instance': 'shop', tier: '', 'a.b_c-d': 'v1.2_3-x' }, annotations: { 'argocd.argoproj.io/tracking-id': 'shop:/ConfigMap:x/y', note: 'any text: ✓ {}' } }), true],
  ['an Opaque Secret with stringData over data', secret('creds', { type: 'Opaque', stringData: { password: 'plain', token: 'x' } }), true],
  ['a 253-character name', configMap('a'.repeat(253)), true],
  ['data just under 1 MiB', configMap('big-ok', { data: { big: 'x'.repeat(1024 * 1024 - 3) } }), true],
  // Hostile edges the local check accepts: the server must accept them too.
  ['a 253-character label prefix and 63-character name', configMap('long-key', {}, { labels: { [`${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}/${'e'.repeat(63)}`]: 'f'.repeat(63) } }), true],
  ['annotations of exactly 256 KiB', configMap('annotations-edge', {}, { annotations: { note: 'x'.repeat(256 * 1024 - 4) } }), true],
  ['data keys -, _, a..b, .a, 253 characters', configMap('odd-keys', { data: { '-': '', _: '', 'a..b': '', '.a': '', ['k'.repeat(253)]: '' } }), true],
  ['empty maps, immutable false, unicode and NUL values', configMap('empty-maps', { data: { text: 'ünï ✓ 😀 \u0000 \t' }, binaryData: {}, immutable: false }, { labels: {}, annotations: {} }), true],
  ['a Secret with only stringData, no type', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'only-string', namespace: tableNamespace }, stringData: { 'a.b': 'x' } }, true],
  ['stringData and data with the same key', secret('same-key', { stringData: { password: 'other' } }), true],
  ['quotes escaped to a 1.8 MiB body', configMap('quotes', { data: { big: '"'.repeat(900 * 1024) } }), true],
  ['5,000 long labels (a 1.9 MiB body)', configMap('labels-ok', {}, { labels: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`${'p'.repeat(240)}.example/${`${i}`.padStart(63, 'n')}`, 'v'.repeat(63)])) }), true],
  ['data and annotations near their limits together', configMap('both-limits', { data: { big: 'x'.repeat(1024 * 1024 - 3) } }, { annotations: { note: 'x'.repeat(256 * 1024 - 4) } }), true],
  ['an upper-case name', configMap('Bad-Name'), false],
  ['a name over 253 characters', configMap('a'.repeat(254)), false],
  ['a label value with a space', configMap('bad-label', {}, { labels: { tier: 'front end' } }), false],
  ['a label value over 63 characters', configMap('long-label', {}, { labels: { tier: 'a'.repeat(64) } }), false],
  ['a number as label value', configMap('number-label', {}, { labels: { replicas: 3 } }), false],
  ['an annotation key with a space', configMap('bad-annotation', {}, { annotations: { 'my note': 'x' } }), false],
  ['annotations over 256 KiB', configMap('big-annotation', {}, { annotations: { note: 'x'.repeat(256 * 1024) } }), false],
  ['a data key with a slash', configMap('bad-key', { data: { 'conf/app.yaml': 'x' } }), false],
  ['a key in both data and binaryData', configMap('both', { binaryData: { 'app.yaml': 'eA==' } }), false],
  ['binaryData that is not base64', configMap('not-base64', { binaryData: { logo: 'not base64!' } }), false],
  ['Secret data that is not base64', secret('not-base64', { data: { password: 'hunter2!' } }), false],
  ['a number as data value', configMap('number-value', { data: { port: 8080 } }), false],
  ['an unknown field', configMap('unknown-field', { spec: { replicas: 1 } }), false],
  ['data of control characters (over 3 MiB once JSON-escaped)', configMap('escaped', { data: { big: '\u0001'.repeat(700 * 1024) } }), false],
  ['data over 1 MiB', configMap('too-big', { data: { big: 'x'.repeat(1024 * 1024 + 1) } }), false],
  ['labels over 3 MiB in all', configMap('many-labels', {}, { labels: Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`${'p'.repeat(240)}.example/${`${i}`.padStart(63, 'n')}`, 'v'.repeat(63)])) }), false],
  ['data keys over 1 MiB with short values (the server counts values only)', configMap('keys-too-big', { data: Object.fromEntries(Array.from({ length: 4200 }, (_, i) => [`${i}`.padStart(250, 'k'), ''])) }), true],
  ['a data key ..a', configMap('dotdot', { data: { '..a': 'x' } }), false],
  ['a label key with an empty prefix', configMap('empty-prefix', {}, { labels: { '/tier': 'x' } }), false],
  ['a label prefix with a trailing dot', configMap('trailing-dot', {}, { labels: { 'example.com./tier': 'x' } }), false],
  ['a label name over 63 characters', configMap('long-name', {}, { labels: { ['n'.repeat(64)]: 'x' } }), false],
  ['a null data value', configMap('null-value', { data: { a: null } }), true],
  ['immutable as a string', configMap('immutable-string', { immutable: 'true' }), false],
  ['a Secret type the server checks', secret('tls', { type: 'kubernetes.io/tls' }), false],
  ['an upper-case annotation prefix (the server lower-cases it)', configMap('upper-prefix', {}, { annotations: { 'Example.COM/note': 'x' } }), true],
  ['generateName', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-', namespace: tableNamespace } }, false],
  // Accepted by the server but changed or not ours to judge: the local check leaves them to it.
  ['non-canonical base64 (re-encoded)', configMap('non-canonical', { binaryData: { logo: 'eB==' } }), true],
  ['creationTimestamp: null', configMap('null-timestamp', {}, { creationTimestamp: null }), true],
]

const configMaps = (names: string[], metadata: Record<string, unknown> = {}) => names.map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata }, data: { v: name } }))
function commit(objects: object[]): void {
  mkdirSync(join(repo.dir, 'app'), { recursive: true })
  writeFileSync(join(repo.dir, 'app', 'all.yaml'), objects.map((o) => YAML.stringify(o)).join('---\n'))
  repo.commit(`${objects.length} objects`)
}
const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: namespace }, spec: { source: { repoURL: repo.url, path: 'app' }, destination: { name: 'ground-1', namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
async function sync() {
  await desk.engine.operations.start(app, {}, { initiator: 'cli', pollMs: 250 })
  return (await desk.engine.operations.wait(app.metadata.name))!
}
const live = (name: string) => kubectl('ground-1', '-n', namespace, 'get', 'configmap', name, '--ignore-not-found', '-o', 'name').trim()
const refusalProbe = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace, labels: { refused: 'yes' } } })
const policyRefuses = () => {
  try {
    runKubectl('ground-1', ['apply', '--dry-run=server', '-f', '-'], refusalProbe)
    return false
  } catch {
    return true
  }
}

describe('a local check instead of the server dry run of a new ConfigMap or Secret', () => {
  it('accepts only bodies the API server accepts', async () => {
    await desk.engine.loadContexts()
    kubectl('ground-1', 'create', 'namespace', tableNamespace)
    const client = desk.engine.client('ground-1')
    const verdicts: { name: string; server: boolean }[] = []
    for (const [name, obj] of cases) {
      const server = await client.apply(obj, { dryRun: true, force: true, validate: true }).then(
        () => true,
        (error: unknown) => (error instanceof UserError ? false : Promise.reject(error)),
      )
      verdicts.push({ name, server })
    }
    expect(verdicts).toEqual(cases.map(([name, , server]) => ({ name, server })))
    expect(verdicts.filter((v, i) => acceptedAsIs(cases[i]![1]) && !v.server)).toEqual([])
    expect(cases.filter(([, obj]) => acceptedAsIs(obj)).map(([name]) => name)).toEqual(cases.slice(0, 14).map(([name]) => name))
  })

  it('stands for the dry runs of a sync from empty; a quota or a policy in the cluster sends them to the server, which refuses before anything is applied', async () => {
    desk.engine.store.update((d) => void (Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }), (d.apps = [app])))
    const names = Array.from({ length: 12 }, (_, i) => `cm-${i}`)
    commit([...configMaps(names), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { token: 'x' } }])
    const first = await sync()
    expect(first.phase, first.message).toBe('Succeeded')
    // A handful of requests for all 13, none per object: four admission kinds listed, the namespace read, its quotas listed, two access reviews per resource.
    expect(first.requests).toMatchObject({ dryRunsChecked: 13, dryRunsReused: 0 })
    expect(first.requests!.dryRun).toBe(4 + 1 + 1 + 2 * 2)
    expect(live('cm-11')).toBe('configmap/cm-11')

    // An object the API server refuses is still dry-run there: the sync fails with its message, and the new valid one is not created.
    commit([...configMaps([...names, 'fresh']), ...configMaps(['bad'], { labels: { tier: 'front end' } })])
    const invalid = await sync()
    expect(invalid.phase).toBe('Failed')
    expect(invalid.message).toMatch(/failed to apply \(dry run\); nothing was changed/)
    expect(invalid.resources.find((r) => r.key === `/ConfigMap/${namespace}/bad`)).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/metadata\.labels: Invalid value: "front end"/) })
    // Only CreateNamespace's read of the namespace is counted among the applies.
    expect(invalid.requests).toMatchObject({ apply: 1, dryRunsChecked: 1 })
    expect(live('fresh')).toBe('')

    // A ResourceQuota in the namespace may refuse a create: the server dry-runs the new object.
    runKubectl('ground-1', ['-n', namespace, 'apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'jobs' }, spec: { hard: { 'count/jobs.batch': '10' } } }))
    commit(configMaps([...names, 'fresh']))
    const quota = await sync()
    expect(quota.phase, quota.message).toBe('Succeeded')
    expect(quota.requests).toMatchObject({ dryRunsChecked: 0 })
    expect(live('fresh')).toBe('configmap/fresh')
    kubectl('ground-1', '-n', namespace, 'delete', 'resourcequota', 'jobs')

    // A ValidatingAdmissionPolicy that may see ConfigMaps (bound to this namespace only): the server dry-runs them and refuses one.
    runKubectl('ground-1', ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: policy }, spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }] }, validations: [{ expression: "!has(object.metadata.labels) || !('refused' in object.metadata.labels)", message: 'refused by the local-check policy' }] } }))
    runKubectl('ground-1', ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: policy }, spec: { policyName: policy, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } } } }))
    await expect.poll(policyRefuses, { timeout: 60_000, interval: 500 }).toBe(true)
    commit([...configMaps([...names, 'fresh', 'other']), ...configMaps(['refused'], { labels: { refused: 'yes' } })])
    const refused = await sync()
    expect(refused.phase).toBe('Failed')
    expect(refused.resources.find((r) => r.key === `/ConfigMap/${namespace}/refused`)).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/refused by the local-check policy/) })
    expect(refused.requests).toMatchObject({ apply: 1, dryRunsChecked: 0 })
    expect([live('other'), live('refused')]).toEqual(['', ''])
    kubectl('ground-1', 'delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy', policy)
  })

  it('asks the server when it may not write there: the access review says no, and the server refuses with its own message', async () => {
    // The limited user may read the cluster's admission configuration and namespaces, write only in its own namespace.
    runKubectl('ground-1', ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: policy }, rules: [{ apiGroups: ['admissionregistration.k8s.io'], resources: ['*'], verbs: ['list'] }, { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }] }))
    runKubectl('ground-1', ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: policy }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: policy }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }] }))
    const config = new KubeConfig()
    config.loadFromFile(kubeconfig)
    config.setCurrentContext('ground-1-limited')
    const limited = new ClusterClient('ground-1-limited', config)
    const syncOf = (ns: string) => {
      const target: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: policy, namespace: ns }, data: { v: '1' } }
      return new SyncOperation(limited, { targets: [target], extras: [], prune: false, dryRun: false, force: false, plan: { revision: 'abc1234', startedAt: new Date() }, pollMs: 100, localCandidates: new Set([`/ConfigMap/${ns}/${policy}`]) }).run()
    }
    // RBAC is read by the API server from its cache: poll until the grants are seen.
    await expect.poll(async () => (await syncOf(limitedNamespace)).requests?.dryRunsChecked, { timeout: 60_000, interval: 500 }).toBe(1)
    const readOnly = await syncOf(readOnlyNamespace)
    expect(readOnly.phase).toBe('Failed')
    expect(readOnly.requests).toMatchObject({ dryRunsChecked: 0, apply: 0 })
    expect(readOnly.resources[0]).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/forbidden: User "limited" cannot patch resource "configmaps"/) })
  })
})

import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { acceptedAsIs, isQualifiedName } from './accepted-body'
import { ruleMayMatch, policyResources, webhookResources } from './admission-rules'

// What a local check may take for the API server's answer: each refusal below is one the API
// server makes (or a body it would change), so the sync must ask it.
const cm = (more: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'team-a', ...metadata }, data: { 'app.yaml': 'x: 1' }, ...more })
const secret = (more: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'team-a' }, data: { password: 'aHVudGVyMg==' }, ...more })

describe('a new ConfigMap or Secret the API server takes as it is', () => {
  it('accepts a plain ConfigMap, with labels, annotations, binary data and immutable', () => {
    expect(acceptedAsIs(cm())).toBe(true)
    expect(acceptedAsIs(cm({ binaryData: { 'logo.png': 'iVBORw0KGgo=' }, immutable: true }, { labels: { 'app.kubernetes.io/instance': 'shop', tier: '', 'a.b_c-d': 'v1.2_3-x' }, annotations: { 'argocd.argoproj.io/tracking-id': 'shop:/ConfigMap:team-a/app-config', note: 'any text: ✓ {}' } }))).toBe(true)
    expect(acceptedAsIs(cm({ data: {} }))).toBe(true)
  })

  it('accepts an Opaque Secret, its stringData winning over a key also in data', () => {
    expect(acceptedAsIs(secret())).toBe(true)
    expect(acceptedAsIs(secret({ type: 'Opaque', stringData: { password: 'plain', token: 'x' } }))).toBe(true)
  })

  it.each<[string, K8sObject]>([
    ['another kind', { ...cm(), kind: 'Service' }],
    ['another version', { ...cm(), apiVersion: 'v2' }],
    ['a kind named like an object property (toString)', { ...cm(), kind: 'toString' }],
    ['a kind named constructor', { ...cm(), kind: 'constructor' }],
    ['an unknown top-level field', cm({ spec: { replicas: 1 } })],
    ['a Secret type other than Opaque', secret({ type: 'kubernetes.io/tls' })],
    ['stringData on a ConfigMap', cm({ stringData: { a: 'b' } })],
    ['immutable not a boolean', cm({ immutable: 'true' })],
    ['metadata with creationTimestamp: null', cm({}, { creationTimestamp: null })],
    // The API server refuses a request body over 3 MiB (413), however small the data it counts.
    ['data of control characters over 3 MiB once JSON-escaped', cm({ data: { big: '\u0001'.repeat(700 * 1024) } })],
    ['labels over 3 MiB in all', cm({}, { labels: Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`${'p'.repeat(240)}.example/${`${i}`.padStart(63, 'n')}`, 'v'.repeat(63)])) })],
    ['generateName', cm({}, { generateName: 'app-' })],
    ['finalizers', cm({}, { finalizers: ['x/y'] })],
    ['ownerReferences', cm({}, { ownerReferences: [] })],
    ['no namespace', { ...cm(), metadata: { name: 'app-config' } }],
    ['an upper-case name', cm({}, { name: 'App-Config' })],
    ['a name with an underscore', cm({}, { name: 'app_config' })],
    ['a name over 253 characters', cm({}, { name: 'a'.repeat(254) })],
    ['a namespace with a dot', cm({}, { namespace: 'team.a' })],
    ['a namespace over 63 characters', cm({}, { namespace: 'a'.repeat(64) })],
    ['a number as name', cm({}, { name: 7 })],
    ['a label value with a space', cm({}, { labels: { tier: 'front end' } })],
    ['a label value over 63 characters', cm({}, { labels: { tier: 'a'.repeat(64) } })],
    ['a label value ending with a dash', cm({}, { labels: { tier: 'front-' } })],
    ['a number as label value', cm({}, { labels: { replicas: 3 } })],
    ['a label key with an upper-case prefix', cm({}, { labels: { 'Example.com/tier': 'x' } })],
    ['an annotation key with two slashes', cm({}, { annotations: { 'a/b/c': 'x' } })],
    ['an annotation key with a space', cm({}, { annotations: { 'my note': 'x' } })],
    ['a number as annotation value', cm({}, { annotations: { note: 1 } })],
    ['annotations over 256 KiB', cm({}, { annotations: { note: 'x'.repeat(256 * 1024) } })],
    ['a data key with a slash', cm({ data: { 'conf/app.yaml': 'x' } })],
    ['a data key "..x"', cm({ data: { '..x': 'x' } })],
    ['a number as data value', cm({ data: { port: 8080 } })],
    ['data that is a list', cm({ data: ['a'] })],
    ['a key in both data and binaryData', cm({ binaryData: { 'app.yaml': 'eA==' } })],
    ['binaryData that is not base64', cm({ binaryData: { logo: 'not base64!' } })],
    ['binaryData in non-canonical base64', cm({ binaryData: { logo: 'eB==' } })],
    ['a lone surrogate in a value', cm({ data: { text: 'a\ud800b' } })],
    ['data over 1 MiB', cm({ data: { big: 'x'.repeat(1024 * 1024) } })],
    ['Secret data that is not base64', secret({ data: { password: 'hunter2!' } })],
    ['a Secret stringData key with a space', secret({ stringData: { 'my key': 'x' } })],
  ])('leaves to the server %s', (_, obj) => {
    expect(acceptedAsIs(obj)).toBe(false)
  })

  it('reads qualified names as the API server does', () => {
    expect(['a', 'a.b/c', 'example.com/My_Key.1', 'A9', 'x'.repeat(63), `${'a'.repeat(253)}/b`].every(isQualifiedName)).toBe(true)
    expect(['', '/a', 'a/', '-a', 'a-', 'x'.repeat(64), `${'a'.repeat(254)}/b`, 'a b', 'a/b/c', 'Ex.com/a'].some(isQualifiedName)).toBe(false)
  })
})

describe('admission rules that may see a ConfigMap or Secret', () => {
  it('match by operation, group, version and resource, and in doubt', () => {
    const rule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }
    expect(ruleMayMatch(rule, 'configmaps')).toBe(true)
    expect(ruleMayMatch(rule, 'secrets')).toBe(false)
    expect(ruleMayMatch({ ...rule, operations: ['DELETE'] }, 'configmaps')).toBe(false)
    expect(ruleMayMatch({ ...rule, apiGroups: ['apps'] }, 'configmaps')).toBe(false)
    expect(ruleMayMatch({ ...rule, resources: ['*'] }, 'secrets')).toBe(true)
    expect(ruleMayMatch({ ...rule, resources: ['configmaps/status'] }, 'configmaps')).toBe(true)
    expect(ruleMayMatch({ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/*'] }, 'secrets')).toBe(true)
    expect(ruleMayMatch({}, 'secrets')).toBe(true)
  })

  it('read webhooks and policies, a policy without matchConstraints matching everything', () => {
    const webhook = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [{ rules: [{ operations: ['UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['secrets'] }] }] }
    expect([...webhookResources([webhook])]).toEqual(['secrets'])
    const pods = { ...webhook, webhooks: [{ rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] }] }
    expect([...webhookResources([pods])]).toEqual([])
    const policy = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec: {} }
    expect([...policyResources([policy])]).toEqual(['configmaps', 'secrets'])
  })
})

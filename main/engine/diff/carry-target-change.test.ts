import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { carryTargetChange } from './carry-target-change'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const meta = { name: 'x', namespace: 'ns', annotations: { 'argocd.argoproj.io/tracking-id': 'app:/ConfigMap:ns/x' } }
const configMap = (data: Record<string, unknown>, more: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data, ...more })
const secret = (fields: Record<string, unknown>): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta, ...fields })
/** What the API server answered for the old target: its values, another manager's key, server bookkeeping. */
const served = (obj: K8sObject, more: Record<string, unknown> = {}): K8sObject => ({ ...structuredClone(obj), metadata: { ...obj.metadata, uid: 'u1', resourceVersion: '7' }, ...more })

describe('carryTargetChange', () => {
  const oldMap = configMap({ mode: 'fast', size: '1' })
  const mapPrediction = served(oldMap, { data: { mode: 'fast', size: '1', note: 'by a colleague' } })

  it('a ConfigMap: changed and added values are set in the prediction, the rest kept', () => {
    const carried = carryTargetChange({ target: oldMap, predicted: mapPrediction }, configMap({ mode: 'slow', size: '1', extra: 'new' }))
    expect(carried).toEqual({ ...mapPrediction, data: { mode: 'slow', size: '1', note: 'by a colleague', extra: 'new' } })
    expect(mapPrediction.data).toEqual({ mode: 'fast', size: '1', note: 'by a colleague' }) // the previous prediction is not changed
  })

  it('a kind named like an object property (toString) is dry-run, not a crash', () => {
    const odd = { ...configMap({ a: '1' }), kind: 'toString' }
    expect(carryTargetChange({ target: odd, predicted: served(odd) }, { ...configMap({ a: '2' }), kind: 'toString' })).toBeNull()
  })

  it('a ConfigMap binaryData value in canonical base64; anything else is dry-run', () => {
    const old = configMap({ a: '1' }, { binaryData: { bin: b64('one') } })
    const previous = { target: old, predicted: served(old) }
    expect(carryTargetChange(previous, configMap({ a: '1' }, { binaryData: { bin: b64('two') } }))?.binaryData).toEqual({ bin: b64('two') })
    expect(carryTargetChange(previous, configMap({ a: '1' }, { binaryData: { bin: 'dHdv\n' } }))).toBeNull()
    expect(carryTargetChange(previous, configMap({ a: '1' }, { binaryData: { bin: 'dHd' } }))).toBeNull()
    // A key in both data and binaryData is refused by the API server.
    expect(carryTargetChange(previous, configMap({ a: '1', bin: 'x' }, { binaryData: { bin: b64('one') } }))).toBeNull()
  })

  it('a Secret: stringData is compared and set folded into base64 data, as the API server stores it', () => {
    const old = secret({ stringData: { token: 'one' }, data: { plain: b64('p') } })
    const predicted = served(old, { stringData: undefined, type: 'Opaque', data: { token: b64('one'), plain: b64('p') } })
    delete predicted.stringData
    const carried = carryTargetChange({ target: old, predicted }, secret({ stringData: { token: 'two', added: 'yes' }, data: { plain: b64('q') } }))
    expect(carried).toEqual({ ...predicted, data: { token: b64('two'), added: b64('yes'), plain: b64('q') } })
    expect(carried).not.toHaveProperty('stringData')
  })

  it('refuses a removed key, a value that is not a string, and a key the API server refuses', () => {
    const previous = { target: oldMap, predicted: mapPrediction }
    expect(carryTargetChange(previous, configMap({ mode: 'slow' }))).toBeNull()
    expect(carryTargetChange(previous, configMap({ mode: 2, size: '1' }))).toBeNull()
    expect(carryTargetChange(previous, configMap({ mode: 'fast', size: '1', 'bad/key': 'x' }))).toBeNull()
    expect(carryTargetChange(previous, configMap({ mode: 'fast', size: '1', '..x': 'x' }))).toBeNull()
    expect(carryTargetChange(previous, configMap({ mode: '\ud800', size: '1' }))).toBeNull()
    // A Secret's data value the API server must decode, even where stringData sets the same key.
    const old = secret({ stringData: { token: 'one' }, data: { token: b64('x') } })
    const served1 = served(old, { type: 'Opaque', data: { token: b64('one') } })
    expect(carryTargetChange({ target: old, predicted: served1 }, secret({ stringData: { token: 'one' }, data: { token: 'not base64!' } }))).toBeNull()
  })

  it('refuses a change outside data (a label, immutable), or data added where there was none', () => {
    const previous = { target: oldMap, predicted: mapPrediction }
    expect(carryTargetChange(previous, { ...configMap({ mode: 'slow', size: '1' }), metadata: { ...meta, labels: { team: 'a' } } })).toBeNull()
    expect(carryTargetChange(previous, configMap({ mode: 'slow', size: '1' }, { immutable: true }))).toBeNull()
    const withoutData: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta }
    expect(carryTargetChange({ target: withoutData, predicted: served(withoutData) }, configMap({ a: '1' }))).toBeNull()
    // Same content, keys in another order: nothing to carry (the dry run answers).
    expect(carryTargetChange(previous, configMap({ size: '1', mode: 'fast' }))).toBeNull()
  })

  it('refuses when the prediction did not hold the old value verbatim (another manager or a webhook set it), or is immutable', () => {
    const rewritten = served(oldMap, { data: { mode: 'FAST', size: '1' } })
    expect(carryTargetChange({ target: oldMap, predicted: rewritten }, configMap({ mode: 'slow', size: '1' }))).toBeNull()
    expect(carryTargetChange({ target: oldMap, predicted: served(oldMap, { immutable: true }) }, configMap({ mode: 'slow', size: '1' }))).toBeNull()
    const old = secret({ stringData: { token: 'one' } })
    const stale = served(old, { type: 'Opaque', data: { token: b64('ONE') } })
    expect(carryTargetChange({ target: old, predicted: stale }, secret({ stringData: { token: 'two' } }))).toBeNull()
  })

  it('refuses other kinds, other API versions, Secrets that are not Opaque, and a size over 1 MiB', () => {
    const deployment = (replicas: number): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas }, data: { a: String(replicas) } })
    expect(carryTargetChange({ target: deployment(1), predicted: served(deployment(1)) }, deployment(2))).toBeNull()
    const custom = (v: string): K8sObject => ({ apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: meta, data: { v } })
    expect(carryTargetChange({ target: custom('1'), predicted: served(custom('1')) }, custom('2'))).toBeNull()
    const tls = (crt: string) => secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64(crt), 'tls.key': b64('k') } })
    expect(carryTargetChange({ target: tls('a'), predicted: served(tls('a')) }, tls('b'))).toBeNull()
    expect(carryTargetChange({ target: oldMap, predicted: mapPrediction }, configMap({ mode: 'x'.repeat(1024 * 1024), size: '1' }))).toBeNull()
  })
})

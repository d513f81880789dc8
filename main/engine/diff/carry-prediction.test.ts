import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { carryPrediction, changedPaths } from './carry-prediction'

const managed = (manager: string, fields: Record<string, unknown>, time = '2026-01-01T00:00:00Z') => ({ manager, operation: manager === 'gitops-desk' ? 'Apply' : 'Update', time, fieldsV1: fields })
const ours = managed('gitops-desk', { 'f:data': { 'f:mode': {} }, 'f:metadata': { 'f:labels': { 'f:team': {} } } })

const target: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns', labels: { team: 'a' } }, data: { mode: 'fast' } }
const live = (data: Record<string, string>, extra: Record<string, unknown>[] = [], labels: Record<string, string> = { team: 'a' }): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'ns', uid: 'u1', resourceVersion: String(Math.random()), labels, managedFields: [ours, ...extra] },
  data,
})

describe('carryPrediction', () => {
  const before = live({ mode: 'fast' })
  const previous = { live: before, predicted: structuredClone(before) }

  it('carries another manager’s new field into the prediction without a dry run', () => {
    const after = live({ mode: 'fast', note: 'hi' }, [managed('kubectl-edit', { 'f:data': { 'f:note': {} } })])
    const kept = structuredClone(previous.predicted)
    expect(carryPrediction(previous, after, target)?.data).toEqual({ mode: 'fast', note: 'hi' })
    // The previous prediction is shared, never changed (the cache still holds it).
    expect(previous.predicted).toEqual(kept)
    // ...and its removal too.
    const removed = carryPrediction({ live: after, predicted: structuredClone(after) }, live({ mode: 'fast' }), target)
    expect(removed?.data).toEqual({ mode: 'fast' })
  })

  it('an unchanged live object keeps the same prediction', () => {
    expect(carryPrediction(previous, live({ mode: 'fast' }), target)).toBe(previous.predicted)
  })

  it('asks the server again when a field the target sets changed', () => {
    expect(carryPrediction(previous, live({ mode: 'slow' }, [managed('kubectl-edit', { 'f:data': { 'f:mode': {} } })]), target)).toBeNull()
    expect(carryPrediction(previous, live({ mode: 'fast' }, [], { team: 'b' }), target)).toBeNull()
  })

  it('asks again when a field our manager owns changed, when our managed fields changed, or when the object was recreated', () => {
    // Git no longer sets data.mode, but our manager still owns it: an apply would remove it.
    const withoutData: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: target.metadata }
    expect(carryPrediction(previous, live({ mode: 'x' }, [managed('kubectl-edit', { 'f:data': { 'f:mode': {} } })]), withoutData)).toBeNull()
    const reapplied = { ...live({ mode: 'fast' }), metadata: { ...live({ mode: 'fast' }).metadata, managedFields: [managed('gitops-desk', { 'f:data': { 'f:mode': {} } }, '2026-02-02T00:00:00Z')] } }
    expect(carryPrediction(previous, reapplied, target)).toBeNull()
    const recreated = { ...live({ mode: 'fast', note: 'x' }), metadata: { ...live({}).metadata, uid: 'u2' } }
    expect(carryPrediction(previous, recreated, target)).toBeNull()
  })

  it('asks again when a Secret value the target sets through stringData changed in data', () => {
    const secret = (token: string): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns', uid: 'u2', managedFields: [managed('gitops-desk', { 'f:stringData': { 'f:token': {} } })] }, data: { token } })
    const was = secret('b25l')
    const desired: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, stringData: { token: 'one' } }
    expect(carryPrediction({ live: was, predicted: structuredClone(was) }, secret('dHdv'), desired)).toBeNull()
  })

  it('changedPaths compares arrays and scalars whole', () => {
    expect(changedPaths({ a: { b: [1, 2], c: 1 } }, { a: { b: [1, 3], c: 1 }, d: 2 })).toEqual([['a', 'b'], ['d']])
  })
})

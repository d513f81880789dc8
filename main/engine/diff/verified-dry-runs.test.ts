import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { VerifiedDryRuns } from './verified-dry-runs'

const target = (data: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' }, data: { a: data } })
const live = (resourceVersion: string, uid = 'u1'): K8sObject => ({ ...target('old'), metadata: { name: 'a', namespace: 'ns', uid, resourceVersion } })

describe('verified dry runs', () => {
  it('a dry run is fresh for the same content, context and live version, within its age', () => {
    let now = 1_000_000
    const ledger = new VerifiedDryRuns(300_000, 100, () => now)
    ledger.record('ground-1', target('x'), live('10'))
    ledger.record('ground-1', target('y'), null)
    expect(ledger.freshSince('ground-1', target('x'), live('10'))).toBe(now)
    expect(ledger.freshSince('ground-1', target('y'), null)).toBe(now)
    // Another context, content, live version or object, or nothing live any more: not fresh.
    expect(ledger.freshSince('ground-2', target('x'), live('10'))).toBeUndefined()
    expect(ledger.freshSince('ground-1', target('z'), live('10'))).toBeUndefined()
    expect(ledger.freshSince('ground-1', target('x'), live('11'))).toBeUndefined()
    expect(ledger.freshSince('ground-1', target('x'), live('10', 'u2'))).toBeUndefined()
    expect(ledger.freshSince('ground-1', target('x'), null)).toBeUndefined()
    expect(ledger.freshSince('ground-1', target('y'), live('10'))).toBeUndefined()
    now += 300_001
    expect(ledger.freshSince('ground-1', target('x'), live('10'))).toBeUndefined()
  })

  it('nothing made before a schema change on a context is fresh there', () => {
    let now = 1_000_000
    const ledger = new VerifiedDryRuns(300_000, 100, () => now)
    ledger.record('ground-1', target('x'), null)
    ledger.record('ground-2', target('x'), null)
    now += 5
    ledger.schemaChanged('ground-1')
    expect(ledger.freshSince('ground-1', target('x'), null)).toBeUndefined()
    expect(ledger.freshSince('ground-2', target('x'), null)).toBe(1_000_000)
    now += 5
    ledger.record('ground-1', target('x'), null)
    expect(ledger.freshSince('ground-1', target('x'), null)).toBe(now)
  })

  it('keeps at most its bound, the oldest going first', () => {
    const ledger = new VerifiedDryRuns(300_000, 2)
    for (const data of ['a', 'b', 'c']) ledger.record('ground-1', target(data), null)
    expect(ledger.size).toBe(2)
    expect(ledger.freshSince('ground-1', target('a'), null)).toBeUndefined()
    expect(ledger.freshSince('ground-1', target('c'), null)).toBeDefined()
  })
})

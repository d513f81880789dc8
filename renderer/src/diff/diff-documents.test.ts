import { describe, expect, it } from 'vitest'
import type { ResourceDiff } from '../../../shared/api'
import { changedFirst, wholeApp } from './diff-documents'

const resource = (key: string, status: ResourceDiff['status'], live: string, target: string, extra: Partial<ResourceDiff> = {}): ResourceDiff => ({ key, status, requiresPruning: false, liveYaml: live, targetYaml: target, unifiedDiff: status === 'Synced' ? '' : `--- ${key}`, mode: 'server-side', ...extra })

describe('the diff view’s documents', () => {
  it('puts changed resources first, each group in key order', () => {
    const sorted = changedFirst([resource('/Service/default/b', 'Synced', '', ''), resource('/Service/default/z', 'OutOfSync', '', ''), resource('/Service/default/a', 'Synced', '', ''), resource('/ConfigMap/default/c', 'Missing', '', '')])
    expect(sorted.map((r) => r.key)).toEqual(['/ConfigMap/default/c', '/Service/default/z', '/Service/default/a', '/Service/default/b'])
  })

  it('joins the whole app into one diff whose documents start on the lines their chips go to', () => {
    const { diff, documents } = wholeApp([resource('/ConfigMap/default/c', 'OutOfSync', 'a: 1\n', 'a: 2\nb: 3\n'), resource('/Namespace//team', 'Synced', 'x: 1', 'x: 1')])
    const lines = diff.targetYaml.split('\n')
    expect(documents.map((d) => [d.key, d.line])).toEqual([['/ConfigMap/default/c', 1], ['/Namespace//team', 5]])
    expect(lines[0]).toBe('# ConfigMap default/c: OutOfSync')
    expect(lines[4]).toBe('# Namespace team: Synced')
    expect(lines[3]).toBe('---')
    expect(diff.liveYaml).toBe('# ConfigMap default/c: OutOfSync\na: 1\n---\n# Namespace team: Synced\nx: 1\n')
    expect(diff).toMatchObject({ key: 'all 2 resources', status: 'OutOfSync', requiresPruning: false, unifiedDiff: '--- /ConfigMap/default/c', mode: 'server-side' })
    expect(diff.error).toBeUndefined()
  })

  it('says the whole app is synced only when every resource is, and carries pruning, client-side mode and errors', () => {
    expect(wholeApp([resource('/A/n/a', 'Synced', '', '')]).diff.status).toBe('Synced')
    const { diff } = wholeApp([resource('/A/n/a', 'Extra', 'k: v', '', { requiresPruning: true, mode: 'client-side', error: { code: 'Invalid', message: 'bad field' } }), resource('/A/n/b', 'Synced', '', '')])
    expect(diff).toMatchObject({ status: 'OutOfSync', requiresPruning: true, mode: 'client-side', error: { code: 'Mixed', message: '/A/n/a: bad field' } })
  })
})

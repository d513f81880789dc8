import { describe, expect, it } from 'vitest'
import type { AppSummary, ClusterInfo } from '../../../shared/api'
import { appsMatching, inClusterCount, isInClusterDestination, reachabilityOf, switchConsequence } from './palette-entries'

const cluster = (name: string, more: Partial<ClusterInfo> = {}): ClusterInfo => ({ name, server: `https://${name}:6443`, labels: {}, active: false, protected: false, imported: false, reachable: true, ...more })
const app = (name: string, destination: string) => ({ name, destination }) as AppSummary

describe('the command palette entries', () => {
  it('tells reachable, unreachable (with why) and not checked apart', () => {
    expect(reachabilityOf(cluster('a'))).toBe('reachable')
    expect(reachabilityOf(cluster('a', { reachable: false, reason: 'connection refused' }))).toBe('unreachable')
    expect(reachabilityOf(cluster('a', { reachable: false }))).toBe('unknown')
  })

  it('counts the apps a switch re-targets: in-cluster by name or by server (a trailing slash too), not named contexts', () => {
    expect(isInClusterDestination('in-cluster')).toBe(true)
    expect(isInClusterDestination('https://kubernetes.default.svc')).toBe(true)
    expect(isInClusterDestination('https://kubernetes.default.svc/')).toBe(true)
    expect(isInClusterDestination('ground-1')).toBe(false)
    expect(isInClusterDestination('https://kubernetes.default.svc.cluster.local')).toBe(false)
    expect(inClusterCount([app('a', 'in-cluster'), app('b', 'ground-1'), app('c', 'https://kubernetes.default.svc')])).toBe(2)
  })

  it('says what choosing a context does: what you look at now, in-cluster apps on their next sync only', () => {
    expect(switchConsequence(cluster('ground-1', { active: true }), 3)).toBe('ground-1 is the active context.')
    expect(switchConsequence(cluster('ground-2'), 3)).toBe('Switching to ground-2 changes what you look at. 3 in-cluster apps would sync to ground-2 on their next sync; nothing is synced now.')
    expect(switchConsequence(cluster('ground-2'), 1)).toContain('1 in-cluster app would sync to ground-2')
    expect(switchConsequence(cluster('ground-2'), 0)).toBe('Switching to ground-2 changes what you look at. No in-cluster app re-targets.')
    const protectedDown = switchConsequence(cluster('prod', { protected: true, reachable: false, reason: 'no answer within 5 s' }), 0)
    expect(protectedDown).toContain('prod is protected: its syncs ask for its name.')
    expect(protectedDown).toContain('prod is unreachable now (no answer within 5 s).')
  })

  it('lists apps only once something is typed, by name, case-insensitively, at most the limit', () => {
    const apps = [app('guestbook', 'in-cluster'), app('Guest-2', 'ground-1'), app('web', 'ground-1')]
    expect(appsMatching(apps, '  ', 10)).toEqual([])
    expect(appsMatching(apps, 'guest', 10).map((a) => a.name)).toEqual(['guestbook', 'Guest-2'])
    expect(appsMatching(apps, 'GUEST', 1).map((a) => a.name)).toEqual(['guestbook'])
  })
})

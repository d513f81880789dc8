import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { ambiguousRevisions, deletionFinalizers, refreshPatch, rollbackPatch, syncPatch, terminatePatch } from './argo-operations'
import { argoAppOf, argoSummaryOf, parseArgoAppId } from './argo-app-view'

const app = (more: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): K8sObject =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'guestbook', namespace: 'argocd', resourceVersion: '42', ...metadata },
    spec: { project: 'default', source: { repoURL: 'https://git.example/apps.git', path: 'guestbook', targetRevision: 'main' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'gb' }, syncPolicy: { syncOptions: ['CreateNamespace=true', 'PruneLast=false'] } },
    ...more,
  }) as K8sObject

describe("the operations Argo CD's API server writes", () => {
  it('a sync: the source, the resolved revision, the sync options replacing the app\'s, the hook strategy with force, the chosen resources, initiatedBy the user, an empty retry; the old operationState cleared', () => {
    const sha = 'a'.repeat(40)
    expect(ambiguousRevisions(app(), {})).toEqual([{ repoURL: 'https://git.example/apps.git', revision: 'main', chart: false }])
    expect(ambiguousRevisions(app(), { revision: 'v2' })[0]?.revision).toBe('v2')
    const patch = syncPatch(app(), { prune: true, force: true, syncOptions: ['PruneLast=true'], resources: ['apps/Deployment/gb/guestbook-ui'] }, 'ground-1-admin', [sha])
    expect(patch).toEqual({
      metadata: { resourceVersion: '42' },
      operation: {
        initiatedBy: { username: 'ground-1-admin' },
        retry: {},
        sync: { source: { repoURL: 'https://git.example/apps.git', path: 'guestbook', targetRevision: 'main' }, revision: sha, prune: true, syncOptions: ['PruneLast=true'], syncStrategy: { hook: { force: true } }, resources: [{ group: 'apps', kind: 'Deployment', namespace: 'gb', name: 'guestbook-ui' }] },
      },
      status: { operationState: null },
    })
    // Nothing chosen: the app's options; false flags left out, as Go writes them.
    expect((syncPatch(app(), {}, 'u', [sha]).operation as { sync: unknown }).sync).toEqual({ source: { repoURL: 'https://git.example/apps.git', path: 'guestbook', targetRevision: 'main' }, revision: sha, syncOptions: ['CreateNamespace=true', 'PruneLast=false'], syncStrategy: { hook: {} } })
  })

  it('a core resource is written without a group, as Go writes it', () => {
    const sync = (syncPatch(app(), { resources: ['/ConfigMap/gb/settings'] }, 'u', ['a'.repeat(40)]).operation as { sync: { resources: unknown } }).sync
    expect(sync.resources).toEqual([{ kind: 'ConfigMap', namespace: 'gb', name: 'settings' }])
  })

  it('refuses a sync while another operation is written, or while the app is deleting', () => {
    expect(() => syncPatch(app({ operation: { sync: {} } }), {}, 'u', [])).toThrow(/another operation is already in progress/)
    expect(() => syncPatch(app({}, { deletionTimestamp: '2026-12-07T10:00:00Z' }), {}, 'u', [])).toThrow(/application is deleting/)
  })

  it("a rollback syncs the history entry's source and revision with the apply strategy; refused with auto-sync on or an unknown id", () => {
    const history = [{ id: 3, revision: 'abc', source: { repoURL: 'https://git.example/apps.git', path: 'guestbook', targetRevision: 'v1' } }]
    const patch = rollbackPatch(app({ status: { history } }), 3, {}, 'me')
    expect(patch.operation).toEqual({ initiatedBy: { username: 'me' }, retry: {}, sync: { revision: 'abc', syncOptions: ['CreateNamespace=true', 'PruneLast=false'], syncStrategy: { apply: {} }, source: history[0]!.source } })
    expect(() => rollbackPatch(app({ status: { history } }), 9, {}, 'me')).toThrow(/does not have deployment with id 9/)
    const automated = app({ status: { history } })
    ;(automated as unknown as { spec: { syncPolicy: object } }).spec.syncPolicy = { automated: {} }
    expect(() => rollbackPatch(automated, 3, {}, 'me')).toThrow(/rollback cannot be initiated when auto-sync is enabled/)
  })

  it('refresh sets the refresh annotation (and hydrate, as the server does); terminate needs a running operation', () => {
    expect(refreshPatch(true)).toEqual({ metadata: { annotations: { 'argocd.argoproj.io/refresh': 'hard', 'argocd.argoproj.io/hydrate': 'normal' } } })
    expect(() => terminatePatch(app())).toThrow(/No operation is in progress/)
    expect(terminatePatch(app({ operation: { sync: {} }, status: { operationState: { phase: 'Running' } } }))).toEqual({ metadata: { resourceVersion: '42' }, status: { operationState: { phase: 'Terminating' } } })
  })

  it("a deletion's finalizers: the resources finalizer for a cascade (its /background variant for background), none taken off for no cascade", () => {
    expect(deletionFinalizers(app(), 'foreground')).toEqual(['resources-finalizer.argocd.argoproj.io'])
    expect(deletionFinalizers(app(), 'background')).toEqual(['resources-finalizer.argocd.argoproj.io/background'])
    expect(deletionFinalizers(app({}, { finalizers: ['resources-finalizer.argocd.argoproj.io'] }), 'foreground')).toBeNull()
    expect(deletionFinalizers(app({}, { finalizers: ['resources-finalizer.argocd.argoproj.io', 'other'] }), 'none')).toEqual(['other'])
    expect(deletionFinalizers(app(), 'none')).toBeNull()
  })
})

describe("an Argo CD app as the desk shows it: Argo CD's status, copied", () => {
  const status = {
    sync: { status: 'OutOfSync', revision: 'abc' },
    health: { status: 'Degraded', message: 'Deployment has not progressed' },
    operationState: { phase: 'Succeeded', message: 'successfully synced', operation: { initiatedBy: { username: 'alice' } }, syncResult: { revision: 'abc', resources: [{ group: 'apps', kind: 'Deployment', namespace: 'gb', name: 'ui', status: 'Synced', message: 'configured' }] } },
    history: [{ id: 0, revision: 'abc', deployedAt: '2026-12-07T10:00:00Z', source: { repoURL: 'r', path: 'p' } }],
    resources: [{ group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'gb', name: 'ui', status: 'OutOfSync', health: { status: 'Degraded' } }],
  }
  it('keeps every verdict as written, and names the app by its instance', () => {
    const view = argoAppOf(app({ status }), 'ground-1')
    expect(view).toMatchObject({ id: 'argocd@ground-1/guestbook', instance: 'argocd@ground-1', sync: { status: 'OutOfSync', revision: 'abc' }, health: { status: 'Degraded', message: 'Deployment has not progressed' }, operationState: { phase: 'Succeeded', initiatedBy: 'alice', results: [{ key: 'apps/Deployment/gb/ui', status: 'Synced' }] }, history: [{ id: 0, source: 'r p' }], resources: [{ key: 'apps/Deployment/gb/ui', health: 'Degraded' }] })
    expect(argoSummaryOf(view)).toMatchObject({ name: 'argocd@ground-1/guestbook', argocd: { instance: 'argocd@ground-1', name: 'guestbook', operationPhase: 'Succeeded' }, status: { sync: 'OutOfSync', health: 'Degraded', needsAttention: true }, cascade: 'none' })
    expect(argoAppOf(app({}, { namespace: 'team-argo' }), 'ground-2').id).toBe('argocd@ground-2/team-argo/guestbook')
  })

  it('reads ids back, and refuses what is not one', () => {
    expect(parseArgoAppId('argocd@ground-1/guestbook')).toEqual({ context: 'ground-1', namespace: 'argocd', name: 'guestbook' })
    expect(parseArgoAppId('argocd@ground-2/team-argo/guestbook')).toEqual({ context: 'ground-2', namespace: 'team-argo', name: 'guestbook' })
    expect(() => parseArgoAppId('guestbook')).toThrow(/is not an Argo CD app/)
  })
})

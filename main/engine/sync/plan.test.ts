import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type K8sObject } from '../base/objects'
import { objectsFromYaml } from '../render/objects'
import { hookPhases, planSync, waveOf } from './plan'

// The real fixture apps (read-only, beside the repo).
const fixtures = join(import.meta.dirname, '../../../../shared/fixtures/argocd-example-apps')
const read = (...files: string[]) => files.flatMap((f) => objectsFromYaml(readFileSync(join(fixtures, f), 'utf8'), f))
const options = { revision: '0123456789abcdef0123456789abcdef01234567', startedAt: new Date('2026-11-24T10:00:00Z') }
const steps = (tasks: ReturnType<typeof planSync>) => tasks.map((t) => `${t.phase} ${t.wave} ${t.action} ${t.obj.kind}/${t.obj.metadata.name}`)

describe('sync plan', () => {
  it('sync-waves: PreSync hook, then waves in order, hooks inside their wave', () => {
    expect(steps(planSync(read('sync-waves/manifests.yaml'), [], options))).toEqual([
      'PreSync 0 hook Job/upgrade-sql-schema0123456-presync-1795514400',
      'Sync 0 apply Service/backend',
      'Sync 0 apply ReplicaSet/backend',
      'Sync 1 hook Job/maint-page-up',
      'Sync 2 apply Service/frontend',
      'Sync 2 apply ReplicaSet/frontend',
      'Sync 3 hook Job/maint-page-down',
    ])
  })

  it('pre-post-sync: PreSync and PostSync hooks around the app, with their delete policies', () => {
    const tasks = planSync(read('pre-post-sync/pre-sync-job.yaml', 'pre-post-sync/post-sync-job.yaml', 'kustomize-guestbook/guestbook-ui-deployment.yaml', 'kustomize-guestbook/guestbook-ui-svc.yaml'), [], options)
    expect(tasks.map((t) => `${t.phase} ${t.obj.kind}`)).toEqual(['PreSync Job', 'Sync Service', 'Sync Deployment', 'PostSync Job'])
    expect(tasks[0]!.deletePolicies).toEqual(['HookSucceeded'])
  })

  it('helm-hooks: Helm hook annotations map to phases, weights to waves, policies to Argo CD names', () => {
    const objects = read('helm-hooks/manifests.yaml')
    const tasks = planSync(objects, [], options)
    expect(tasks.map((t) => `${t.phase} ${t.wave} ${t.obj.kind}`)).toEqual(['PreSync -2 Job', 'PreSync -1 Job', 'Sync 0 ReplicaSet', 'Sync 2 Service', 'PostSync 0 Job'])
    expect(tasks[1]!.deletePolicies).toEqual(['BeforeHookCreation'])
  })

  it('namespaces and CRDs before what lives in them; unknown kinds last', () => {
    const mk = (apiVersion: string, kind: string, name: string): K8sObject => ({ apiVersion, kind, metadata: { name } })
    const tasks = planSync([mk('example.com/v1', 'Widget', 'w'), mk('apps/v1', 'Deployment', 'd'), mk('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'), mk('v1', 'Namespace', 'team')], [], options)
    expect(tasks.map((t) => t.obj.kind)).toEqual(['Namespace', 'CustomResourceDefinition', 'Deployment', 'Widget'])
  })

  it('prunes run before applies, in reverse wave order; PruneLast after the last wave', () => {
    const mk = (kind: string, name: string, annotations: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, annotations } })
    const tasks = planSync([mk('ConfigMap', 'keep', { 'argocd.argoproj.io/sync-wave': '1' })], [mk('ConfigMap', 'old-early'), mk('ConfigMap', 'old-late', { 'argocd.argoproj.io/sync-wave': '5' }), mk('Secret', 'old-last', { 'argocd.argoproj.io/sync-options': 'PruneLast=true' })], options)
    expect(steps(tasks)).toEqual(['Sync -5 prune ConfigMap/old-late', 'Sync 0 prune ConfigMap/old-early', 'Sync 1 apply ConfigMap/keep', 'Sync 2 prune Secret/old-last'])
  })

  it("the app's or the sync's PruneLast=true prunes everything after the last wave; a resource's PruneLast=false keeps its place", () => {
    const mk = (kind: string, name: string, annotations: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, annotations } })
    const tasks = planSync([mk('ConfigMap', 'keep', { 'argocd.argoproj.io/sync-wave': '1' })], [mk('ConfigMap', 'old'), mk('Secret', 'early', { 'argocd.argoproj.io/sync-options': 'PruneLast=false' })], { ...options, appSyncOptions: ['PruneLast=true'] })
    expect(steps(tasks)).toEqual(['Sync 0 prune Secret/early', 'Sync 1 apply ConfigMap/keep', 'Sync 2 prune ConfigMap/old'])
  })

  it('a selective sync runs only the chosen resources and no hooks', () => {
    const objects = read('sync-waves/manifests.yaml')
    const tasks = planSync(objects, [], { ...options, only: new Set(['/Service//frontend']) })
    expect(steps(tasks)).toEqual(['Sync 2 apply Service/frontend'])
  })

  it('a rollback (noHooks) applies everything but the hooks', () => {
    const tasks = planSync(read('sync-waves/manifests.yaml'), [], { ...options, noHooks: true })
    expect(tasks.every((t) => t.action === 'apply')).toBe(true)
    expect(tasks).toHaveLength(4)
  })

  it('reads hook and wave annotations as Argo CD does', () => {
    const obj = (annotations: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations } })
    expect(hookPhases(obj({ 'argocd.argoproj.io/hook': 'PreSync,PostSync' }))).toEqual(['PreSync', 'PostSync'])
    expect(hookPhases(obj({ 'argocd.argoproj.io/hook': 'Skip' }))).toEqual(['Skip'])
    expect(hookPhases(obj({ 'helm.sh/hook': 'test' }))).toEqual(['Skip'])
    expect(waveOf(obj({ 'argocd.argoproj.io/sync-wave': '-3', 'helm.sh/hook-weight': '9' }))).toBe(-3)
    expect(waveOf(obj({ 'argocd.argoproj.io/sync-wave': 'soon' }))).toBe(0)
  })
})

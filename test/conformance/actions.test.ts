import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { availableActions } from '../../main/engine/actions/available'
import { groupOf, type K8sObject } from '../../main/engine/base/objects'
import { BundledScripts } from '../../main/engine/customizations/bundled-scripts'
import { LuaScripts } from '../../main/engine/lua/lua-scripts'
import { deviations } from './sides'

// Resource actions against Argo CD's own: `argocd admin settings resource-overrides list-actions`
// says which actions each object offers, `run-action` what each does to it, both from the actions
// compiled into the argocd binary; GitOps Desk offers and runs the same actions as its engine does
// (Argo CD's bundled discovery.lua and action.lua, from the module, in GitOps Desk's Lua VM).
// The CLI lists nothing for a kind its argocd-cm does not name, so the argocd-cm given to it names
// each kind with a discovery that offers nothing and mergeBuiltinActions: everything it lists and
// runs is the binary's own. Differences fail unless docs/deviations.md lists them (case
// `action:FIXTURE`, field `actions`).
const argocd = inject('argocdBinary')
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-action-conformance-'))
const listed = deviations().filter((d) => d.case.startsWith('action:'))
const used = new Set<string>()
const bundled = new BundledScripts()
let lua: LuaScripts
beforeAll(async () => (lua = await LuaScripts.create()))
afterAll(async () => {
  await lua?.close()
  rmSync(work, { recursive: true, force: true })
})

type Obj = K8sObject & Record<string, unknown>
const rollout = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): Obj => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'app', generation: 3 }, spec: { replicas: 2, strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }] } }, ...spec }, status: { observedGeneration: '3', ...status } })
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } }
const flux = (apiVersion: string, kind: string, suspend?: boolean): Obj => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'flux-system' }, spec: { interval: '5m', ...(suspend !== undefined ? { suspend } : {}) } })
const cases: Record<string, Obj> = {
  'deployment-running': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'app' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } },
  'deployment-paused': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'app' }, spec: { replicas: 2, paused: true, selector: { matchLabels: { app: 'web' } }, template } },
  'statefulset': { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'app' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'web' } }, template } },
  'daemonset': { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'app' }, spec: { selector: { matchLabels: { app: 'web' } }, template } },
  'cronjob-active': { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'app', uid: 'u-1' }, spec: { schedule: '0 1 * * *', jobTemplate: { metadata: { labels: { team: 'a' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } },
  'cronjob-suspended': { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'app', uid: 'u-1' }, spec: { schedule: '0 1 * * *', suspend: true, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } },
  'rollout-paused-step': rollout({ currentPodHash: 'new', stableRS: 'old', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-11-29T00:00:00Z' }] }),
  'rollout-aborted': rollout({ currentPodHash: 'new', stableRS: 'old', currentStepIndex: 0, abort: true }),
  'rollout-promoted': rollout({ currentPodHash: 'a', stableRS: 'a', currentStepIndex: 3 }),
  'rollout-spec-paused': rollout({ currentPodHash: 'new', stableRS: 'old', currentStepIndex: 2 }, { paused: true }),
  'rollout-bluegreen-legacy': rollout({ observedGeneration: 'abc123', currentPodHash: 'new', stableRS: 'old' }, { strategy: { blueGreen: { activeService: 'web' } } }),
  'externalsecret-hourly': { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'app' }, spec: { refreshInterval: '1h', secretStoreRef: { name: 'vault' } } },
  'externalsecret-no-refresh': { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'app' }, spec: { refreshInterval: '0', secretStoreRef: { name: 'vault' } } },
  'helmrelease-active': flux('helm.toolkit.fluxcd.io/v2', 'HelmRelease', false),
  'helmrelease-suspended': flux('helm.toolkit.fluxcd.io/v2', 'HelmRelease', true),
  'kustomization-active': flux('kustomize.toolkit.fluxcd.io/v1', 'Kustomization'),
  'gitrepository-suspended': flux('source.toolkit.fluxcd.io/v1', 'GitRepository', true),
  'ocirepository-active': flux('source.toolkit.fluxcd.io/v1beta2', 'OCIRepository', false),
  'alert-active': flux('notification.toolkit.fluxcd.io/v1beta3', 'Alert', false),
}

/** Writes the object and an argocd-cm that lets the CLI show the binary's own actions for its kind. */
function argoFiles(name: string, obj: Obj): { file: string; cm: string } {
  const key = `resource.customizations.actions.${groupOf(obj.apiVersion)}_${obj.kind}`
  const cm = join(work, `${name}-cm.yaml`)
  writeFileSync(cm, YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' }, data: { [key]: YAML.stringify({ 'discovery.lua': 'return {}', mergeBuiltinActions: true }) } }))
  const file = join(work, `${name}.yaml`)
  writeFileSync(file, YAML.stringify(obj))
  return { file, cm }
}

const argo = (args: string[]) => execFileSync(argocd, ['admin', 'settings', 'resource-overrides', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000, env: { ...process.env, KUBECTL_EXTERNAL_DIFF: `sh -c 'echo ${resultMark}; cat "$2"; echo; echo ${resultMark}' sh` } })
const resultMark = '===RESULT==='

/** What Argo CD lists: `name` or `name (disabled)`, sorted. */
function argoList(name: string, obj: Obj): string {
  const { file, cm } = argoFiles(name, obj)
  const out = argo(['list-actions', file, '--argocd-cm-path', cm])
  return out.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((cells) => cells.length === 2).map(([n, disabled]) => `${n}${disabled === 'true' ? ' (disabled)' : ''}`).sort().join(', ')
}

/**
 * What running an action does in Argo CD, as operations: a patch shows as the changed object (the
 * CLI's diff tool, set to print the changed side), a create as the created object.
 */
function argoRun(name: string, obj: Obj, action: string, params: Record<string, string>): { operation: string; resource: unknown }[] {
  const { file, cm } = argoFiles(name, obj)
  const out = argo(['run-action', file, action, '--argocd-cm-path', cm, ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`])])
  const operations: { operation: string; resource: unknown }[] = []
  const parts = out.split('Following resource was created:\n')
  for (const [i, part] of parts.entries()) {
    if (i > 0) {
      const end = part.indexOf('Following fields have been changed:')
      operations.push({ operation: 'create', resource: YAML.parse(end < 0 ? part : part.slice(0, end)) })
    }
    for (const patched of part.split(resultMark).filter((_, j) => j % 2 === 1)) operations.push({ operation: 'patch', resource: YAML.parse(patched) })
  }
  return operations
}

// Times differ by the second the script ran in; the shape and everything else must not.
const masked = (value: unknown) => JSON.stringify(value).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?/g, 'TIME').replace(/-\d{10}"/g, '-STAMP"')
const sorted = (value: unknown): unknown => (Array.isArray(value) ? value.map(sorted) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])])) : value)

describe('resource actions conformance', () => {
  it.each(Object.keys(cases))('%s: the actions Argo CD offers, each changing the object as Argo CD does', (name) => {
    const obj = cases[name]!
    expect(bundled.actions(groupOf(obj.apiVersion), obj.kind), `Argo CD has no actions for ${obj.kind}`).not.toBeNull()
    const ours = availableActions(obj, { actions: {} }, lua, bundled)
    const argoListed = argoList(name, obj)
    const desk = ours.map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`).sort().join(', ')
    if (argoListed !== desk) {
      const row = listed.find((d) => d.field.test('actions') && d.matches(`action:${name}`, `${argoListed} → ${desk}`))
      if (row) used.add(row.text)
      else expect(`${argoListed} → ${desk}`, `${name}: Argo CD → GitOps Desk, not in docs/deviations.md`).toBe(`${argoListed} → ${argoListed}`)
    }
    for (const action of ours.filter((a) => !a.disabled)) {
      // Parameterized actions get the same values on both sides (scale: replicas).
      const params = Object.fromEntries((action.params ?? []).map((p) => [p.name, '5']))
      const theirs = argoRun(name, obj, action.name, params)
      expect(masked(sorted(action.run(obj, params))), `${name} ${action.name}`).toBe(masked(sorted(theirs)))
    }
  })

  it('docs/deviations.md lists only action differences that still occur', () => {
    expect(listed.filter((d) => !used.has(d.text)).map((d) => d.text)).toEqual([])
  })
})

import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { actionsFor } from '../../main/engine/actions/builtin'
import { keepShapes } from '../../main/engine/actions/lua-actions'
import { groupOf, type K8sObject } from '../../main/engine/base/objects'
import { LuaScripts } from '../../main/engine/lua/lua-scripts'
import { deviations } from './sides'

// Resource actions against Argo CD's own: its bundled discovery.lua and action.lua for each kind
// (from its Go module) are put in an argocd-cm, and `argocd admin settings resource-overrides
// list-actions` says which actions each object offers; GitOps Desk's built-in actions must offer
// the same, and each must change the object exactly as Argo CD's script does (run in GitOps
// Desk's Lua VM, which also shows that VM runs Argo CD's scripts). Differences fail unless
// docs/deviations.md lists them (case `action:FIXTURE`, field `actions`).
const argocd = inject('argocdBinary')
const scripts = join(inject('argocdModuleDir'), 'resource_customizations')
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-action-conformance-'))
const listed = deviations().filter((d) => d.case.startsWith('action:'))
const used = new Set<string>()
let lua: LuaScripts
beforeAll(async () => (lua = await LuaScripts.create()))
afterAll(() => {
  lua?.close()
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

/** Argo CD's bundled actions for a kind, as the argocd-cm entry that carries them. */
function argoActions(obj: Obj): { discovery: string; definitions: { name: string; script: string }[] } | null {
  const dir = join(scripts, groupOf(obj.apiVersion) || '_', obj.kind, 'actions')
  if (!existsSync(join(dir, 'discovery.lua'))) return null
  const definitions = readdirSync(dir).filter((n) => existsSync(join(dir, n, 'action.lua'))).map((name) => ({ name, script: readFileSync(join(dir, name, 'action.lua'), 'utf8') }))
  return { discovery: readFileSync(join(dir, 'discovery.lua'), 'utf8'), definitions }
}

/** What Argo CD lists: `name` or `name (disabled)`, sorted. */
function argoList(name: string, obj: Obj, actions: NonNullable<ReturnType<typeof argoActions>>): string {
  const key = `resource.customizations.actions.${groupOf(obj.apiVersion)}_${obj.kind}`
  const cm = join(work, `${name}-cm.yaml`)
  writeFileSync(cm, YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' }, data: { [key]: YAML.stringify({ 'discovery.lua': actions.discovery, definitions: actions.definitions.map((d) => ({ name: d.name, 'action.lua': d.script })) }) } }))
  const file = join(work, `${name}.yaml`)
  writeFileSync(file, YAML.stringify(obj))
  const out = execFileSync(argocd, ['admin', 'settings', 'resource-overrides', 'list-actions', file, '--argocd-cm-path', cm], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 })
  return out.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((cells) => cells.length === 2).map(([n, disabled]) => `${n}${disabled === 'true' ? ' (disabled)' : ''}`).sort().join(', ')
}

// Times differ by the second the script ran in; the shape and everything else must not.
const masked = (value: unknown) => JSON.stringify(value).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?/g, 'TIME').replace(/-\d{10}"/g, '-STAMP"')
const sorted = (value: unknown): unknown => (Array.isArray(value) ? value.map(sorted) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])])) : value)

describe('resource actions conformance', () => {
  it.each(Object.keys(cases))('%s: the actions Argo CD offers, each changing the object as its script does', (name) => {
    const obj = cases[name]!
    const actions = argoActions(obj)
    expect(actions, `Argo CD has no actions for ${obj.kind}`).not.toBeNull()
    const ours = actionsFor(obj)
    const argo = argoList(name, obj, actions!)
    const desk = ours.map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`).sort().join(', ')
    if (argo !== desk) {
      const row = listed.find((d) => d.field.test('actions') && d.matches(`action:${name}`, `${argo} → ${desk}`))
      if (row) used.add(row.text)
      else expect(`${argo} → ${desk}`, `${name}: Argo CD → GitOps Desk, not in docs/deviations.md`).toBe(`${argo} → ${argo}`)
    }
    const now = new Date()
    for (const action of ours.filter((a) => !a.disabled)) {
      const script = actions!.definitions.find((d) => d.name === action.name)
      if (!script) continue
      // Parameterized actions get the same values on both sides (scale: replicas).
      const params = Object.fromEntries((action.params ?? []).map((p) => [p.name, '5']))
      const result = lua.runAction(script.script, obj, params)
      const theirs = Array.isArray(result) ? result.map((r: { operation: string; resource: unknown }) => ({ operation: r.operation, resource: r.resource })) : [{ operation: 'patch', resource: keepShapes(result, obj) }]
      expect(masked(sorted(action.run(obj, now, params))), `${name} ${action.name}`).toBe(masked(sorted(theirs)))
    }
  })

  it('docs/deviations.md lists only action differences that still occur', () => {
    expect(listed.filter((d) => !used.has(d.text)).map((d) => d.text)).toEqual([])
  })
})

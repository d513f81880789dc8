import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import jsyaml from 'js-yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { availableActions } from '../../main/engine/actions/available'
import { runLuaAction } from '../../main/engine/actions/lua-actions'
import { groupOf, type K8sObject } from '../../main/engine/base/objects'
import { BundledScripts } from '../../main/engine/customizations/bundled-scripts'
import { HealthChecks } from '../../main/engine/health/custom-health'
import { LuaScripts } from '../../main/engine/lua/lua-scripts'
import { deviations } from '../conformance/sides'

// Argo CD's own tests of the scripts it ships, as ours: every health_test.yaml and
// action_test.yaml under resource_customizations of the Argo CD module the app bundles (the
// version pinned in test/argocd/go.mod), asked of GitOps Desk's engine as it judges live objects
// (the bundled script found by the object's group and kind, in GitOps Desk's Lua VM). A case that
// disagrees fails unless docs/deviations.md lists it (case `argocd-test:<group>/<Kind>/<input>`,
// values `expected → ours`).
const moduleDir = (JSON.parse(execFileSync('go', ['mod', 'download', '-json', 'github.com/argoproj/argo-cd/v3'], { cwd: resolve(import.meta.dirname, '../argocd'), encoding: 'utf8' })) as { Dir: string }).Dir
const root = join(moduleDir, 'resource_customizations')
const listed = deviations().filter((d) => d.case.startsWith('argocd-test:'))
const used = new Set<string>()
/** Whether docs/deviations.md lists this disagreement (`expected → ours`). */
const isListed = (name: string, values: string) => listed.find((d) => d.matches(`argocd-test:${name}`, values) && used.add(d.case))
const lua = new LuaScripts()
const bundled = new BundledScripts()
const checks = new HealthChecks({ lua: () => lua, bundled, remember: false })
afterAll(() => lua.close())

function files(dir: string, name: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) files(path, name, found)
    else if (entry === name) found.push(path)
  }
  return found
}

// Argo CD reads these with sigs.k8s.io/yaml (go-yaml): the first document, field names matched
// case-insensitively (one file says `inputpath`), a repeated key's last value.
const load = (path: string): Record<string, unknown> => jsyaml.loadAll(readFileSync(path, 'utf8'), undefined, { json: true })[0] as Record<string, unknown>
const field = (test: Record<string, unknown>, name: string): unknown => Object.entries(test).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
const caseName = (dir: string, input: string) => `${relative(root, dir).replace(/\/actions$/, '')}/${input}`

const healthCases = files(root, 'health_test.yaml').flatMap((file) =>
  ((load(file).tests as Record<string, unknown>[] | undefined) ?? []).map((test) => {
    const input = String(field(test, 'inputPath'))
    const expected = field(test, 'healthStatus') as { status?: string; message?: string }
    return { name: caseName(dirname(file), input), path: join(dirname(file), input), expected: `${expected.status ?? ''} ${expected.message ?? ''}`.trim() }
  }),
)

describe(`Argo CD's own health_test.yaml cases (${healthCases.length})`, () => {
  it('are as many as Argo CD v3.2.11 ships (a changed layout would test nothing)', () => {
    expect(healthCases.length).toBeGreaterThanOrEqual(1000)
  })

  it.each(healthCases)('$name', ({ name, path, expected }) => {
    const obj = load(path) as K8sObject
    // An object being deleted is "Pending deletion" before any script runs (gitops-engine's rule,
    // in the engine as in Argo CD's controller); Argo CD's test runs the script itself for those.
    const health = obj.metadata?.deletionTimestamp ? lua.health(bundled.healthScript(groupOf(obj.apiVersion), obj.kind)!, obj, true, true) : checks.healthOf(obj)
    const ours = health ? `${health.status} ${health.message}`.trim() : '-'
    if (ours !== expected && isListed(name, `${expected} → ${ours}`)) return
    expect(ours).toBe(expected)
  })
})

type Action = { name: string; disabled?: boolean; displayName?: string; iconClass?: string; params?: { name: string; type?: string; default?: string }[] }
type ActionTest = { action: string; inputPath: string; expectedOutputPath?: string; expectedErrorMessage?: string; parameters?: Record<string, string> }
const actionFiles = files(root, 'action_test.yaml').map((file) => ({ dir: dirname(file), tests: load(file) as { discoveryTests?: { inputPath: string; result: Action[] }[]; actionTests?: ActionTest[] } }))
const discoveryCases = actionFiles.flatMap(({ dir, tests }) => (tests.discoveryTests ?? []).map((t) => ({ name: caseName(dir, `discovery/${t.inputPath}`), path: join(dir, t.inputPath), result: t.result })))
const actionCases = actionFiles.flatMap(({ dir, tests }) => (tests.actionTests ?? []).map((t) => ({ name: caseName(dir, `${t.action}/${t.inputPath}${t.parameters ? `?${new URLSearchParams(t.parameters)}` : ''}`), dir, ...t })))

describe(`Argo CD's own action_test.yaml cases (${discoveryCases.length} discoveries, ${actionCases.length} actions)`, () => {
  it.each(discoveryCases)('$name: every action offered is one Argo CD offers, as Argo CD offers it', ({ path, result }) => {
    const obj = load(path) as K8sObject
    const ours = availableActions(obj, { actions: {} }, lua, bundled)
    const theirs = new Map(result.map((a) => [a.name, a]))
    for (const action of ours) {
      const expected = theirs.get(action.name)
      expect(expected, `${action.name} is not one of Argo CD's`).toBeDefined()
      expect({ disabled: action.disabled, displayName: action.description }).toEqual({ disabled: expected!.disabled ?? false, displayName: expected!.displayName ?? action.description })
      expect((action.params ?? []).map((p) => p.name)).toEqual((expected!.params ?? []).map((p) => p.name))
    }
  })

  it.each(actionCases)('$name', ({ name, dir, action, inputPath, expectedOutputPath, expectedErrorMessage, parameters }) => {
    const source = load(join(dir, inputPath)) as K8sObject
    // As Argo CD's test: the action's script by name, whatever discovery would say of this object.
    const script = bundled.actions(groupOf(source.apiVersion), source.kind)?.definitions.find((d) => d.name === action)
    expect(script, `Argo CD ships no action ${action} for ${source.kind}`).toBeDefined()
    const run = (params: Record<string, string>) => runLuaAction(lua, { script: script!.script, trusted: true }, source, params)
    if (expectedErrorMessage) return expect(() => run(parameters ?? {})).toThrow(new RegExp(`failed: ${escapeRegExp(expectedErrorMessage)}$`))
    const results = run(parameters ?? {})
    const expected = expectedList(join(dir, expectedOutputPath!))
    expect(results.length, name).toBeGreaterThan(0)
    for (const { operation, resource } of results) {
      const derived = (resource.kind === 'Job' && source.kind === 'CronJob') || (resource.kind === 'Workflow' && (source.kind === 'CronWorkflow' || source.kind === 'WorkflowTemplate'))
      const match = expected.find((e) => e.apiVersion === resource.apiVersion && e.kind === resource.kind && e.metadata?.namespace === resource.metadata.namespace && (derived ? String(e.metadata?.name).startsWith(source.metadata.name!) : e.metadata?.name === resource.metadata.name))
      expect(match, `${operation} ${resource.kind}/${resource.metadata.name} is not in ${expectedOutputPath}`).toBeDefined()
      const result = structuredClone(resource) as K8sObject
      if (operation === 'create' && derived) result.metadata.name = match!.metadata!.name
      expect(differences(normalized(match!), normalized(result))).toEqual([])
    }
  })
})

type Expected = K8sObject & { metadata?: { name?: string; namespace?: string } }
/** An expected output: one object (an old-style action), or a list of {unstructuredObj} (new style). */
function expectedList(path: string): Expected[] {
  const text = readFileSync(path, 'utf8')
  if (text.startsWith('-')) return (jsyaml.load(text, { json: true }) as { unstructuredObj: Expected }[]).map((i) => i.unstructuredObj)
  return [load(path) as Expected]
}

/** Argo CD's test normalizer: times an action stamps are set to one value on both sides. */
function normalized(obj: K8sObject): Record<string, unknown> {
  const o = structuredClone(obj) as K8sObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> }
  const set = (path: string[], value: unknown) => {
    let at = o as Record<string, unknown>
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>
    if (value === undefined) delete at[path.at(-1)!]
    else at[path.at(-1)!] = value
  }
  if (['DaemonSet', 'Deployment', 'StatefulSet'].includes(o.kind)) set(['spec', 'template', 'metadata', 'annotations'], { 'kubectl.kubernetes.io/restartedAt': '0001-01-01T00:00:00Z' })
  if (o.kind === 'Deployment') for (const path of [['status'], ['metadata', 'creationTimestamp'], ['metadata', 'generation']]) set(path, undefined)
  if (o.kind === 'Rollout') set(['spec', 'restartAt'], undefined)
  if (o.kind === 'ExternalSecret' || o.kind === 'PushSecret') set(['metadata', 'annotations'], { 'force-sync': '0001-01-01T00:00:00Z' })
  if (o.kind === 'Workflow') for (const path of [['metadata', 'resourceVersion'], ['metadata', 'uid'], ['metadata', 'annotations', 'workflows.argoproj.io/scheduled-time']]) set(path, undefined)
  if (['HelmRelease', 'ImageRepository', 'ImageUpdateAutomation', 'Kustomization', 'Receiver', 'Bucket', 'GitRepository', 'HelmChart', 'HelmRepository', 'OCIRepository'].includes(o.kind)) set(['metadata', 'annotations'], { 'reconcile.fluxcd.io/requestedAt': 'By Argo CD at: 0001-01-01T00:00:00' })
  if (o.kind === 'Job') for (const c of (o.status?.conditions as { type?: string; lastTransitionTime?: string }[] | undefined) ?? []) if (c.type === 'FailureTarget') c.lastTransitionTime = '0001-01-01T00:00:00Z'
  return o as Record<string, unknown>
}

/**
 * Where the result differs from the expected object as Argo CD's test diff sees it (gitops-engine's
 * two-way diff: the expected object applied over the result must change nothing): each expected
 * field must be in the result with the same value (numbers by value, lists item by item, null as
 * absent); fields only the result has do not count.
 */
function differences(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected === null || expected === undefined) return actual === null || actual === undefined ? [] : [`${path}: expected none, got ${JSON.stringify(actual)}`]
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`]
    return expected.flatMap((e, i) => differences(e, actual[i], `${path}[${i}]`))
  }
  if (typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`]
    return Object.entries(expected).flatMap(([k, v]) => differences(v, (actual as Record<string, unknown>)[k], `${path}.${k}`))
  }
  return expected === actual || (typeof expected === 'number' && Number(actual) === expected && typeof actual === 'number') ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`]
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

// Every listed deviation must still be needed (a fixed one is removed from the list).
describe('docs/deviations.md rows for these cases', () => {
  it('are each still needed', () => {
    expect(listed.map((d) => d.case).filter((c) => !used.has(c))).toEqual([])
    expect(existsSync(root)).toBe(true)
  })
})

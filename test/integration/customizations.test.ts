import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// An Argo CD user's argocd-cm, imported, on the ground: a Lua health check for a kind of their
// own (Widget), an ignoreDifferences rule for all kinds, and Lua actions (one writes status
// through the subresource, one makes a new object) — honoured by health, diff and the action menu.
const kubectl = kubectlOn('ground-1').run
const { desk } = openGroundDesk('custom')
const repo = FixtureRepo.create([])
afterAll(() => repo.remove())

const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' }, versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] } }

const argocdCm = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'argocd-cm', namespace: 'argocd' },
  data: {
    'resource.customizations.health.example.com_Widget': [
      'hs = {}',
      'if obj.status ~= nil and obj.status.phase == "Ready" then',
      '  hs.status = "Healthy"; hs.message = "widget " .. obj.metadata.name .. " is ready"; return hs',
      'end',
      'hs.status = "Progressing"; hs.message = "waiting for widget " .. obj.metadata.name',
      'return hs',
    ].join('\n'),
    'resource.customizations.ignoreDifferences.all': 'jsonPointers:\n- /metadata/labels/tier\n',
    'resource.customizations.actions.example.com_Widget': YAML.stringify({
      'discovery.lua': 'local actions = {}\nactions["mark-ready"] = {["disabled"] = obj.status ~= nil and obj.status.phase == "Ready"}\nactions["grow"] = {["disabled"] = obj.spec.size >= 3}\nactions["snapshot"] = {}\nreturn actions',
      definitions: [
        { name: 'mark-ready', 'action.lua': 'if obj.status == nil then obj.status = {} end\nobj.status.phase = "Ready"\nreturn obj' },
        { name: 'grow', 'action.lua': 'obj.spec.size = obj.spec.size + 1\nreturn obj' },
        { name: 'snapshot', 'action.lua': 'local cm = {apiVersion = "v1", kind = "ConfigMap", metadata = {name = obj.metadata.name .. "-snapshot", namespace = obj.metadata.namespace}, data = {size = tostring(obj.spec.size)}}\nreturn {{operation = "create", resource = cm}}' },
      ],
    }),
  },
}

const key = 'example.com/Widget/cust/gadget'
const resourceOf = async (k: string) => (await desk.refresh('cust'))?.resources.find((r) => r.key === k)

describe("an imported argocd-cm's customizations", () => {
  it('a Lua health check, an ignoreDifferences rule for all kinds and Lua actions are honoured by health, diff and the action menu', { timeout: 240_000 }, async () => {
    kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(crd))
    kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=60s'])
    mkdirSync(join(repo.dir, 'widgets'), { recursive: true })
    writeFileSync(join(repo.dir, 'widgets', 'all.yaml'), [
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gadget', labels: { tier: 'gold' } }, spec: { size: 1 } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { tier: 'gold' } }, data: { mode: 'fast' } },
    ].map((o) => JSON.stringify(o)).join('\n---\n'))
    repo.commit('a widget and its settings')
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cust' }, spec: { source: { repoURL: repo.url, path: 'widgets' }, destination: { name: 'ground-1', namespace: 'cust' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync('cust', {})
    expect((await desk.waitForOperation('cust'))?.phase).toBe('Succeeded')

    // Before the import: a Widget has no health rule and no actions; a label changed in the cluster is a difference.
    expect(await desk.resourceActions('cust', key)).toEqual([])
    kubectl(['-n', 'cust', 'label', 'configmap', 'settings', 'tier=silver', '--overwrite'])
    kubectl(['-n', 'cust', 'label', 'widget', 'gadget', 'tier=silver', '--overwrite'])
    await expect.poll(async () => (await resourceOf('/ConfigMap/cust/settings'))?.status, { timeout: 30_000 }).toBe('OutOfSync')
    expect((await resourceOf(key))?.health ?? null).toBeNull()

    const read = await desk.importArgoSettings(YAML.stringify(argocdCm), 'argocd-cm.yaml')
    expect(Object.keys(read.healthScripts)).toEqual(['example.com/Widget'])

    // Diff: the rule for all kinds ignores the label on both objects.
    const status = await desk.refresh('cust')
    expect(status?.resources.map((r) => [r.key, r.status]).sort()).toEqual([['/ConfigMap/cust/settings', 'Synced'], [key, 'Synced']])
    expect(status?.sync).toBe('Synced')
    // Health: the Lua check's verdict, in its words, counts for the app.
    expect(status?.resources.find((r) => r.key === key)).toMatchObject({ health: 'Progressing', healthMessage: 'waiting for widget gadget' })
    expect(status?.health).toBe('Progressing')

    // The action menu: discovery.lua's actions, the built-in ones of no kind mixed in.
    expect((await desk.resourceActions('cust', key)).map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`)).toEqual(['grow', 'mark-ready', 'snapshot'])
    // mark-ready writes status through the subresource; a dry run first changes nothing.
    await desk.runResourceAction('cust', key, 'mark-ready', { dryRun: true })
    expect(kubectl(['-n', 'cust', 'get', 'widget', 'gadget', '-o', 'jsonpath={.status.phase}'])).toBe('')
    await desk.runResourceAction('cust', key, 'mark-ready')
    expect(kubectl(['-n', 'cust', 'get', 'widget', 'gadget', '-o', 'jsonpath={.status.phase}'])).toBe('Ready')
    await expect.poll(async () => (await desk.refresh('cust'))?.health, { timeout: 30_000 }).toBe('Healthy')
    expect((await resourceOf(key))?.healthMessage).toBe('widget gadget is ready')
    await expect.poll(async () => (await desk.resourceActions('cust', key)).find((a) => a.name === 'mark-ready')?.disabled, { timeout: 30_000 }).toBe(true)

    // grow changes spec: Git says size 1, so the app is OutOfSync until synced again.
    await desk.runResourceAction('cust', key, 'grow')
    expect(kubectl(['-n', 'cust', 'get', 'widget', 'gadget', '-o', 'jsonpath={.spec.size}'])).toBe('2')
    await expect.poll(async () => (await resourceOf(key))?.status, { timeout: 30_000 }).toBe('OutOfSync')

    // snapshot creates a new object; a second run is refused (it exists), and nothing else changed.
    await desk.runResourceAction('cust', key, 'snapshot')
    expect(kubectl(['-n', 'cust', 'get', 'configmap', 'gadget-snapshot', '-o', 'jsonpath={.data.size}'])).toBe('2')
    await expect(desk.runResourceAction('cust', key, 'snapshot')).rejects.toThrow(/already exists/)

    // Each action that ran is in the app's events, newest last.
    expect(desk.getApp('cust').events.map((e) => [e.action, e.resource, e.context])).toEqual([['mark-ready', key, 'ground-1'], ['grow', key, 'ground-1'], ['snapshot', key, 'ground-1']])
    expect(desk.getApp('cust').events[2]?.message).toBe('created /ConfigMap/cust/gadget-snapshot')
  })

  it("settings import --context reads argocd-cm from a running Argo CD's namespace; a namespace without one is a clear error", { timeout: 60_000 }, async () => {
    kubectl(['create', 'namespace', 'fake-argo'])
    kubectl(['-n', 'fake-argo', 'apply', '-f', '-'], YAML.stringify({ ...argocdCm, metadata: { name: 'argocd-cm', namespace: 'fake-argo' }, data: { 'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers: [/spec/replicas]', 'resource.exclusions': '- kinds: [Widget]' } }))
    const read = await desk.importArgoSettingsFrom('ground-1', 'fake-argo')
    expect(read.customizations.ignoreDifferences).toEqual({ 'apps/Deployment': { jsonPointers: ['/spec/replicas'] } })
    expect(desk.settings().customizations.exclusions).toEqual([{ kinds: ['Widget'] }])
    // The excluded kind leaves the app's compare with Argo CD's warning.
    const status = await desk.refresh('cust')
    expect(status?.resources.map((r) => r.key)).toEqual(['/ConfigMap/cust/settings'])
    expect(status?.conditions).toContainEqual({ type: 'ExcludedResourceWarning', message: 'Resource example.com/Widget gadget is excluded in the settings' })
    // A sync with prune leaves the excluded Widget alone, though it carries the app's tracking id.
    await desk.sync('cust', { prune: true })
    expect((await desk.waitForOperation('cust'))?.phase).toBe('Succeeded')
    expect(kubectl(['-n', 'cust', 'get', 'widget', 'gadget', '-o', 'name']).trim()).toBe('widget.example.com/gadget')
    await expect(desk.importArgoSettingsFrom('ground-1', 'default')).rejects.toThrow(/no ConfigMap argocd-cm in default \(ground-1\): is Argo CD installed there/)
    await expect(desk.importArgoSettingsFrom('no-such-context')).rejects.toThrow(/no-such-context/)
  })
})

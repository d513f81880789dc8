import { describe, expect, it } from 'vitest'
import { Settings } from '../store/desk-store'
import { argoCmData, argoCmSnippet, readArgoSettings, withArgoSettings, withoutCustomization } from './argocd-cm'

const actions = 'discovery.lua: |\n  return {bump = {}}\ndefinitions:\n- name: bump\n  action.lua: |\n    obj.spec.n = 1\n    return obj\n'

describe("reading Argo CD's argocd-cm", () => {
  it('customizations from split keys (all is */*) and the single key, exclusions, compare options, the reconciliation timeout', () => {
    const settings = readArgoSettings(
      {
        'resource.customizations.health.example.com_Widget': 'return {status = "Healthy"}',
        'resource.customizations.health.Service': 'return {status = "Healthy"}',
        'resource.customizations.useOpenLibs.example.com_Widget': 'true',
        'resource.customizations': `certmanager.k8s.io/Certificate:\n  health.lua: |\n    return {status = "Degraded"}\n  actions: |\n${actions.replace(/^/gm, '    ')}\n  knownTypeFields:\n  - field: spec.x\n    type: core/v1/PodSpec\n`,
        'resource.customizations.ignoreDifferences.all': 'jsonPointers: [/spec/replicas]\nmanagedFieldsManagers: [kube-controller-manager]',
        'resource.customizations.ignoreDifferences.apps_Deployment': 'jqPathExpressions: [".spec.template.metadata.annotations"]',
        'resource.customizations.ignoreResourceUpdates.all': 'jsonPointers: [/status]',
        'resource.exclusions': '- apiGroups: ["cilium.io"]\n  kinds: ["CiliumIdentity"]\n  clusters: ["*"]\n',
        'resource.compareoptions': 'ignoreAggregatedRoles: true\nignoreResourceStatusField: crd\n',
        'timeout.reconciliation': '3m',
        'application.resourceTrackingMethod': 'annotation+label',
        'kustomize.buildOptions': '--enable-helm',
        url: 'https://argo.example.com',
      },
      'argocd-cm.yaml',
    )
    expect(Object.keys(settings.healthScripts).sort()).toEqual(['/Service', 'certmanager.k8s.io/Certificate', 'example.com/Widget'])
    expect(settings.healthOpenLibs).toEqual(['example.com/Widget'])
    expect(settings.customizations.ignoreDifferences).toEqual({ '*/*': { jsonPointers: ['/spec/replicas'], managedFieldsManagers: ['kube-controller-manager'] }, 'apps/Deployment': { jqPathExpressions: ['.spec.template.metadata.annotations'] } })
    expect(settings.customizations.actions).toEqual({ 'certmanager.k8s.io/Certificate': { discovery: 'return {bump = {}}\n', definitions: [{ name: 'bump', script: 'obj.spec.n = 1\nreturn obj\n' }], mergeBuiltinActions: false } })
    expect(settings.customizations.exclusions).toEqual([{ apiGroups: ['cilium.io'], kinds: ['CiliumIdentity'], clusters: ['*'] }])
    expect(settings.customizations.ignoreAggregatedRoles).toBe(true)
    expect(settings).toMatchObject({ trackingMethod: 'annotation+label', kustomizeBuildOptions: '--enable-helm', reconcileIntervalSeconds: 180 })
    expect(settings.skipped.map((s) => s.key)).toEqual([
      'argocd-cm.yaml resource.customizations certmanager.k8s.io/Certificate.knownTypeFields',
      'argocd-cm.yaml resource.customizations.ignoreResourceUpdates.all',
      'resource.compareoptions ignoreResourceStatusField: crd',
    ])
  })

  it('a bad customization is refused naming its key and the reason', () => {
    expect(() => readArgoSettings({ 'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers: /spec' }, 'cm.yaml')).toThrow(/cm.yaml resource.customizations.ignoreDifferences.apps_Deployment: jsonPointers: .*expected array/)
    expect(() => readArgoSettings({ 'resource.customizations.actions.apps_Deployment': 'definitions: []' }, 'cm.yaml')).toThrow(/actions.apps_Deployment: no discovery.lua/)
    expect(() => readArgoSettings({ 'resource.customizations.health.a_b_c': 'x' }, 'cm.yaml')).toThrow(/<group_kind> or <kind>, got "a_b_c"/)
    expect(() => readArgoSettings({ 'resource.customizations.colour.apps_Deployment': 'x' }, 'cm.yaml')).toThrow(/type "colour" is not one Argo CD has/)
    expect(() => readArgoSettings({ 'timeout.reconciliation': 'soon' }, 'cm.yaml')).toThrow(/"soon" is not a duration/)
    expect(readArgoSettings({ 'timeout.reconciliation': '0s' }, 'cm.yaml').skipped[0]?.reason).toMatch(/cannot turn it off/)
  })

  it("taken into settings: a kind's customizations replace that kind's, others stay; exclusions are replaced when given", () => {
    const before = Settings.parse({ healthScripts: { '/Service': 'old', 'a.io/A': 'kept' }, customizations: { ignoreDifferences: { 'apps/Deployment': { jsonPointers: ['/old'] }, '/Secret': { jsonPointers: ['/data'] } }, exclusions: [{ kinds: ['Old'] }] } })
    const after = withArgoSettings(before, readArgoSettings({ 'resource.customizations.health.Service': 'new', 'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers: [/new]' }, 'cm.yaml'))
    expect(after.healthScripts).toEqual({ '/Service': 'new', 'a.io/A': 'kept' })
    expect(after.customizations.ignoreDifferences).toEqual({ 'apps/Deployment': { jsonPointers: ['/new'] }, '/Secret': { jsonPointers: ['/data'] } })
    expect(after.customizations.exclusions).toEqual([{ kinds: ['Old'] }])
  })

  it('a stored customization shown as argocd-cm YAML reads back the same (what the editor shows is what is applied); removing one leaves the rest', () => {
    const stored = withArgoSettings(Settings.parse({}), readArgoSettings({ 'resource.customizations.health.Service': 'return {status = "Healthy"}', 'resource.customizations.useOpenLibs.Service': 'true', 'resource.customizations.ignoreDifferences.all': 'jsonPointers: [/spec/replicas]', 'resource.customizations.actions.example.com_Widget': actions }, 'cm.yaml'))
    for (const [type, kind] of [['health', '/Service'], ['ignoreDifferences', '*/*'], ['actions', 'example.com/Widget']] as const) {
      const snippet = argoCmSnippet(stored, type, kind)
      const again = withArgoSettings(Settings.parse({}), readArgoSettings(argoCmData(snippet, 'editor'), 'editor'))
      if (type === 'health') expect([again.healthScripts, again.healthOpenLibs]).toEqual([stored.healthScripts, stored.healthOpenLibs])
      else expect(again.customizations[type]).toEqual(stored.customizations[type])
    }
    expect(argoCmSnippet(stored, 'ignoreDifferences', '*/*')).toMatch(/resource.customizations.ignoreDifferences.all:/)
    expect(() => argoCmSnippet(stored, 'actions', 'apps/Deployment')).toThrow(/no actions customization for apps\/Deployment/)
    const without = withoutCustomization(stored, 'health', '/Service')
    expect([without.healthScripts, without.healthOpenLibs, Object.keys(without.customizations.actions)]).toEqual([{}, [], ['example.com/Widget']])
  })

  it('refuses what is not an argocd-cm ConfigMap, naming the file', () => {
    expect(() => argoCmData('kind: Secret\n', 'x.yaml')).toThrow(/x.yaml is not a ConfigMap/)
    expect(argoCmData('kind: ConfigMap\ndata: {a: b}\n', 'cm.yaml')).toEqual({ a: 'b' })
  })
})

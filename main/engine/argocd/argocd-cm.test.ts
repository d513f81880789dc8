import { describe, expect, it } from 'vitest'
import { argoCmData, readArgoSettings } from './argocd-cm'

describe("reading Argo CD's argocd-cm", () => {
  it('health scripts from split keys and the single key, the tracking method and build options; what is not read is listed', () => {
    const settings = readArgoSettings(
      {
        'resource.customizations.health.example.com_Widget': 'return {status = "Healthy"}',
        'resource.customizations.health.Service': 'return {status = "Healthy"}',
        'resource.customizations': 'certmanager.k8s.io/Certificate:\n  health.lua: |\n    return {status = "Degraded"}\n  actions: x\n',
        'resource.customizations.ignoreDifferences.all': 'jsonPointers: [/status]',
        'application.resourceTrackingMethod': 'annotation+label',
        'kustomize.buildOptions': '--enable-helm',
        url: 'https://argo.example.com',
      },
      'argocd-cm.yaml',
    )
    expect(Object.keys(settings.healthScripts).sort()).toEqual(['/Service', 'certmanager.k8s.io/Certificate', 'example.com/Widget'])
    expect(settings).toMatchObject({ trackingMethod: 'annotation+label', kustomizeBuildOptions: '--enable-helm' })
    expect(settings.skipped.map((s) => s.key)).toEqual(['resource.customizations certmanager.k8s.io/Certificate: actions', 'resource.customizations.ignoreDifferences.all'])
  })

  it('refuses what is not an argocd-cm ConfigMap, naming the file', () => {
    expect(() => argoCmData('kind: Secret\n', 'x.yaml')).toThrow(/x.yaml is not a ConfigMap/)
    expect(argoCmData('kind: ConfigMap\ndata: {a: b}\n', 'cm.yaml')).toEqual({ a: 'b' })
  })
})

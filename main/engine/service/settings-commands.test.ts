import { afterEach, describe, expect, it } from 'vitest'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterEach(() => desks.cleanup())

const argoCm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
data:
  application.resourceTrackingMethod: label
  resource.customizations.health.example.com_Widget: |
    hs = {}
    hs.status = "Healthy"
    return hs
  resource.customizations.ignoreDifferences.apps_Deployment: |
    jsonPointers:
    - /spec/replicas
`

describe('settings commands', () => {
  it('a bad value is refused, naming the field; nothing is written', () => {
    const { desk } = desks.open()
    const before = desk.settings()
    expect(() => desk.settingsCommands.update({ reconcileIntervalSeconds: 5 })).toThrow(/settings reconcileIntervalSeconds: .*10/)
    expect(() => desk.settingsCommands.update({ theme: 'neon' } as never)).toThrow(/settings theme:/)
    expect(() => desk.settingsCommands.update({ colour: 'blue' } as never)).toThrow(/settings colour:/)
    expect(desk.settings()).toEqual(before)
  })

  it('a good change is written at once; null removes an optional setting', () => {
    const { desk } = desks.open()
    expect(desk.settingsCommands.update({ reconcileIntervalSeconds: 60, helmPath: '/opt/helm' })).toMatchObject({ reconcileIntervalSeconds: 60, helmPath: '/opt/helm' })
    expect(desk.settingsCommands.update({ helmPath: null }).helmPath).toBeUndefined()
    expect(desk.settings().reconcileIntervalSeconds).toBe(60)
  })

  it("Argo CD's argocd-cm is taken: health checks, ignore rules and the tracking method, each described; a customization can be shown and removed", async () => {
    const { desk } = desks.open()
    const read = await desk.argocd.importSettings(argoCm, 'argocd-cm.yaml')
    expect(desk.argocd.describeSettings(read)).toEqual(expect.arrayContaining(['health check  example.com/Widget', 'ignore rule   apps/Deployment', 'setting       trackingMethod: label']))
    expect(desk.settings().trackingMethod).toBe('label')
    expect(desk.settingsCommands.customizationYaml('health', 'example.com/Widget')).toContain('hs.status = "Healthy"')
    await desk.settingsCommands.removeCustomization('health', 'example.com/Widget')
    expect(desk.settings().healthScripts).toEqual({})
    expect(() => desk.settingsCommands.customizationYaml('health', 'example.com/Widget')).toThrow(/example\.com\/Widget/)
    // The ignore rule stays.
    expect(desk.settingsCommands.customizationYaml('ignoreDifferences', 'apps/Deployment')).toContain('/spec/replicas')
  })

  it('a text that is not a ConfigMap is refused, naming where it came from; nothing is taken', async () => {
    const { desk } = desks.open()
    await expect(desk.argocd.importSettings('kind: Secret\n', 'cm.yaml')).rejects.toThrow(/cm\.yaml is not a ConfigMap/)
    expect(desk.settings().healthScripts).toEqual({})
  })
})

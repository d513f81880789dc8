import { afterEach, describe, expect, it } from 'vitest'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterEach(() => desks.cleanup())

const pluginYaml = `apiVersion: argoproj.io/v1alpha1
kind: ConfigManagementPlugin
metadata:
  name: envsubst
spec:
  version: v1
  generate:
    command: [sh, -c]
    args: ["envsubst < manifests.yaml"]
  parameters:
    static:
    - name: size
      string: small
`
const appUsing = (plugin: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
spec:
  project: default
  source:
    repoURL: https://git.example/apps.git
    path: shop
    plugin:
      name: ${plugin}
  destination:
    name: dev
    namespace: shop
`

describe('plugin commands', () => {
  it('a plugin.yaml is registered and listed with its parameters; a bad one is refused, naming where, and nothing is stored', async () => {
    const { desk } = desks.open()
    expect(() => desk.plugins.add(pluginYaml.replace('generate:', 'generat:'), 'plugin.yaml')).toThrow(/plugin\.yaml/)
    expect(desk.plugins.list()).toEqual([])
    expect(desk.plugins.add(pluginYaml, 'plugin.yaml')).toEqual(['envsubst-v1'])
    expect(desk.plugins.list().map((p) => p.metadata.name)).toEqual(['envsubst'])
    expect(await desk.plugins.infos()).toMatchObject([{ name: 'envsubst-v1', parameters: ['size'], secrets: [], apps: [] }])
  })

  it("a plugin's secret goes to the keychain; only its name is kept in settings", async () => {
    const { desk, secrets, dataDir } = desks.open()
    desk.plugins.add(pluginYaml, 'plugin.yaml')
    await expect(desk.plugins.setSecret('envsubst', '1BAD', 'x')).rejects.toThrow(/"1BAD" is not an environment variable name/)
    await desk.plugins.setSecret('envsubst', 'API_TOKEN', 'tok-123')
    expect(desk.settings().pluginSecrets).toEqual({ envsubst: ['API_TOKEN'] })
    expect(await secrets.get('plugin:envsubst:API_TOKEN')).toBe('tok-123')
    expect(desks.storedText(dataDir)).toContain('API_TOKEN')
    expect(desks.storedText(dataDir)).not.toContain('tok-123')
    expect(await desk.plugins.removeSecret('envsubst', 'API_TOKEN')).toBe(true)
    expect(await secrets.get('plugin:envsubst:API_TOKEN')).toBeNull()
  })

  it('a plugin an app uses is not removed, naming the app; once none does it goes with its secrets', async () => {
    const { desk, secrets } = desks.open()
    desk.plugins.add(pluginYaml, 'plugin.yaml')
    await desk.plugins.setSecret('envsubst', 'API_TOKEN', 'tok-123')
    desk.saveYaml(appUsing('envsubst-v1'), 'shop.yaml')
    await expect(desk.plugins.remove('envsubst')).rejects.toThrow(/plugin envsubst-v1 is used by shop/)
    expect(desk.plugins.list()).toHaveLength(1)
    await desk.deleteApp('shop')
    await desk.plugins.remove('envsubst')
    expect(desk.plugins.list()).toEqual([])
    expect(desk.settings().pluginSecrets).toEqual({})
    expect(await secrets.get('plugin:envsubst:API_TOKEN')).toBeNull()
    await expect(desk.plugins.remove('envsubst')).rejects.toThrow(/no config management plugin named "envsubst"/)
  })
})

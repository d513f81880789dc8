import { sourcesOf, type Application } from '../model/app-schema'

import { pluginSecretAccount, type Engine } from '../reconcile/engine'
import { UserError } from '../base/errors'
import { readPlugins } from '../render/plugins/parse'
import { pluginName, type ConfigManagementPlugin } from '../model/plugin-schema'

import type { PluginInfo } from '../../../shared/model'

const discoverText = (p: ConfigManagementPlugin) => {
  const d = p.spec.discover
  if (!d) return 'by name only'
  return [d.fileName && `fileName ${d.fileName}`, d.find?.glob && `find.glob ${d.find.glob}`, d.find?.command && `find.command ${d.find.command.join(' ')}`].filter(Boolean).join(', ') || 'by name only'
}

/**
 * Config management plugins as commands: registered from Argo CD's plugin.yaml, listed with the
 * apps that use them, removed only when none does; their secrets go to the keychain and reach a
 * plugin in its environment only.
 */
export class PluginCommands {
  constructor(private readonly engine: Engine, private readonly apps: () => Application[]) {}

  list(): ConfigManagementPlugin[] {
    return this.engine.store.read().plugins
  }

  /** Each app with a plugin source, and the plugin it uses (named, or picked by discovery). */
  private async uses(): Promise<{ app: string; plugin: string }[]> {
    const withPlugin = this.apps().filter((app) => sourcesOf(app).some((s) => s.plugin !== undefined))
    const found = await Promise.all(withPlugin.map(async (app) => ({ app: app.metadata.name, plugin: (await this.engine.pluginOf(app)) ?? '' })))
    return found.filter((f) => f.plugin)
  }

  /** Apps that use a plugin (named by NAME or NAME-VERSION, or picked by discovery). */
  async usedBy(plugin: ConfigManagementPlugin): Promise<string[]> {
    const names = new Set([plugin.metadata.name, pluginName(plugin)])
    return (await this.uses()).filter((u) => names.has(u.plugin)).map((u) => u.app).sort()
  }

  async infos(): Promise<PluginInfo[]> {
    const secrets = this.engine.store.read().settings.pluginSecrets
    const uses = await this.uses()
    return this.list().map((p) => {
      const names = new Set([p.metadata.name, pluginName(p)])
      return { name: pluginName(p), discover: discoverText(p), parameters: (p.spec.parameters?.static ?? []).map((a) => a.name), secrets: secrets[p.metadata.name] ?? [], apps: uses.filter((u) => names.has(u.plugin)).map((u) => u.app).sort() }
    })
  }

  /** Registers the plugins of a plugin.yaml (all or nothing; a plugin of the same name is replaced). */
  add(text: string, where: string): string[] {
    const plugins = readPlugins(text, where)
    this.engine.store.update((d) => {
      for (const p of plugins) d.plugins = [...d.plugins.filter((x) => x.metadata.name !== p.metadata.name), p]
    })
    return plugins.map(pluginName)
  }

  private get(name: string): ConfigManagementPlugin {
    const found = this.list().find((p) => p.metadata.name === name || pluginName(p) === name)
    if (!found) throw new UserError('NotFound', `no config management plugin named "${name}" (gitops-desk plugin list)`, name)
    return found
  }

  /** Removes a plugin no app uses, and its secrets from the keychain. */
  async remove(name: string): Promise<void> {
    const plugin = this.get(name)
    const users = await this.usedBy(plugin)
    if (users.length) throw new UserError('Conflict', `plugin ${pluginName(plugin)} is used by ${users.join(', ')}: change ${users.length === 1 ? 'that app' : 'those apps'} first`, name)
    for (const secret of this.engine.store.read().settings.pluginSecrets[plugin.metadata.name] ?? []) await this.engine.secrets.delete(pluginSecretAccount(plugin.metadata.name, secret))
    this.engine.store.update((d) => {
      d.plugins = d.plugins.filter((p) => p.metadata.name !== plugin.metadata.name)
      const { [plugin.metadata.name]: _gone, ...rest } = d.settings.pluginSecrets
      d.settings.pluginSecrets = rest
    })
  }

  /** The parameters an app's plugin announces (static, then its parameters.dynamic command's). */
  parametersOf(app: Application): ReturnType<Engine['pluginParameters']> {
    return this.engine.pluginParameters(app)
  }

  /** Stores a plugin's secret (an environment variable for it) in the keychain; only its name is kept elsewhere. */
  async setSecret(name: string, variable: string, value: string): Promise<void> {
    const plugin = this.get(name)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new UserError('Invalid', `"${variable}" is not an environment variable name`, variable)
    if (!value) throw new UserError('Invalid', `the value of ${variable} is empty`, variable)
    await this.engine.secrets.set(pluginSecretAccount(plugin.metadata.name, variable), value)
    this.engine.store.update((d) => void (d.settings.pluginSecrets = { ...d.settings.pluginSecrets, [plugin.metadata.name]: [...new Set([...(d.settings.pluginSecrets[plugin.metadata.name] ?? []), variable])] }))
  }

  async removeSecret(name: string, variable: string): Promise<boolean> {
    const plugin = this.get(name)
    const had = (this.engine.store.read().settings.pluginSecrets[plugin.metadata.name] ?? []).includes(variable)
    await this.engine.secrets.delete(pluginSecretAccount(plugin.metadata.name, variable))
    this.engine.store.update((d) => void (d.settings.pluginSecrets = { ...d.settings.pluginSecrets, [plugin.metadata.name]: (d.settings.pluginSecrets[plugin.metadata.name] ?? []).filter((v) => v !== variable) }))
    return had
  }
}

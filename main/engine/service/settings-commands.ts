import type { z } from 'zod'
import { SettingsPatch } from '../../../shared/api'
import type { BundledCustomization, Settings } from '../../../shared/model'
import { argoCmSnippet, withArgoSettings, withoutCustomization, type ArgoSettings, type CustomizationType } from '../argocd/argocd-cm'
import { UserError } from '../base/errors'
import type { Engine } from '../reconcile/engine'
import type { LoopHandle } from './loop-handle'
import type { StoreService } from './store-service'

/**
 * Settings as commands: read, changed (checked field by field before anything is written), and
 * the Argo CD customizations they hold (Lua health checks, ignoreDifferences, actions). A change
 * that alters how apps compare has every app compared again.
 */
export class SettingsCommands {
  constructor(private readonly deps: { engine: Engine; stored: StoreService; loop: LoopHandle }) {}

  get(): Settings {
    return this.deps.stored.settings()
  }

  /** Changes some settings; a bad value is refused, naming the field, and nothing is written. */
  update(patch: z.output<typeof SettingsPatch>): Settings {
    const checked = SettingsPatch.safeParse(patch)
    if (!checked.success) {
      const issue = checked.error.issues[0]!
      const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'settings')
      throw new UserError('Invalid', `settings ${field}: ${issue.message}`, field)
    }
    return this.deps.stored.updateSettings(patch)
  }

  /** The kinds Argo CD ships health checks and actions for, bundled with the app (Settings lists them). */
  bundled(): { version: string; kinds: BundledCustomization[] } {
    const scripts = this.deps.engine.bundledScripts
    return { version: scripts.version, kinds: scripts.kinds() }
  }

  /** One stored customization as argocd-cm YAML, to edit and import again. */
  customizationYaml(type: CustomizationType, kind: string): string {
    return argoCmSnippet(this.get(), type, kind)
  }

  /** Removes one customization (health, ignoreDifferences or actions of a kind); apps are compared again. */
  async removeCustomization(type: CustomizationType, kind: string): Promise<Settings> {
    this.customizationYaml(type, kind) // NotFound when there is none
    this.deps.engine.store.update((d) => void (d.settings = withoutCustomization(d.settings, type, kind)))
    await this.applied()
    return this.get()
  }

  /** Stores what an argocd-cm gave and compares every app again under it. */
  async takeArgoSettings(read: ArgoSettings): Promise<void> {
    this.deps.engine.store.update((d) => void (d.settings = withArgoSettings(d.settings, read)))
    await this.applied()
  }

  /** The health checks in effect now, and every app compared under the new settings. */
  private async applied(): Promise<void> {
    await this.deps.engine.applyHealthCustomizations()
    this.deps.loop.compareSoon(this.deps.stored.apps().map((a) => a.metadata.name))
  }
}

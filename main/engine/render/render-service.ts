import type { Application } from '../model/app-schema'
import type { GitRepoCache } from '../repos/git-cache'
import type { HelmRepoCache } from '../repos/helm-repo'
import type { SecretStore } from '../secrets/keychain'
import type { DeskStore } from '../store/desk-store'
import { pluginOfApp, pluginParametersOf, renderApp, type RenderDeps, type RenderedApp } from './render-app'
import type { RenderCache } from './render-cache'
import { SharedRenders } from './shared-renders'
import type { StageClock } from '../base/stage-clock'
import { setExecTimeout, setToolMemoryLimit } from './tools'
import type { WorkingCopySource } from './working-copy-source'

/** The keychain account of a plugin's secret. */
export const pluginSecretAccount = (plugin: string, name: string) => `plugin:${plugin}:${name}`

export interface RenderServiceDeps {
  store: Pick<DeskStore, 'read'>
  secrets: Pick<SecretStore, 'get'>
  repos: GitRepoCache
  helmRepos: HelmRepoCache
  renderCache: RenderCache
  /** The destination cluster's version and API versions for Helm (`fresh` asks discovery again). */
  capabilities(app: Application, fresh: boolean): Promise<{ kubeVersion?: string; apiVersions?: string[] }>
}

export interface RenderOptions {
  /** Render again even when the cache has this exact input. */
  hard?: boolean
  /** Reuse a fetch of a repository younger than this. */
  maxFetchAgeMs?: number
  /** Reuse a fetch that began to read the remote at or after this performance.now() time (when a refresh was asked for). */
  fetchedSince?: number
  /** Times the fetch and the render. */
  stages?: StageClock
  /** Read this local checkout in place of its repository's commits (never cached). */
  workingCopy?: WorkingCopySource
}

/**
 * A render that reuses a fetch begun after an ISO time (when a sync was asked for: the syncs asked
 * for together share one fetch, and each renders what was pushed before it was asked). A
 * millisecond later than the time, so a fetch begun earlier in that millisecond never counts.
 */
export function fetchedAfter(iso: string | undefined): Pick<RenderOptions, 'fetchedSince'> {
  const at = iso ? Date.parse(iso) : NaN
  return Number.isFinite(at) ? { fetchedSince: at + 1 - performance.timeOrigin } : {}
}

/** Renders apps with what a render depends on: the settings, repositories, caches, plugins and their secrets. */
export class RenderService {
  /** Which plugin rendered each app last (a plugin an app uses is not removed). */
  readonly pluginUse = new Map<string, string>()
  /** Renders of one source shared by the apps whose inputs are the same. */
  readonly shared = new SharedRenders()

  constructor(private readonly deps: RenderServiceDeps) {}

  /** The target state of an app; `hard` re-renders even when the cache has it. */
  async render(app: Application, options: RenderOptions = {}): Promise<RenderedApp> {
    return renderApp(app, await this.renderDeps(app, options))
  }

  /** The plugin an app uses: the one that rendered it last here, else the one it names or discovery picks. */
  async pluginOf(app: Application): Promise<string | null> {
    return this.pluginUse.get(app.metadata.name) ?? pluginOfApp(app, await this.renderDeps(app, {}))
  }

  /** The parameters an app's plugin announces (static and dynamic), for the app editor. */
  async pluginParameters(app: Application): ReturnType<typeof pluginParametersOf> {
    return pluginParametersOf(app, await this.renderDeps(app, {}))
  }

  /** A plugin's secrets from the keychain, by environment variable name (never stored elsewhere). */
  async pluginSecrets(plugin: string): Promise<Record<string, string>> {
    const names = this.deps.store.read().settings.pluginSecrets[plugin] ?? []
    const values = await Promise.all(names.map(async (name) => [name, await this.deps.secrets.get(pluginSecretAccount(plugin, name))] as const))
    return Object.fromEntries(values.filter((v): v is readonly [string, string] => v[1] !== null))
  }

  private async renderDeps(app: Application, { hard = false, maxFetchAgeMs = 0, fetchedSince, stages, workingCopy }: RenderOptions): Promise<RenderDeps> {
    const { settings, repositories, plugins } = this.deps.store.read()
    // Every helm, kustomize and Jsonnet run of this render is bounded by it (plugins get it below).
    setExecTimeout(settings.execTimeoutSeconds)
    // Every helm, kustomize and plugin command of this render is bounded by it.
    setToolMemoryLimit(settings.toolMemoryLimitMiB)
    return {
      repos: this.deps.repos,
      helmRepos: this.deps.helmRepos,
      cache: this.deps.renderCache,
      hard,
      maxFetchAgeMs,
      ...(fetchedSince === undefined ? {} : { fetchedSince }),
      ...(stages ? { stages } : {}),
      shared: this.shared,
      ...(workingCopy ? { workingCopy } : {}),
      ...(await this.deps.capabilities(app, hard)),
      settings: {
        tracking: settings.trackingMethod,
        ...(settings.helmPath ? { helmPath: settings.helmPath } : {}),
        ...(settings.kustomizePath ? { kustomizePath: settings.kustomizePath } : {}),
        ...(settings.kustomizeBuildOptions ? { kustomizeBuildOptions: settings.kustomizeBuildOptions } : {}),
        helmRepositories: repositories.filter((r) => r.type === 'helm' && r.name).map((r) => ({ name: r.name!, url: r.url })),
      },
      plugins: {
        list: plugins,
        secrets: (plugin) => this.pluginSecrets(plugin),
        timeoutMs: settings.execTimeoutSeconds * 1000,
        used: (name, plugin) => this.pluginUse.set(name, plugin),
      },
    }
  }
}

import { join } from 'node:path'
import type { Application } from './apps/schema'
import { RepoCredentials } from './repos/credentials'
import { GitRepoCache } from './repos/git-cache'
import { RenderCache } from './render/render-cache'
import { renderApp, type RenderedApp } from './render/render-app'
import { KeychainSecrets, type SecretStore } from './secrets/keychain'
import { openDeskStore, type DeskStore } from './store/desk-store'

export interface EngineOptions {
  dataDir: string
  /** Defaults to the OS keychain. */
  secrets?: SecretStore
  /** Defaults to the desk store in dataDir (conf); the Electron app passes electron-store's. */
  store?: DeskStore
}

/** The small facade the API and the CLI use; each concern stays in its own module. */
export class Engine {
  readonly store: DeskStore
  readonly secrets: SecretStore
  readonly credentials: RepoCredentials
  readonly repos: GitRepoCache
  readonly renderCache: RenderCache

  constructor(readonly options: EngineOptions) {
    this.store = options.store ?? openDeskStore(options.dataDir)
    this.secrets = options.secrets ?? new KeychainSecrets()
    this.credentials = new RepoCredentials(this.store, this.secrets)
    this.repos = new GitRepoCache(join(options.dataDir, 'cache'), this.credentials.lookup)
    this.renderCache = new RenderCache(join(options.dataDir, 'cache', 'render'))
  }

  /** The target state of an app; `hard` re-renders even when the cache has it. */
  render(app: Application, { hard = false } = {}): Promise<RenderedApp> {
    const settings = this.store.read().settings
    return renderApp(app, {
      repos: this.repos,
      cache: this.renderCache,
      hard,
      settings: {
        tracking: settings.trackingMethod,
        ...(settings.helmPath ? { helmPath: settings.helmPath } : {}),
        ...(settings.kustomizePath ? { kustomizePath: settings.kustomizePath } : {}),
      },
    })
  }
}

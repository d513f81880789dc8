import type { z } from 'zod'
import type { SettingsPatch } from '../../../shared/api'
import type { HistoryEntry, ProjectInfo, RepoInfo, Settings } from '../../../shared/model'
import { readArgoDocuments } from '../apps/parse'
import type { Application, AppProject } from '../apps/schema'
import { UserError } from '../errors'
import { openDeskStore, type DeskStore } from '../store/desk-store'
import { historyOf } from '../sync/history'
import { projectInfo, repoInfo } from './summaries'

/**
 * The commands that need only the stored data (apps, projects, settings, history): no cluster,
 * no Git, no keychain, so the CLI answers them without loading any of those. DeskService
 * offers the same commands with the reconcile loop following each change.
 */
export class StoreService {
  constructor(readonly store: DeskStore) {}

  warnings(): string[] {
    return this.store.recovery ? [this.store.recovery] : []
  }

  apps(): Application[] {
    return this.store.read().apps
  }

  app(name: string): Application {
    const app = this.apps().find((a) => a.metadata.name === name)
    if (!app) throw new UserError('NotFound', `no app named "${name}" (see gitops-desk app list)`, name)
    return app
  }

  /** Creates or replaces the Applications and AppProjects of YAML texts, all or nothing. */
  saveYaml(texts: { text: string; where: string }[]): { apps: string[]; projects: string[] } {
    const apps: Application[] = []
    const projects: AppProject[] = []
    for (const { text, where } of texts) {
      const read = readArgoDocuments(text, where)
      apps.push(...read.apps)
      projects.push(...read.projects)
    }
    this.saveObjects(apps, projects)
    return { apps: apps.map((a) => a.metadata.name), projects: projects.map((p) => p.metadata.name) }
  }

  saveObjects(apps: Application[], projects: AppProject[]): void {
    this.store.update((data) => {
      for (const a of apps) data.apps = [...data.apps.filter((x) => x.metadata.name !== a.metadata.name), a]
      for (const p of projects) data.projects = [...data.projects.filter((x) => x.metadata.name !== p.metadata.name), p]
    })
  }

  /** Forgets an app; nothing is deleted from any cluster. */
  deleteApp(name: string): boolean {
    const found = this.apps().some((a) => a.metadata.name === name)
    this.store.update((data) => void (data.apps = data.apps.filter((a) => a.metadata.name !== name)))
    return found
  }

  /** Points an app's (first) source at another revision, as `argocd app set --revision` does. */
  setRevision(name: string, revision: string): Application {
    const app = structuredClone(this.app(name))
    if (app.spec.source) app.spec.source.targetRevision = revision
    else if (app.spec.sources?.[0]) app.spec.sources[0].targetRevision = revision
    this.saveObjects([app], [])
    return app
  }

  listProjects(): ProjectInfo[] {
    return this.store.read().projects.map(projectInfo)
  }

  deleteProject(name: string): boolean {
    if (this.apps().some((a) => a.spec.project === name)) throw new UserError('Conflict', `project ${name} is used by apps; move them first`, name)
    const found = this.store.read().projects.some((p) => p.metadata.name === name)
    this.store.update((data) => void (data.projects = data.projects.filter((p) => p.metadata.name !== name)))
    return found
  }

  history(name: string): HistoryEntry[] {
    return historyOf(this.store, name)
  }

  listRepos(): RepoInfo[] {
    return this.store.read().repositories.map(repoInfo)
  }

  settings(): Settings {
    return this.store.read().settings
  }

  updateSettings(patch: z.output<typeof SettingsPatch>): Settings {
    this.store.update((data) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete (data.settings as Record<string, unknown>)[key]
        else (data.settings as Record<string, unknown>)[key] = value
      }
    })
    return this.settings()
  }
}

/** The stored data in a data folder, for the commands that need nothing else. */
export function openStoreService(dataDir: string): StoreService {
  return new StoreService(openDeskStore(dataDir))
}

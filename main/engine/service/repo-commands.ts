import type { z } from 'zod'
import type { RepoForm } from '../../../shared/api'
import type { RepoInfo } from '../../../shared/model'
import type { Engine } from '../reconcile/engine'
import { sortVersions } from '../repos/helm-repo'
import { testRepository } from '../repos/test-repository'
import type { StoreService } from './store-service'
import { repoInfo } from './summaries'

/**
 * Repositories as commands: Git and Helm repositories with their credentials (secret fields go
 * to the keychain and never come back out), imported from Argo CD repository Secrets, tested,
 * and a Helm repository's charts.
 */
export class RepoCommands {
  constructor(private readonly engine: Engine, private readonly stored: StoreService) {}

  list(): RepoInfo[] {
    return this.stored.listRepos()
  }

  /** Secret fields are write-only: absent keeps the keychain's, null deletes, a string sets. */
  async save(form: z.output<typeof RepoForm> & { name?: string }): Promise<RepoInfo> {
    const { password, sshPrivateKey, ...entry } = form
    return repoInfo(await this.engine.credentials.save(entry, { ...(password !== undefined ? { password } : {}), ...(sshPrivateKey !== undefined ? { sshPrivateKey } : {}) }))
  }

  async importSecrets(text: string, where: string): Promise<RepoInfo[]> {
    return (await this.engine.credentials.importArgoSecrets(text, where)).map(repoInfo)
  }

  remove(url: string): Promise<boolean> {
    return this.engine.credentials.remove(url)
  }

  /** A Helm chart repository's charts and versions, newest first (its index, at most 5 minutes old). */
  async helmCharts(url: string): Promise<{ name: string; versions: string[] }[]> {
    const { entries } = await this.engine.helmRepos.index(url, { maxAgeMs: 300_000 })
    return Object.entries(entries).map(([name, versions]) => ({ name, versions: sortVersions(versions.map((v) => v.version)) })).sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Tries to reach a repository with its credentials. */
  test(url: string): Promise<{ ok: boolean; message: string; commit?: string }> {
    const isHelm = this.list().some((r) => r.url === url && r.type === 'helm')
    return testRepository(this.engine.repos, url, isHelm ? this.engine.helmRepos : undefined)
  }
}

import { readArgoSecrets } from '../secrets/argo-secrets'
import { UserError } from '../base/errors'
import type { SecretStore } from '../secrets/keychain'
import type { DeskStore, RepoEntry } from '../store/desk-store'
import { normalizeRepoUrl } from './git-cache'

export interface GitCredentials {
  username?: string
  password?: string
  sshPrivateKey?: string
  insecure?: boolean
  /** PEM of a CA to trust for this HTTPS server. */
  caData?: string
}

/** A repository entry as given (a git repository unless it says helm). */
export type RepoInput = Omit<RepoEntry, 'hasPassword' | 'hasSshKey' | 'type' | 'enableOCI'> & Partial<Pick<RepoEntry, 'type' | 'enableOCI'>>

export type CredentialLookup = (url: string) => Promise<GitCredentials | null>

export interface RepoSecrets {
  password?: string
  sshPrivateKey?: string
}

const account = (entry: Pick<RepoEntry, 'scope' | 'url'>, field: keyof RepoSecrets) => `${entry.scope}:${normalizeRepoUrl(entry.url)}:${field}`

/**
 * Repository credentials: the entry (URL, username, flags) in the store, the password/token and
 * SSH key in the OS keychain. A repository entry wins; else the longest matching template
 * (Argo CD's repo-creds).
 */
export class RepoCredentials {
  constructor(
    private readonly store: DeskStore,
    private readonly secrets: SecretStore,
  ) {}

  entryFor(url: string): RepoEntry | null {
    const wanted = normalizeRepoUrl(url)
    const entries = this.store.read().repositories
    const exact = entries.find((e) => e.scope === 'repository' && normalizeRepoUrl(e.url) === wanted)
    if (exact) return exact
    const templates = entries.filter((e) => e.scope === 'template' && wanted.startsWith(normalizeRepoUrl(e.url)))
    return templates.sort((a, b) => normalizeRepoUrl(b.url).length - normalizeRepoUrl(a.url).length)[0] ?? null
  }

  readonly lookup: CredentialLookup = async (url) => {
    const entry = this.entryFor(url)
    if (!entry) return null
    const credentials: GitCredentials = { insecure: entry.insecure, ...(entry.caData ? { caData: entry.caData } : {}) }
    if (entry.username) credentials.username = entry.username
    if (entry.hasPassword) credentials.password = (await this.secrets.get(account(entry, 'password'))) ?? undefined
    if (entry.hasSshKey) credentials.sshPrivateKey = (await this.secrets.get(account(entry, 'sshPrivateKey'))) ?? undefined
    if ((entry.hasPassword && !credentials.password) || (entry.hasSshKey && !credentials.sshPrivateKey)) {
      throw new UserError('NotFound', `the credentials of ${entry.url} are missing from the OS keychain; set them again (gitops-desk repo add)`, entry.url)
    }
    return credentials
  }

  /** Adds or replaces an entry with exactly these secrets (those not given are deleted). */
  set(input: RepoInput, secrets: RepoSecrets): Promise<RepoEntry> {
    return this.save(input, { password: secrets.password ?? null, sshPrivateKey: secrets.sshPrivateKey ?? null })
  }

  /**
   * Saves an entry from a form whose secret fields are write-only: absent keeps what the keychain
   * holds (without reading it), null deletes it, a string sets it. Secrets go to the keychain
   * first, so no entry claims a secret it lacks.
   */
  async save(input: RepoInput, changes: { [K in keyof RepoSecrets]?: string | null }): Promise<RepoEntry> {
    const existing = this.store.read().repositories.find((e) => e.scope === input.scope && normalizeRepoUrl(e.url) === normalizeRepoUrl(input.url))
    const entry: RepoEntry = { type: 'git', enableOCI: false, ...input, hasPassword: changes.password === undefined ? !!existing?.hasPassword : changes.password !== null, hasSshKey: changes.sshPrivateKey === undefined ? !!existing?.hasSshKey : changes.sshPrivateKey !== null }
    refuseUrlPassword(entry.url)
    for (const field of ['password', 'sshPrivateKey'] as const) {
      const value = changes[field]
      if (typeof value === 'string') await this.secrets.set(account(entry, field), value)
      else if (value === null || (value === undefined && !existing)) await this.secrets.delete(account(entry, field))
    }
    this.store.update((data) => {
      data.repositories = data.repositories.filter((e) => !(e.scope === entry.scope && normalizeRepoUrl(e.url) === normalizeRepoUrl(entry.url)))
      data.repositories.push(entry)
    })
    return entry
  }

  async remove(url: string): Promise<boolean> {
    const wanted = normalizeRepoUrl(url)
    const matches = this.store.read().repositories.filter((e) => normalizeRepoUrl(e.url) === wanted)
    for (const entry of matches) {
      await this.secrets.delete(account(entry, 'password'))
      await this.secrets.delete(account(entry, 'sshPrivateKey'))
    }
    this.store.update((data) => {
      data.repositories = data.repositories.filter((e) => normalizeRepoUrl(e.url) !== wanted)
    })
    return matches.length > 0
  }

  /** Imports Argo CD `repository` and `repo-creds` Secrets (data base64, or stringData). */
  async importArgoSecrets(text: string, file: string): Promise<RepoEntry[]> {
    const imported: RepoEntry[] = []
    for (const secret of readArgoSecrets(text, file, ['repository', 'repo-creds'])) {
      const { field } = secret
      const url = field('url')
      if (!url) throw new UserError('Invalid', `Secret ${secret.name} has no url`, secret.where)
      const name = field('name')
      const username = field('username')
      const password = field('password')
      const sshPrivateKey = field('sshPrivateKey')
      imported.push(
        await this.set(
          { url, scope: secret.type === 'repo-creds' ? 'template' : 'repository', insecure: field('insecure') === 'true', type: field('type') === 'helm' ? 'helm' : 'git', enableOCI: field('enableOCI') === 'true', ...(name ? { name } : {}), ...(username ? { username } : {}) },
          { ...(password !== undefined ? { password } : {}), ...(sshPrivateKey !== undefined ? { sshPrivateKey } : {}) },
        ),
      )
    }
    return imported
  }
}

function refuseUrlPassword(url: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(url) && /:\/\/[^/@]*:[^/@]*@/.test(url)) {
    throw new UserError('Invalid', 'the repository URL contains a password; give the URL without it and the password separately', 'url')
  }
}

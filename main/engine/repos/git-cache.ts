import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleGit, type SimpleGit } from 'simple-git'
import { UserError } from '../base/errors'
import type { CredentialLookup, GitCredentials } from './credentials'
import { archiveInto, gitProcessEnv } from './git-process'

export interface ResolvedRevision {
  commit: string
  /** True when the remote could not be reached and the last fetched state was used. */
  stale: boolean
  /** Why the fetch failed, when stale. */
  fetchError?: string
}

/**
 * A local cache of repositories: each is cloned once (bare), then fetched. Trees are read per
 * commit into read-only snapshots, so readers never share a checkout.
 */
export class GitRepoCache {
  private readonly fetches = new Map<string, Promise<void>>()
  /** The fetch that follows the running one, shared by every call made while that one runs. */
  private readonly nextFetches = new Map<string, Promise<void>>()
  /** Repos whose running fetch has begun to read the remote (a later caller waits for the next one). */
  private readonly reading = new Set<string>()
  /** When the running fetch of each repo began to read the remote (performance.now()). */
  private readonly readingSince = new Map<string, number>()
  /** When the last successful fetch of each repo began to read the remote (performance.now()). */
  private readonly readSince = new Map<string, number>()
  /** When each repo was last fetched successfully (for the loop's fetch-once-per-cycle). */
  private readonly fetchedAt = new Map<string, number>()
  private readonly resolved = new Map<string, string>()
  private readonly messages = new Map<string, string>()
  private readonly inFlight = new Map<string, Promise<unknown>>()

  constructor(
    private readonly root: string,
    private readonly credentials: CredentialLookup = async () => null,
  ) {}

  repoDir(url: string): string {
    return join(this.root, 'repos', repoKey(url))
  }

  /**
   * Clones or fetches. Calls for the same repo made before its fetch reads the remote share that
   * fetch; a call made once it reads waits for the next one, as the running one may have read the
   * remote before a commit the caller expects (a sync right after a push must render that push).
   */
  fetch(url: string, since?: number): Promise<void> {
    const key = repoKey(url)
    const running = this.fetches.get(key)
    // A fetch that began to read after the caller's request sees what the caller expects.
    if (running && since !== undefined && (this.readingSince.get(key) ?? -Infinity) >= since) return running
    const queued = this.nextFetches.get(key)
    if (queued) return queued
    if (!running) return this.startFetch(url, key)
    // Asked for before git has read the remote: the running fetch will see what the caller expects.
    if (!this.reading.has(key)) return running
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.nextFetches.delete(key)
        return this.startFetch(url, key)
      })
    this.nextFetches.set(key, next)
    return next
  }

  private startFetch(url: string, key: string): Promise<void> {
    const running: Promise<void> = this.doFetch(url)
      .then(() => {
        this.fetchedAt.set(key, Date.now())
        const since = this.readingSince.get(key)
        if (since !== undefined) this.readSince.set(key, since)
      })
      .finally(() => {
        if (this.fetches.get(key) !== running) return
        this.fetches.delete(key)
        this.reading.delete(key)
        this.readingSince.delete(key)
      })
    this.fetches.set(key, running)
    return running
  }

  /** Resolves targetRevision (HEAD, branch, tag, full or short SHA) to a commit SHA. */
  /**
   * `maxAgeMs`: reuse a fetch younger than this (the reconcile loop fetches a repo once per cycle
   * however many apps use it); a refresh the user asks for always fetches. `since` (a
   * performance.now() time: when the refresh was asked for): reuse a fetch that began to read the
   * remote at or after it, which saw every commit pushed before the ask, so the apps of one
   * repository refreshed together share one fetch however long they wait in the queue.
   */
  async resolve(url: string, revision = 'HEAD', { fetch = true, maxAgeMs = 0, since }: { fetch?: boolean; maxAgeMs?: number; since?: number } = {}): Promise<ResolvedRevision> {
    const wanted = revision.trim() || 'HEAD'
    let stale = false
    let fetchError: string | undefined
    const cached = existsSync(this.repoDir(url))
    const isFullSha = /^[0-9a-f]{40}$/i.test(wanted)
    // A pinned commit that is already here needs no network.
    if (cached && isFullSha && (await this.lookup(url, wanted))) return { commit: wanted.toLowerCase(), stale: false }
    const fresh = (maxAgeMs > 0 && Date.now() - (this.fetchedAt.get(repoKey(url)) ?? 0) < maxAgeMs) || (since !== undefined && (this.readSince.get(repoKey(url)) ?? -Infinity) >= since)
    if ((fetch && !fresh) || !cached) {
      try {
        await this.fetch(url, since)
      } catch (error) {
        if (!cached) throw error
        stale = true
        fetchError = (error as Error).message
      }
    }
    // Between fetches a revision resolves to the same commit: no git process per render.
    const memoKey = `${repoKey(url)}|${wanted}|${this.fetchedAt.get(repoKey(url)) ?? 0}`
    const commit = this.resolved.get(memoKey) ?? (await this.once(`lookup|${memoKey}`, () => this.lookup(url, wanted)))
    if (commit && !stale) this.resolved.set(memoKey, commit)
    if (this.resolved.size > 10_000) this.resolved.clear()
    if (!commit) throw new UserError('NotFound', `revision "${wanted}" not found in ${redactUrl(url)}`, `${redactUrl(url)}@${wanted}`)
    return stale ? { commit, stale, fetchError: fetchError! } : { commit, stale }
  }

  /**
   * The repository's tree at a commit, as a folder of its own (never modified once made).
   * Returns its path.
   */
  /** A commit's subject line, shown beside its short SHA ('' when it cannot be read). */
  async commitMessage(url: string, commit: string): Promise<string> {
    if (!/^[0-9a-f]{40}$/.test(commit)) return ''
    const key = `${repoKey(url)}|${commit}`
    let message = this.messages.get(key)
    if (message === undefined) {
      message = await this.once(`message|${key}`, () =>
        this.git(this.repoDir(url))
          .raw(['log', '-1', '--format=%s', commit, '--'])
          .then((out) => out.trim(), () => ''),
      )
      this.messages.set(key, message)
      if (this.messages.size > 10_000) this.messages.clear()
    }
    return message
  }

  async snapshot(url: string, commit: string): Promise<string> {
    if (!/^[0-9a-f]{40}$/.test(commit)) throw new UserError('Invalid', `not a commit SHA: ${commit}`)
    const dir = join(this.root, 'trees', repoKey(url), commit)
    if (existsSync(dir)) return dir
    // The apps of one repository asking at once share one checkout of the revision.
    return this.once(`snapshot|${dir}`, () => this.makeSnapshot(dir, url, commit))
  }

  private async makeSnapshot(dir: string, url: string, commit: string): Promise<string> {
    if (existsSync(dir)) return dir
    const staging = `${dir}.tmp-${randomBytes(4).toString('hex')}`
    await mkdir(staging, { recursive: true })
    try {
      await archiveInto(this.repoDir(url), commit, staging)
      await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
        // Another reader made the same snapshot first; theirs is identical.
        if (!existsSync(dir)) throw error
        await rm(staging, { recursive: true, force: true })
      })
    } catch (error) {
      await rm(staging, { recursive: true, force: true })
      throw error
    }
    return dir
  }

  /** One run of `work` for every caller asking for the same thing while it runs. */
  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined
    if (running) return running
    const started = work().finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, started)
    return started
  }

  private git(dir: string, extraEnv: Record<string, string> = {}, config: string[] = []): SimpleGit {
    // The ask-pass and ssh settings are ours (fixed values, never from a repo or a user), which
    // is what simple-git's unsafe switches are for. No credential helper: a user's global
    // `credential.helper=store` must never receive the passwords we hold.
    const env = { ...gitProcessEnv(), ...extraEnv }
    return simpleGit({
      baseDir: dir,
      timeout: { block: 120_000 },
      config: ['credential.helper=', ...config],
      unsafe: { allowUnsafeAskPass: true, allowUnsafeSshCommand: true, allowUnsafeCredentialHelper: true },
      allowEnvironment: Object.keys(env).filter((k) => k.startsWith('GIT_') || k === 'SSH_ASKPASS'),
    }).env(env)
  }

  /** Runs fn with git set up to authenticate as the stored credentials say; cleans up after. */
  private async withAuth<T>(url: string, fn: (env: Record<string, string>, config: string[]) => Promise<T>): Promise<T> {
    const creds: GitCredentials | null = await this.credentials(url)
    if (!creds) return fn({}, [])
    const scratch = await mkdtemp(join(tmpdir(), 'gitops-desk-git-'))
    try {
      await chmod(scratch, 0o700)
      const env: Record<string, string> = {}
      const config: string[] = []
      if (creds.password !== undefined) {
        // Secrets reach git through the environment of its process and an ask-pass script
        // that prints them: never on a command line, never in a file.
        const askpass = join(scratch, 'askpass.sh')
        await writeFile(askpass, '#!/bin/sh\ncase "$1" in\n  Username*) printf \'%s\\n\' "$GITOPS_DESK_GIT_USERNAME" ;;\n  *) printf \'%s\\n\' "$GITOPS_DESK_GIT_PASSWORD" ;;\nesac\n', { mode: 0o700 })
        Object.assign(env, { GIT_ASKPASS: askpass, GITOPS_DESK_GIT_USERNAME: creds.username ?? 'git', GITOPS_DESK_GIT_PASSWORD: creds.password })
      }
      if (creds.sshPrivateKey !== undefined) {
        const key = join(scratch, 'id')
        await writeFile(key, creds.sshPrivateKey.endsWith('\n') ? creds.sshPrivateKey : `${creds.sshPrivateKey}\n`, { mode: 0o600 })
        const hostKeys = creds.insecure ? '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null' : '-o StrictHostKeyChecking=yes'
        env.GIT_SSH_COMMAND = `ssh -i '${key}' -o IdentitiesOnly=yes -o BatchMode=yes ${hostKeys}`
      }
      if (creds.caData) {
        const ca = join(scratch, 'ca.pem')
        await writeFile(ca, creds.caData, { mode: 0o600 })
        config.push(`http.sslCAInfo=${ca}`)
      }
      if (creds.insecure) config.push('http.sslVerify=false')
      return await fn(env, config)
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  }

  private async doFetch(url: string): Promise<void> {
    const dir = this.repoDir(url)
    try {
      await this.withAuth(url, async (env, config) => {
        this.reading.add(repoKey(url))
        this.readingSince.set(repoKey(url), performance.now())
        if (!existsSync(dir)) {
          await mkdir(join(this.root, 'repos'), { recursive: true })
          const staging = `${dir}.clone-${randomBytes(4).toString('hex')}`
          await this.git(join(this.root, 'repos'), env, config).clone(url, staging, ['--bare', '--quiet'])
          await rename(staging, dir)
          return
        }
        const git = this.git(dir, env, config)
        await git.fetch(['--prune', '--prune-tags', '--force', '--quiet', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'])
        // Follow a change of the remote's default branch, which HEAD stands for.
        const head = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(await git.listRemote(['--symref', 'origin', 'HEAD']))
        if (head?.[1]) await git.raw(['symbolic-ref', 'HEAD', `refs/heads/${head[1]}`])
      })
    } catch (error) {
      if (error instanceof UserError) throw error
      throw new UserError('Unavailable', `cannot fetch ${redactUrl(url)}: ${firstLine(error)}`, redactUrl(url))
    }
  }

  private async lookup(url: string, revision: string): Promise<string | null> {
    const git = this.git(this.repoDir(url))
    const candidates = revision === 'HEAD' ? ['HEAD'] : [`refs/heads/${revision}`, `refs/tags/${revision}`, revision]
    for (const candidate of candidates) {
      if (candidate.startsWith('-')) continue
      try {
        const sha = (await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${candidate}^{commit}`])).trim()
        if (/^[0-9a-f]{40}$/.test(sha)) return sha
      } catch {
        /* not this kind of revision */
      }
    }
    return null
  }
}

/** One cache folder per repository, whatever spelling of its URL. */
export function repoKey(url: string): string {
  return createHash('sha256').update(normalizeRepoUrl(url)).digest('hex').slice(0, 20)
}

/** Argo CD's normalization: lower case, no trailing slash or .git, no credentials. */
export function normalizeRepoUrl(url: string): string {
  return redactUrl(url).trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '')
}

/** A URL without any user:password part, safe for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1')
}

/** What git said went wrong: its first fatal: or error: line (the last lines are advice), else its last line. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean)
  const said = lines.find((l) => /^(fatal|error):/i.test(l))
  return redactUrl((said ?? lines.at(-1) ?? 'unknown error').replace(/^(fatal|error):\s*/i, ''))
}

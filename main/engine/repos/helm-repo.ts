import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import semver from 'semver'
import { extract } from 'tar'
import YAML from 'yaml'
import { UserError } from '../base/errors'
import { yamlLimits } from '../base/yaml-docs'
import type { CredentialLookup } from './credentials'
import { normalizeRepoUrl, redactUrl, repoKey } from './git-cache'
import { httpGet } from './http-get'
import { isOciRepoUrl, OciClient, ociReference } from './oci-registry'

export interface ChartVersion {
  name: string
  version: string
  urls: string[]
  digest?: string
}

export interface ChartIndex {
  entries: Record<string, ChartVersion[]>
  /** The index could not be fetched; the last one fetched is used. */
  stale: boolean
  fetchError?: string
}

export interface PulledChart {
  /** The chart's files, extracted (read-only: render from a copy if you must write). */
  dir: string
  version: string
  digest: string
  stale: boolean
  staleReason?: string
}

/**
 * Helm chart repositories as Argo CD's repo server reads them: `index.yaml` fetched with the
 * stored credentials (basic auth, a private CA) and kept on disk, a version picked by exact
 * match or semver constraint, the chart's package downloaded once per digest and extracted.
 * When the repository cannot be reached, the last index fetched is used, marked stale.
 */
export class HelmRepoCache {
  private readonly fetches = new Map<string, Promise<ChartIndex>>()
  private readonly downloads = new Map<string, Promise<void>>()

  constructor(
    readonly root: string,
    readonly credentials: CredentialLookup = async () => null,
  ) {}

  /** The repository's index; fetched again when older than maxAgeMs (0: always), else from disk. */
  async index(url: string, { maxAgeMs = 0, fetch = true, passCredentials = false } = {}): Promise<ChartIndex> {
    const dir = join(this.root, 'helm', repoKey(url))
    const file = join(dir, 'index.json')
    const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => Infinity)
    if (!fetch || age <= maxAgeMs) {
      const cached = await readIndex(file)
      if (cached) return { entries: cached, stale: false }
      if (!fetch) throw new UserError('NotFound', `the index of ${redactUrl(url)} has not been fetched yet`, redactUrl(url))
    }
    const key = normalizeRepoUrl(url)
    let running = this.fetches.get(key)
    if (!running) {
      running = this.fetchIndex(url, dir, file, passCredentials).finally(() => this.fetches.delete(key))
      this.fetches.set(key, running)
    }
    return running
  }

  private async fetchIndex(url: string, dir: string, file: string, passCredentials: boolean): Promise<ChartIndex> {
    const where = `${redactUrl(url).replace(/\/+$/, '')}/index.yaml`
    try {
      const creds = (await this.credentials(url)) ?? {}
      const body = await httpGet(where, { ...creds, passCredentials }, { maxBytes: 256 * 1024 * 1024 })
      const parsed = YAML.parse(body.toString('utf8'), { maxAliasCount: yamlLimits.maxAliasCount }) as { entries?: Record<string, ChartVersion[]> } | null
      if (!parsed || typeof parsed.entries !== 'object') throw new UserError('Invalid', `${where} is not a Helm repository index (no entries)`, where)
      const entries = Object.fromEntries(Object.entries(parsed.entries ?? {}).map(([name, versions]) => [name, (versions ?? []).map((v) => ({ name, version: String(v.version), urls: v.urls ?? [], ...(v.digest ? { digest: v.digest } : {}) }))]))
      await mkdir(dir, { recursive: true })
      await writeFile(`${file}.tmp`, JSON.stringify(entries))
      await rename(`${file}.tmp`, file)
      return { entries, stale: false }
    } catch (error) {
      const cached = await readIndex(file)
      if (!cached || !(error instanceof UserError) || error.code === 'Invalid') throw error
      return { entries: cached, stale: true, fetchError: error.message }
    }
  }

  /** Downloads (once per digest) and extracts a chart version picked from the index, or from an OCI registry's tags. */
  async pull(url: string, chart: string, constraint: string, options: { maxAgeMs?: number; fetch?: boolean; passCredentials?: boolean } = {}): Promise<PulledChart> {
    if (isOciRepoUrl(url)) return this.pullOci(url, chart, constraint)
    const index = await this.index(url, options)
    const picked = pickVersion(index.entries, chart, constraint, redactUrl(url))
    const packageUrl = picked.urls[0]
    if (!packageUrl) throw new UserError('Invalid', `${redactUrl(url)}: chart ${chart} ${picked.version} has no download URL in the index`, `${chart}@${picked.version}`)
    const digest = picked.digest ?? createHash('sha256').update(`${normalizeRepoUrl(url)}|${chart}|${picked.version}`).digest('hex')
    const dir = join(this.root, 'helm', 'charts', digest)
    if (!existsSync(join(dir, 'Chart.yaml'))) {
      // Two renders of the same chart at once share one download.
      let running = this.downloads.get(digest)
      if (!running) {
        running = this.download(url, packageUrl, picked, dir, options.passCredentials ?? false).finally(() => this.downloads.delete(digest))
        this.downloads.set(digest, running)
      }
      await running
    }
    return { dir, version: picked.version, digest, stale: index.stale, ...(index.fetchError ? { staleReason: index.fetchError } : {}) }
  }

  /**
   * A chart stored in an OCI registry: its tags listed (the versions), one picked as from an
   * index, the chart layer downloaded once per digest. Credentials are the stored repository's,
   * written with or without `oci://`.
   */
  private async pullOci(url: string, chart: string, constraint: string): Promise<PulledChart> {
    const ref = ociReference(url, chart)
    const creds = (await this.credentials(url)) ?? (await this.credentials(url.startsWith('oci://') ? url.slice(6) : `oci://${url}`)) ?? {}
    const client = new OciClient(ref.host, creds)
    const tags = await client.tags(ref.repository).catch((error: unknown) => {
      if (error instanceof UserError && error.code === 'NotFound') throw new UserError('NotFound', `${ref.display} does not exist (no chart ${chart} in oci://${url.replace(/^oci:\/\//, '')})`, chart)
      throw error
    })
    const picked = pickVersion({ [chart]: tags.map((version) => ({ name: chart, version, urls: [] })) }, chart, constraint, `oci://${url.replace(/^oci:\/\//, '')}`)
    const key = createHash('sha256').update(`${ref.display}:${picked.version}`).digest('hex')
    const known = join(this.root, 'helm', 'oci', key)
    const digest = (await readFile(known, 'utf8').catch(() => '')).trim()
    if (digest && existsSync(join(this.root, 'helm', 'charts', digest, 'Chart.yaml'))) return { dir: join(this.root, 'helm', 'charts', digest), version: picked.version, digest, stale: false }
    const pulled = await client.chartPackage(ref.repository, picked.version)
    const dir = join(this.root, 'helm', 'charts', pulled.digest)
    if (!existsSync(join(dir, 'Chart.yaml'))) await extractChart(pulled.tgz, dir, `${chart} ${picked.version}`)
    await mkdir(join(this.root, 'helm', 'oci'), { recursive: true })
    await writeFile(known, pulled.digest)
    return { dir, version: picked.version, digest: pulled.digest, stale: false }
  }

  private async download(url: string, packageUrl: string, picked: ChartVersion, dir: string, passCredentials: boolean): Promise<void> {
    const absolute = new URL(packageUrl, `${url.replace(/\/+$/, '')}/`).toString()
    const creds = (await this.credentials(url)) ?? {}
    const tgz = await httpGet(absolute, { ...creds, passCredentials }, { maxBytes: 512 * 1024 * 1024 })
    const actual = createHash('sha256').update(tgz).digest('hex')
    if (picked.digest && actual !== picked.digest) throw new UserError('Invalid', `${redactUrl(absolute)}: the package's sha256 ${actual.slice(0, 12)}… is not the index's ${picked.digest.slice(0, 12)}…`, `${picked.name}@${picked.version}`)
    await extractChart(tgz, dir, `${picked.name} ${picked.version}`)
  }
}

/** Versions newest first (semver order; anything else after, as written). */
export function sortVersions(versions: string[]): string[] {
  const valid = versions.filter((v) => semver.valid(v, { loose: true })).sort((a, b) => semver.rcompare(a, b, { loose: true }))
  return [...valid, ...versions.filter((v) => !semver.valid(v, { loose: true }))]
}

async function readIndex(file: string): Promise<Record<string, ChartVersion[]> | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, ChartVersion[]>
  } catch {
    return null
  }
}

/**
 * Argo CD's choice of a chart version: the exact version when the index has it, else the highest
 * version matching the constraint (Masterminds syntax: `6.*`, `>=6.0.0 <7`, `^6.1`, commas for
 * AND); prereleases only when the constraint names one.
 */
export function pickVersion(entries: Record<string, ChartVersion[]>, chart: string, constraint: string, repo: string): ChartVersion {
  const versions = entries[chart]
  if (!versions?.length) {
    const known = Object.keys(entries).slice(0, 10).join(', ')
    throw new UserError('NotFound', `${repo} has no chart named ${chart}${known ? ` (it has: ${known}${Object.keys(entries).length > 10 ? ', …' : ''})` : ''}`, chart)
  }
  const wanted = constraint.trim() || '*'
  const exact = versions.find((v) => v.version === wanted || v.version === wanted.replace(/^v/, ''))
  if (exact) return exact
  const range = semver.validRange(wanted.replace(/,/g, ' '), { loose: true })
  if (!range) throw new UserError('Invalid', `targetRevision ${JSON.stringify(constraint)} is neither a version of ${chart} in ${repo} nor a semver constraint`, 'spec.source.targetRevision')
  const byVersion = new Map(versions.filter((v) => semver.valid(v.version, { loose: true })).map((v) => [semver.clean(v.version, { loose: true })!, v]))
  const best = semver.maxSatisfying([...byVersion.keys()], range, { loose: true, includePrerelease: /-/.test(wanted) })
  if (!best) {
    const newest = [...byVersion.keys()].sort(semver.rcompare).slice(0, 5).join(', ')
    throw new UserError('NotFound', `${repo}: no version of ${chart} matches ${JSON.stringify(constraint)} (newest: ${newest || 'none'})`, `${chart}@${constraint}`)
  }
  return byVersion.get(best)!
}

async function extractChart(tgz: Buffer, dir: string, what: string): Promise<void> {
  const staging = `${dir}.extract-${process.pid}-${Date.now()}`
  await mkdir(staging, { recursive: true })
  try {
    const archive = `${staging}.tgz`
    await writeFile(archive, tgz)
    try {
      // A chart package holds one top folder, the chart's name; its contents are the chart.
      await extract({ file: archive, cwd: staging, strip: 1, strict: true, filter: (path) => !path.split('/').includes('..') })
    } catch (error) {
      // The entry's name in the package, never its link's target.
      const entry = (error as { entry?: { path?: unknown } }).entry?.path
      throw new UserError('Invalid', `${what}: the package is not a readable .tgz (${(error as Error).message}${typeof entry === 'string' ? `: ${entry}` : ''})`, what)
    } finally {
      await rm(archive, { force: true })
    }
    if (!existsSync(join(staging, 'Chart.yaml'))) throw new UserError('Invalid', `${what}: the package has no Chart.yaml`, what)
    // Another process may have extracted the same package meanwhile: the one in place wins.
    if (existsSync(join(dir, 'Chart.yaml'))) return
    await rm(dir, { recursive: true, force: true })
    await rename(staging, dir)
  } finally {
    // A refused package rejects while tar still writes its other entries: retry until they are done.
    await rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
  }
}

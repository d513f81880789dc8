import { createHash } from 'node:crypto'
import { existsSync, readdirSync, realpathSync } from 'node:fs'
import { cp, lstat, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import YAML from 'yaml'
import { UserError } from '../base/errors'
import type { CredentialLookup } from '../repos/credentials'
import { redactUrl } from '../repos/git-cache'
import { escapeText, pathEscape } from './link-bounds'
import { readLinkSync } from './snapshot-check'
import { runTool } from './tools'

export interface DependencyInput {
  helm: string
  chartDir: string
  /** The repository snapshot the chart is in: a `file://` dependency must stay inside it. */
  repoRoot: string
  /** Where built dependencies are kept, by the digest of what decides them. */
  cacheRoot: string
  credentials: CredentialLookup
  /** Stored Helm repositories with a name, for dependencies written `@name` or `alias:name`. */
  namedRepos: { name: string; url: string }[]
  /** The chart's place (repository and path): its last good dependencies serve when a build fails. */
  location: string
}

export interface PreparedChart {
  dir: string
  /** The dependencies could not be built; the last good ones were used, for this reason. */
  stale?: string
  cleanup(): Promise<void>
}

interface Dependency {
  name: string
  version?: string
  repository?: string
  alias?: string
}

const noCleanup = async () => undefined

/**
 * A Git chart's dependencies as Argo CD's repo server gets them: when `charts/` lacks one,
 * `helm dependency build` runs on a scratch copy, with every repository it names added with the
 * stored credentials (in a Helm home of its own). The built `charts/` is kept by the digest of
 * Chart.yaml's dependencies and Chart.lock; when a build fails (a repository unreachable), the last
 * good build of this chart is used, marked stale, as a Git remote's last fetch is.
 */
export async function prepareDependencies(input: DependencyInput): Promise<PreparedChart> {
  const chartYaml = (YAML.parse(await readFile(join(input.chartDir, 'Chart.yaml'), 'utf8')) ?? {}) as { dependencies?: Dependency[] }
  const dependencies = chartYaml.dependencies ?? []
  checkLocalDependencies(input, dependencies)
  if (dependencies.length === 0 || allPresent(input.chartDir, dependencies)) return { dir: input.chartDir, cleanup: noCleanup }
  const lock = await readFile(join(input.chartDir, 'Chart.lock'), 'utf8').catch(() => '')
  const key = createHash('sha256').update(JSON.stringify(dependencies)).update(lock).digest('hex').slice(0, 32)
  const depsRoot = join(input.cacheRoot, 'helm', 'deps')
  const built = join(depsRoot, key)
  const lastGood = join(depsRoot, `last-${createHash('sha256').update(input.location).digest('hex').slice(0, 20)}`)
  const scratch = await mkdtemp(join(tmpdir(), 'gitops-desk-helm-deps-'))
  const cleanup = () => rm(scratch, { recursive: true, force: true })
  // The whole repository is copied, so the chart's links (checked to stay inside it) and its
  // file:// dependencies mean there what they mean in the snapshot, never a folder beside the copy.
  const copy = join(scratch, 'repo')
  const dir = join(copy, relative(realpathSync(input.repoRoot), realpathSync(input.chartDir)))
  try {
    await cp(input.repoRoot, copy, { recursive: true, verbatimSymlinks: true })
    if (existsSync(built)) {
      await cp(built, join(dir, 'charts'), { recursive: true })
      return { dir, cleanup }
    }
    try {
      await buildDependencies(input, dir, dependencies, scratch)
    } catch (error) {
      const fallback = (await readFile(lastGood, 'utf8').catch(() => '')).trim()
      if (!(error instanceof UserError) || !fallback || !existsSync(join(depsRoot, fallback))) throw error
      await cp(join(depsRoot, fallback), join(dir, 'charts'), { recursive: true, force: true })
      return { dir, stale: error.message, cleanup }
    }
    await mkdir(depsRoot, { recursive: true })
    const staging = `${built}.${process.pid}-${Date.now()}`
    // Only what helm built is kept in the data folder: never a link (it would mean something else there).
    await cp(join(dir, 'charts'), staging, { recursive: true, filter: async (src) => !(await lstat(src)).isSymbolicLink() })
    await rename(staging, built).catch(() => rm(staging, { recursive: true, force: true }))
    await writeFile(lastGood, key)
    return { dir, cleanup }
  } catch (error) {
    await cleanup()
    throw error
  }
}

/** `file://` dependencies are read by helm from this machine: only from inside the repository. */
function checkLocalDependencies(input: DependencyInput, dependencies: Dependency[]): void {
  const root = realpathSync(input.repoRoot)
  const chart = realpathSync(input.chartDir)
  dependencies.forEach((d, i) => {
    if (!d.repository?.startsWith('file://')) return
    const escape = pathEscape(root, chart, d.repository.slice('file://'.length), readLinkSync)
    const file = join(relative(root, chart), 'Chart.yaml').split('\\').join('/')
    if (escape) throw new UserError('Invalid', `${file}: dependencies[${i}].repository "${d.repository}" ${escapeText(escape, 'repository')}`, file)
  })
}

function allPresent(chartDir: string, dependencies: Dependency[]): boolean {
  const charts = join(chartDir, 'charts')
  if (!existsSync(charts)) return false
  const entries = readdirSync(charts)
  return dependencies.every((d) => entries.some((e) => e === d.name || e.startsWith(`${d.name}-`)))
}

async function buildDependencies(input: DependencyInput, dir: string, dependencies: Dependency[], scratch: string): Promise<void> {
  const home = join(scratch, 'helm-home')
  const env = { HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data'), HELM_REPOSITORY_CONFIG: join(home, 'repositories.yaml'), HELM_REPOSITORY_CACHE: join(home, 'repository') }
  const repos = new Map<string, string>() // url → name
  dependencies.forEach((d, i) => {
    const named = /^(?:@|alias:)(.+)$/.exec(d.repository ?? '')?.[1]
    if (named) {
      const stored = input.namedRepos.find((r) => r.name === named)
      if (!stored) throw new UserError('NotFound', `dependency ${d.name} names repository ${d.repository}, which is not a stored Helm repository (gitops-desk repo add URL --type helm --name ${named})`, 'Chart.yaml')
      repos.set(stored.url, named)
    } else if (d.repository && /^https?:\/\//.test(d.repository) && !repos.has(d.repository)) repos.set(d.repository, `dependency-${i}`)
  })
  for (const [url, name] of repos) {
    const creds = (await input.credentials(url)) ?? {}
    const args = ['repo', 'add', name, url, '--force-update']
    if (creds.username) args.push('--username', creds.username, '--password-stdin')
    if (creds.caData) {
      const ca = join(home, `${name}-ca.pem`)
      await mkdir(home, { recursive: true })
      await writeFile(ca, creds.caData)
      args.push('--ca-file', ca)
    }
    if (creds.insecure) args.push('--insecure-skip-tls-verify')
    await runTool(input.helm, args, { cwd: dir, label: `helm repo add ${redactUrl(url)}`, env, ...(creds.username ? { input: creds.password ?? '' } : {}) })
  }
  await runTool(input.helm, ['dependency', 'build', dir], { cwd: dir, label: 'helm dependency build', env })
}

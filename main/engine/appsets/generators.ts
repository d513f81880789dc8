import { posix } from 'node:path'
import picomatch from 'picomatch'
import YAML from 'yaml'
import { globMatch } from '../base/glob'
import { UserError } from '../base/errors'
import { flatten, normalize, selectorMatches, type LabelSelector, type Params } from './params'
import { renderDeep, renderString, type TemplateMode } from './template'

/** A cluster as the clusters generator sees it: a kubeconfig context or an imported cluster. */
export interface ClusterEntry {
  name: string
  server: string
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** What generators read: the clusters, and repositories' directories and files at a revision. */
export interface GeneratorSources {
  clusters(): Promise<ClusterEntry[]>
  directories(repoURL: string, revision: string): Promise<string[]>
  files(repoURL: string, revision: string, pattern: string): Promise<{ path: string; content: string }[]>
}

/**
 * The most parameter sets one generator (and Applications one ApplicationSet) may make. Argo CD
 * has no bound of its own (its controller is a separate process); here generation runs in the
 * engine, and a matrix of two 3000-element lists (9 million sets) held its thread for hours.
 * Ten times the largest fleet the app is measured with.
 */
export const maxParameterSets = 10_000

/** Refuses a count of parameter sets past the bound, naming what made them. */
export function checkParameterSets(count: number, what: string, where: string): void {
  if (count > maxParameterSets) throw new UserError('Invalid', `${what} more than ${maxParameterSets} ${where === 'spec.generators' ? 'Applications' : 'parameter sets'} (GitOps Desk's bound on one ApplicationSet); split it or narrow its generators`, where)
}

type Generator = Record<string, unknown>
type Spec = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** One generator's parameter sets, and the template it brings (merged over the ApplicationSet's). */
export interface Transformed {
  params: Params[]
  template?: Record<string, unknown>
}

const supported = ['list', 'clusters', 'git', 'matrix', 'merge']
const unsupported = ['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin']

/**
 * Argo CD's Transform: the generator's parameter sets (interpolated first with a matrix's
 * parameters from its first generator), filtered by the generator's selector.
 */
export async function transform(generator: Generator, mode: TemplateMode, sources: GeneratorSources, where: string, genParams: Params = {}): Promise<Transformed> {
  const kinds = Object.keys(generator).filter((k) => k !== 'selector')
  const bad = kinds.find((k) => unsupported.includes(k))
  if (bad) throw new UserError('Invalid', `${where}: the ${bad} generator is not supported by GitOps Desk yet (list, clusters, git, matrix, merge are)`, where)
  if (kinds.length !== 1 || !supported.includes(kinds[0]!)) throw new UserError('Invalid', `${where}: a generator is one of ${supported.join(', ')}; found ${kinds.join(', ') || 'none'}`, where)
  const interpolated = Object.keys(genParams).length ? await renderDeep(generator, genParams, mode, where) : generator
  const kind = kinds[0]!
  const spec = (interpolated[kind] ?? {}) as Spec
  const at = `${where}.${kind}`
  let params: Params[]
  if (kind === 'list') params = await list(spec, mode, at)
  else if (kind === 'clusters') params = await clusters(spec, mode, sources, at)
  else if (kind === 'git') params = await git(spec, mode, sources, at)
  else if (kind === 'matrix') params = await matrix(spec, mode, sources, at)
  else params = await merge(spec, mode, sources, at)
  checkParameterSets(params.length, `${at} makes`, at)
  const selector = interpolated.selector as LabelSelector | undefined
  if (selector) params = params.filter((p) => selectorMatches(selector, flatten(p)))
  return { params, ...(spec.template ? { template: spec.template as Record<string, unknown> } : {}) }
}

async function list(spec: Spec, mode: TemplateMode, at: string): Promise<Params[]> {
  const elements: unknown[] = Array.isArray(spec.elements) ? spec.elements : []
  const out = elements.map((element, i) => {
    if (!element || typeof element !== 'object' || Array.isArray(element)) throw new UserError('Invalid', `${at}.elements[${i}] is not an object`, at)
    if (mode.goTemplate) return element as Params
    const params: Params = {}
    for (const [key, value] of Object.entries(element)) {
      if (key === 'values' && value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (typeof v !== 'string') throw new UserError('Invalid', `${at}.elements[${i}].values.${k} is not a string (without goTemplate every value must be)`, at)
          params[`values.${k}`] = v
        }
      } else if (typeof value !== 'string') throw new UserError('Invalid', `${at}.elements[${i}].${key} is not a string (without goTemplate every value must be)`, at)
      else params[key] = value
    }
    return params
  })
  if (typeof spec.elementsYaml === 'string' && spec.elementsYaml.trim()) {
    let parsed: unknown
    try {
      parsed = YAML.parse(spec.elementsYaml)
    } catch (error) {
      throw new UserError('Invalid', `${at}.elementsYaml is not YAML: ${(error as Error).message.split('\n')[0]}`, at)
    }
    if (!Array.isArray(parsed)) throw new UserError('Invalid', `${at}.elementsYaml is not a list`, at)
    out.push(...(parsed as Params[]))
  }
  return out
}

/** A generator's `values`, each rendered with the parameters, as `values.k` (or `.values.k` with goTemplate). */
async function withValues(params: Params, values: Record<string, string> | undefined, mode: TemplateMode, at: string): Promise<Params> {
  if (!values) return params
  const rendered: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) rendered[k] = await renderString(String(v), params, mode, `${at}.values.${k}`)
  if (mode.goTemplate) return { ...params, values: rendered }
  return { ...params, ...Object.fromEntries(Object.entries(rendered).map(([k, v]) => [`values.${k}`, v])) }
}

async function clusters(spec: Spec, mode: TemplateMode, sources: GeneratorSources, at: string): Promise<Params[]> {
  const selector = spec.selector as LabelSelector | undefined
  const out: Params[] = []
  for (const cluster of await sources.clusters()) {
    if (!selectorMatches(selector, cluster.labels)) continue
    const params: Params = { name: cluster.name, nameNormalized: normalize(cluster.name), server: cluster.server, project: '' }
    if (mode.goTemplate) params.metadata = { ...(Object.keys(cluster.annotations).length ? { annotations: cluster.annotations } : {}), ...(Object.keys(cluster.labels).length ? { labels: cluster.labels } : {}) }
    else {
      for (const [k, v] of Object.entries(cluster.annotations)) params[`metadata.annotations.${k}`] = v
      for (const [k, v] of Object.entries(cluster.labels)) params[`metadata.labels.${k}`] = v
    }
    out.push(await withValues(params, spec.values, mode, at))
  }
  return spec.flatList ? [{ clusters: out }] : out
}

/** The path parameters of a directory (or a file's directory), as Argo CD names them. */
function pathParams(dir: string, file: string | undefined, prefix: string, mode: TemplateMode): Params {
  if (mode.goTemplate) {
    const path: Params = { path: dir, basename: posix.basename(dir), basenameNormalized: normalize(posix.basename(dir)), segments: dir.split('/') }
    if (file !== undefined) Object.assign(path, { filename: posix.basename(file), filenameNormalized: normalize(posix.basename(file)) })
    return prefix ? { [prefix]: { path } } : { path }
  }
  const name = prefix ? `${prefix}.path` : 'path'
  const params: Params = { [name]: dir, [`${name}.basename`]: posix.basename(dir), [`${name}.basenameNormalized`]: normalize(posix.basename(dir)) }
  if (file !== undefined) Object.assign(params, { [`${name}.filename`]: posix.basename(file), [`${name}.filenameNormalized`]: normalize(posix.basename(file)) })
  dir.split('/').forEach((segment, i) => segment && (params[`${name}[${i}]`] = segment))
  return params
}

async function git(spec: Spec, mode: TemplateMode, sources: GeneratorSources, at: string): Promise<Params[]> {
  if (typeof spec.repoURL !== 'string' || !spec.repoURL) throw new UserError('Invalid', `${at}.repoURL is required`, at)
  const revision = typeof spec.revision === 'string' && spec.revision ? spec.revision : 'HEAD'
  const prefix = typeof spec.pathParamPrefix === 'string' ? spec.pathParamPrefix : ''
  const items = (key: string): { path: string; exclude: boolean }[] => (Array.isArray(spec[key]) ? spec[key].map((d: { path?: unknown; exclude?: unknown }) => ({ path: String(d?.path ?? ''), exclude: d?.exclude === true })) : [])
  if (items('directories').length) {
    // path.Match: * stays within one path segment.
    const matches = (dir: string, pattern: string) => picomatch.isMatch(dir, pattern, { dot: true })
    const dirs = (await sources.directories(spec.repoURL, revision)).filter((d) => {
      const hits = items('directories').filter((i) => matches(d, i.path))
      return hits.some((i) => !i.exclude) && !hits.some((i) => i.exclude)
    })
    return Promise.all(dirs.map((d) => withValues(pathParams(d, undefined, prefix, mode), spec.values, mode, at)))
  }
  if (items('files').length) {
    const found = new Map<string, string>()
    for (const i of items('files').filter((f) => !f.exclude)) for (const f of await sources.files(spec.repoURL, revision, i.path)) found.set(f.path, f.content)
    // git ls-files pathspecs: * crosses directories.
    for (const i of items('files').filter((f) => f.exclude)) for (const path of [...found.keys()]) if (globMatch(path, i.path)) found.delete(path)
    const out: Params[] = []
    for (const path of [...found.keys()].sort()) {
      let parsed: unknown
      try {
        parsed = YAML.parse(found.get(path)!)
      } catch (error) {
        throw new UserError('Invalid', `${at}: unable to process file '${path}': ${(error as Error).message.split('\n')[0]}`, path)
      }
      const objects = Array.isArray(parsed) ? parsed : [parsed ?? {}]
      for (const object of objects as Params[]) {
        const own = mode.goTemplate ? { ...object } : flatten(object)
        out.push(await withValues({ ...own, ...pathParams(posix.dirname(path), path, prefix, mode) }, spec.values, mode, at))
      }
    }
    return out
  }
  throw new UserError('Invalid', `${at} needs directories or files`, at)
}

const nested = (spec: Spec, at: string, min: number, max = Infinity): Generator[] => {
  const generators: unknown[] = Array.isArray(spec.generators) ? spec.generators : []
  if (generators.length < min || generators.length > max) throw new UserError('Invalid', `${at} needs ${max === min ? `exactly ${min}` : `at least ${min}`} generators, found ${generators.length}`, at)
  return generators as Generator[]
}

async function matrix(spec: Spec, mode: TemplateMode, sources: GeneratorSources, at: string): Promise<Params[]> {
  const [first, second] = nested(spec, at, 2, 2) as [Generator, Generator]
  const out: Params[] = []
  for (const a of (await transform(first, mode, sources, `${at}.generators[0]`)).params) {
    for (const b of (await transform(second, mode, sources, `${at}.generators[1]`, a)).params) {
      // Before the product is built: a 3000 × 3000 matrix stops here, not after 9 million sets.
      checkParameterSets(out.length + 1, `${at} makes`, at)
      if (mode.goTemplate) out.push(deepMerge(structuredClone(b), a))
      else {
        const combined: Params = { ...a }
        for (const [k, v] of Object.entries(b)) {
          if (k in combined && String(combined[k]) !== String(v)) throw new UserError('Invalid', `${at}: found duplicate key ${k} with different value, a: ${String(combined[k])} ,b: ${String(v)}`, at)
          combined[k] = v
        }
        out.push(combined)
      }
    }
  }
  return out
}

async function merge(spec: Spec, mode: TemplateMode, sources: GeneratorSources, at: string): Promise<Params[]> {
  const generators = nested(spec, at, 2)
  const keys: string[] = Array.isArray(spec.mergeKeys) ? [...new Set(spec.mergeKeys.map(String))] : []
  if (keys.length === 0) throw new UserError('Invalid', `${at}.mergeKeys: at least one merge key is required`, at)
  const byKey = (sets: Params[], i: number) => {
    const map = new Map<string, Params>()
    for (const set of sets) {
      const key = JSON.stringify(Object.fromEntries([...keys].sort().map((k) => [k, set[k] ?? null])))
      if (map.has(key)) throw new UserError('Invalid', `${at}.generators[${i}]: the parameters for each merge key must be unique. Duplicate key was ${key}`, at)
      map.set(key, set)
    }
    return map
  }
  const all = await Promise.all(generators.map((g, i) => transform(g, mode, sources, `${at}.generators[${i}]`)))
  const base = byKey(all[0]!.params, 0)
  all.slice(1).forEach((other, i) => {
    for (const [key, override] of byKey(other.params, i + 1)) {
      const current = base.get(key)
      if (current) base.set(key, mode.goTemplate ? deepMerge(current, override) : { ...current, ...override })
    }
  })
  return [...base.values()]
}

/** mergo.Merge with override: maps merge key by key, anything else is replaced. */
function deepMerge(target: Params, source: Params): Params {
  for (const [k, v] of Object.entries(source)) {
    const t = target[k]
    target[k] = v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t) ? deepMerge({ ...(t as Params) }, v as Params) : v
  }
  return target
}

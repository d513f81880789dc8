/** The names kustomize reads a folder's kustomization from, in the order it looks for them. */
export const kustomizationFiles = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const

/** A local path a kustomization reads, and the field that names it (`resources[2]`). */
export interface LocalPath {
  field: string
  path: string
  /** 'entry': a file, or a folder whose kustomization is read in turn; 'config': a generator or transformer config file. */
  kind: 'file' | 'dir' | 'entry' | 'config'
}

type Doc = Record<string, unknown>

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const isObject = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value)
const inline = (value: string) => value.includes('\n')

/**
 * Remote bases kustomize fetches itself (allowed, as in Argo CD). A `file://` URL, or any other
 * scheme, is not remote: kustomize would clone a folder of this machine (another repository's
 * cache), so it is checked as a local path, and refused.
 */
export function isRemote(path: string): boolean {
  return /^(git::)?(https?|ssh|git):\/\//i.test(path) || /^(git::)?[\w.-]+@[\w.-]+:/.test(path)
}

/** A URL kustomize would fetch from this machine (`file://`, `git::file://`…): never allowed. */
export function isLocalUrl(path: string): boolean {
  return !isRemote(path) && (/^(git::)?file:/i.test(path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(path))
}

/** `key=path` or `path`, as configMapGenerator and secretGenerator write their files. */
const filePart = (entry: string) => (entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : entry)

/**
 * Every local path a kustomization (or a generator or transformer config) names, with its
 * field: what kustomize will read besides remote URLs and inline content.
 */
export function localPathsOf(doc: Doc): LocalPath[] {
  const out: LocalPath[] = []
  const add = (field: string, value: unknown, kind: LocalPath['kind']) => {
    if (typeof value === 'string' && value.trim() !== '') out.push({ field, path: value.trim(), kind })
  }
  for (const field of ['resources', 'bases', 'components']) list(doc[field]).forEach((v, i) => add(`${field}[${i}]`, v, 'entry'))
  for (const field of ['crds', 'configurations']) list(doc[field]).forEach((v, i) => add(`${field}[${i}]`, v, 'file'))
  for (const field of ['generators', 'transformers', 'validators']) {
    list(doc[field]).forEach((v, i) => {
      if (typeof v === 'string' && !inline(v)) add(`${field}[${i}]`, v, 'entry')
    })
  }
  list(doc.patchesStrategicMerge).forEach((v, i) => typeof v === 'string' && !inline(v) && add(`patchesStrategicMerge[${i}]`, v, 'file'))
  for (const field of ['patches', 'patchesJson6902']) list(doc[field]).forEach((p, i) => isObject(p) && add(`${field}[${i}].path`, p.path, 'file'))
  out.push(...configPathsOf(doc, ''))
  if (isObject(doc.openapi)) add('openapi.path', doc.openapi.path, 'file')
  if (isObject(doc.helmGlobals)) {
    add('helmGlobals.chartHome', doc.helmGlobals.chartHome, 'dir')
    add('helmGlobals.configHome', doc.helmGlobals.configHome, 'dir')
  }
  const globalHome = isObject(doc.helmGlobals) ? doc.helmGlobals.chartHome : undefined
  list(doc.helmCharts).forEach((c, i) => isObject(c) && out.push(...configPathsOf(c, `helmCharts[${i}].`, globalHome)))
  list(doc.helmChartInflationGenerator).forEach((c, i) => {
    if (!isObject(c)) return
    add(`helmChartInflationGenerator[${i}].chartHome`, c.chartHome, 'dir')
    add(`helmChartInflationGenerator[${i}].values`, c.values, 'file')
    add(`helmChartInflationGenerator[${i}].chartName`, chartFolder(c.chartName, c.chartHome ?? globalHome, c.chartRepoUrl, c.chartVersion), 'file')
  })
  return out
}

/**
 * Paths in the fields a kustomization and its generator or transformer configs share:
 * replacements, configMapGenerator/secretGenerator files and envs, a ConfigMapGenerator or
 * PatchTransformer config's own `files`/`envs`/`path`, a HelmChartInflationGenerator's values.
 */
export function configPathsOf(doc: Doc, prefix: string, chartHome?: unknown): LocalPath[] {
  const out: LocalPath[] = []
  const add = (field: string, value: unknown, kind: LocalPath['kind'] = 'file') => {
    if (typeof value === 'string' && value.trim() !== '') out.push({ field: `${prefix}${field}`, path: value.trim(), kind })
  }
  list(doc.replacements).forEach((r, i) => isObject(r) && add(`replacements[${i}].path`, r.path))
  const generator = (g: Doc, at: string) => {
    list(g.files).forEach((f, j) => typeof f === 'string' && add(`${at}files[${j}]`, filePart(f)))
    list(g.envs).forEach((e, j) => add(`${at}envs[${j}]`, e))
    add(`${at}env`, g.env)
  }
  for (const field of ['configMapGenerator', 'secretGenerator']) list(doc[field]).forEach((g, i) => isObject(g) && generator(g, `${field}[${i}].`))
  if (prefix !== '' || (typeof doc.kind === 'string' && !['Kustomization', 'Component'].includes(doc.kind))) {
    // A config file of its own (kind: ConfigMapGenerator, PatchTransformer, HelmChartInflationGenerator…), or a helmCharts entry.
    generator(doc, '')
    add('path', doc.path)
    add('valuesFile', doc.valuesFile)
    list(doc.additionalValuesFiles).forEach((f, j) => add(`additionalValuesFiles[${j}]`, f))
    add('chartHome', doc.chartHome, 'dir')
    add('name', chartFolder(doc.name, doc.chartHome ?? chartHome, doc.repo, doc.version))
  }
  return out
}

/**
 * The folder kustomize templates a helm chart from (its absChartHome, then the name): the chart
 * home (default `charts`), `NAME-VERSION` for a chart pulled from a repo, then the name. kustomize
 * uses what is there without pulling, so a name or version that climbs out would template (and
 * `.Files.Get`) a folder anywhere on this machine.
 */
function chartFolder(name: unknown, home: unknown, repo: unknown, version: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return undefined
  const base = typeof home === 'string' && home.trim() !== '' ? home.trim() : 'charts'
  const pulled = typeof repo === 'string' && repo !== '' && typeof version === 'string' && version !== '' ? [`${name}-${version}`] : []
  return [base, ...pulled, name].join('/')
}

/** Generator, transformer and validator configs written inline (YAML text in the list). */
export function inlineConfigsOf(doc: Doc): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = []
  for (const field of ['generators', 'transformers', 'validators']) list(doc[field]).forEach((v, i) => typeof v === 'string' && inline(v) && out.push({ field: `${field}[${i}]`, text: v }))
  return out
}

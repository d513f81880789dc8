import YAML from 'yaml'

/** A Helm parameter as the Application holds it (argocd app set -p name=value). */
export interface HelmParameter {
  name: string
  value: string
  forceString?: boolean
}
export interface HelmOptions {
  valueFiles: string[]
  /** spec.source.helm.values: a YAML text. */
  values: string
  parameters: HelmParameter[]
}
export interface KustomizeOptions {
  /** Image overrides as Argo CD writes them: name=newName:tag, name:tag, name@digest. */
  images: string[]
  namePrefix: string
  nameSuffix: string
  replicas: { name: string; count: number }[]
}
export type ParameterKind = 'helm' | 'kustomize' | 'plugin'

/** Where the app's (first) source is: spec.source, or spec.sources[0] of a multi-source app. */
export function sourcePath(doc: YAML.Document): (string | number)[] {
  return doc.hasIn(['spec', 'source']) ? ['spec', 'source'] : ['spec', 'sources', 0]
}

const json = <T>(doc: YAML.Document, path: (string | number)[]): T | undefined => {
  const node = doc.getIn(path, true)
  return node === undefined ? undefined : ((YAML.isNode(node) ? node.toJSON() : node) as T)
}

/** The Application YAML as a document; null with the parser's first error when it does not parse. */
export function parseApp(text: string): { doc: YAML.Document; error: null } | { doc: null; error: string } {
  const doc = YAML.parseDocument(text)
  return doc.errors.length ? { doc: null, error: doc.errors[0]!.message } : { doc, error: null }
}

/** The kinds of options the source already sets: a chart or a helm block is Helm, and so on. */
export function kindsOf(doc: YAML.Document): ParameterKind[] {
  const base = sourcePath(doc)
  const kinds: ParameterKind[] = []
  if (doc.hasIn([...base, 'chart']) || doc.hasIn([...base, 'helm'])) kinds.push('helm')
  if (doc.hasIn([...base, 'kustomize'])) kinds.push('kustomize')
  if (doc.hasIn([...base, 'plugin'])) kinds.push('plugin')
  return kinds
}

export function readHelm(doc: YAML.Document): HelmOptions {
  const helm = [...sourcePath(doc), 'helm']
  return {
    valueFiles: json<string[]>(doc, [...helm, 'valueFiles']) ?? [],
    values: json<string>(doc, [...helm, 'values']) ?? '',
    parameters: (json<HelmParameter[]>(doc, [...helm, 'parameters']) ?? []).map((p) => ({ name: p.name, value: String(p.value ?? ''), ...(p.forceString ? { forceString: true } : {}) })),
  }
}

export function readKustomize(doc: YAML.Document): KustomizeOptions {
  const k = [...sourcePath(doc), 'kustomize']
  return {
    images: json<string[]>(doc, [...k, 'images']) ?? [],
    namePrefix: json<string>(doc, [...k, 'namePrefix']) ?? '',
    nameSuffix: json<string>(doc, [...k, 'nameSuffix']) ?? '',
    replicas: (json<{ name: string; count: number | string }[]>(doc, [...k, 'replicas']) ?? []).map((r) => ({ name: r.name, count: Number(r.count) })),
  }
}

/** Sets a field, or removes it when it is empty (as argocd app set/unset leaves no empty fields). */
function put(doc: YAML.Document, path: (string | number)[], value: unknown): void {
  const empty = value === '' || (Array.isArray(value) && value.length === 0)
  if (empty) {
    if (doc.hasIn(path)) doc.deleteIn(path)
  } else doc.setIn(path, value)
}

/** Removes a block left with no fields. */
function dropIfEmpty(doc: YAML.Document, path: (string | number)[]): void {
  const node = doc.getIn(path, true)
  if (YAML.isMap(node) && node.items.length === 0) doc.deleteIn(path)
}

/** The Application YAML with these Helm options (comments and the rest kept). */
export function withHelm(text: string, helm: HelmOptions): string {
  const doc = YAML.parseDocument(text)
  const base = [...sourcePath(doc), 'helm']
  put(doc, [...base, 'valueFiles'], helm.valueFiles.map((f) => f.trim()).filter(Boolean))
  put(doc, [...base, 'values'], helm.values.trim() ? helm.values : '')
  put(doc, [...base, 'parameters'], helm.parameters.filter((p) => p.name.trim()).map((p) => ({ name: p.name.trim(), value: p.value, ...(p.forceString ? { forceString: true } : {}) })))
  dropIfEmpty(doc, base)
  return doc.toString()
}

/** The Application YAML with these Kustomize options. */
export function withKustomize(text: string, k: KustomizeOptions): string {
  const doc = YAML.parseDocument(text)
  const base = [...sourcePath(doc), 'kustomize']
  put(doc, [...base, 'images'], k.images.map((i) => i.trim()).filter(Boolean))
  put(doc, [...base, 'namePrefix'], k.namePrefix.trim())
  put(doc, [...base, 'nameSuffix'], k.nameSuffix.trim())
  put(doc, [...base, 'replicas'], k.replicas.filter((r) => r.name.trim()).map((r) => ({ name: r.name.trim(), count: r.count })))
  dropIfEmpty(doc, base)
  return doc.toString()
}

/** What is wrong with a field, named as the Application names it; null when all are fine. */
export function kustomizeProblem(k: KustomizeOptions): string | null {
  const bad = k.replicas.find((r) => r.name.trim() && (!Number.isInteger(r.count) || r.count < 0))
  if (bad) return `spec.source.kustomize.replicas: ${bad.name}'s count must be a whole number, 0 or more`
  const image = k.images.find((i) => /\s/.test(i.trim()))
  if (image) return `spec.source.kustomize.images: "${image.trim()}" has a space`
  return null
}

export function helmProblem(helm: HelmOptions): string | null {
  const values = YAML.parseDocument(helm.values)
  // yaml's first line ends with ":" before the excerpt it quotes; the field's error ends where its sentence does.
  if (helm.values.trim() && values.errors.length) return `spec.source.helm.values is not valid YAML: ${values.errors[0]!.message.split('\n')[0]!.replace(/:\s*$/, '')}`
  const seen = new Set<string>()
  for (const p of helm.parameters) {
    const name = p.name.trim()
    if (!name) continue
    if (seen.has(name)) return `spec.source.helm.parameters: ${name} is set twice`
    seen.add(name)
  }
  return null
}

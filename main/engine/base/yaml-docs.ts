import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml'
import { maxUserTextBytes, tooLargeMessage, utf8Bytes } from '../../../shared/limits'
import { UserError } from './errors'

/** Limits that keep hostile YAML (alias bombs, huge files) from exhausting memory. */
export const yamlLimits = { maxBytes: maxUserTextBytes, maxAliasCount: 100 }

export interface YamlDoc {
  value: unknown
  /** 1-based line where the document starts. */
  line: number
  /** The 1-based line of the node at a path in this document (or of its nearest parent). */
  lineOf(path: ReadonlyArray<PropertyKey>): number
}

export interface YamlProblem {
  message: string
  line: number
}

/** Parses a multi-document YAML (or JSON) text; problems carry the line they are on. */
export function parseYamlDocuments(text: string, { uniqueKeys = true, maxBytes = yamlLimits.maxBytes, tooLarge }: { uniqueKeys?: boolean; maxBytes?: number; tooLarge?: (bytes: number) => string } = {}): { docs: YamlDoc[]; problems: YamlProblem[] } {
  const bytes = utf8Bytes(text)
  if (bytes > maxBytes) {
    return { docs: [], problems: [{ message: tooLarge ? tooLarge(bytes) : tooLargeMessage('the YAML', bytes, maxBytes), line: 1 }] }
  }
  const lineCounter = new LineCounter()
  const docs: YamlDoc[] = []
  const problems: YamlProblem[] = []
  const lineAt = (offset: number) => lineCounter.linePos(offset).line
  for (const doc of parseAllDocuments(text, { lineCounter, uniqueKeys, prettyErrors: false })) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) problems.push({ message: error.message.split('\n')[0]!, line: lineAt(error.pos[0]) })
      continue
    }
    if (doc.contents === null) continue // an empty document between separators
    let value: unknown
    try {
      value = doc.toJS({ maxAliasCount: yamlLimits.maxAliasCount })
    } catch (error) {
      problems.push({ message: toJsProblem(error), line: lineAt(doc.range[0]) })
      continue
    }
    if (value === null || value === undefined) continue
    docs.push({ value, line: lineAt(doc.contents.range?.[0] ?? doc.range[0]), lineOf: (path) => lineOfPath(doc, path, lineAt) })
  }
  return { docs, problems }
}

/**
 * One YAML document the user gave (a file, a pasted text, a value inside argocd-cm), with the same
 * size and alias limits as every other: a problem is bad input (Invalid, with the line), never a bug.
 * `where` names the file or field; an empty text is null.
 */
export function parseUserYaml(text: string, where: string, options: { uniqueKeys?: boolean } = {}): unknown {
  const { docs, problems } = parseYamlDocuments(text, options)
  const first = problems[0]
  if (first) throw new UserError('Invalid', `${where} is not valid YAML: ${first.message}`, `${where}:${first.line}`)
  if (docs.length > 1) throw new UserError('Invalid', `${where}: expected one YAML document, found ${docs.length}`, `${where}:${docs[1]!.line}`)
  return docs[0]?.value ?? null
}

/** The line of the key (or list item) at path; for a missing field, the line of its nearest parent's key. */
function lineOfPath(doc: Document, path: ReadonlyArray<PropertyKey>, lineAt: (offset: number) => number): number {
  for (let length = path.length; length >= 1; length--) {
    const parent = length === 1 ? doc.contents : doc.getIn(path.slice(0, length - 1) as unknown[], true)
    const step = path[length - 1]
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step))
      if (pair && isNode(pair.key) && pair.key.range) return lineAt(pair.key.range[0])
    } else if (isSeq(parent)) {
      const item = parent.items[Number(step)]
      if (isNode(item) && item.range) return lineAt(item.range[0])
    }
  }
  return lineAt(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0)
}

// yaml's own words for an alias bomb sound like an attack report; say what the limit is.
function toJsProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return /excessive alias count/i.test(message) ? `too many alias expansions (more than ${yamlLimits.maxAliasCount}): an alias bomb is refused` : message.split('\n')[0]!
}

import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { UserError } from '../errors'

/** Keywords whose value helm's JSON Schema library loads as another document. */
const loading = ['$ref', '$dynamicRef', '$recursiveRef']

/**
 * The first reference in a chart's values.schema.json that helm would load from this machine:
 * anything but a fragment of the schema itself (`#/definitions/x`) or an http(s) URL. Helm
 * resolves `file:///…` and relative references (against the file system's root) and says what it
 * found in its error, so a schema could read the user's files.
 */
export function localSchemaRef(schema: unknown, pointer = ''): { pointer: string; keyword: string; value: string } | null {
  if (Array.isArray(schema)) {
    for (const [i, item] of schema.entries()) {
      const found = localSchemaRef(item, `${pointer}/${i}`)
      if (found) return found
    }
    return null
  }
  if (!schema || typeof schema !== 'object') return null
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (typeof value === 'string' && loading.includes(key) && !value.startsWith('#') && !/^https?:\/\//i.test(value)) return { pointer, keyword: key, value }
    if (typeof value === 'string' && key === '$schema' && !/^https?:\/\//i.test(value)) return { pointer, keyword: key, value }
    const found = localSchemaRef(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    if (found) return found
  }
  return null
}

/** Every values.schema.json of a chart folder and its subchart folders is checked before helm runs. */
export async function checkChartSchemas(chartDir: string, treeRoot: string): Promise<void> {
  const seen = new Set<string>()
  const visit = async (dir: string): Promise<void> => {
    const real = await realpath(dir)
    if (seen.has(real) || seen.size > 10_000) return
    seen.add(real)
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      // Links were checked to stay in the tree; helm follows them, so this does too.
      const info = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry
      if (info?.isDirectory()) await visit(path)
      else if (entry.name === 'values.schema.json' && info?.isFile()) await checkSchemaFile(path, relative(treeRoot, path).split('\\').join('/'))
    }
  }
  await visit(chartDir)
}

async function checkSchemaFile(path: string, file: string): Promise<void> {
  if ((await stat(path)).size > 8 * 1024 * 1024) throw new UserError('Invalid', `${file} is larger than 8 MiB`, file)
  let schema: unknown
  try {
    schema = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return // helm says what is wrong with it
  }
  const found = localSchemaRef(schema)
  if (found) throw new UserError('Invalid', `${file}: ${found.keyword} ${JSON.stringify(found.value)} at "${found.pointer || '/'}" would be read from this machine; a chart's schema may refer only to itself (#…) or to http(s) URLs`, file)
}

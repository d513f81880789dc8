import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { Parser, type ReadEntry } from 'tar'
import { UserError } from '../base/errors'

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

/**
 * Every values.schema.json helm will load for a chart: in its folder, its subchart folders and the
 * packaged subcharts in its charts/ folders (built dependencies too). Names are `prefix` (the
 * chart's path in the repository) joined with the path below the chart.
 */
export async function checkChartSchemas(chartDir: string, prefix: string): Promise<void> {
  const seen = new Set<string>()
  const name = (path: string) => join(prefix, relative(chartDir, path)).split('\\').join('/')
  const visit = async (dir: string): Promise<void> => {
    const real = await realpath(dir)
    if (seen.has(real) || seen.size > 10_000) return
    seen.add(real)
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      // Links were checked to stay in the tree; helm follows them, so this does too.
      const info = await stat(path).catch(() => null)
      if (info?.isDirectory()) {
        await visit(path)
        continue
      }
      const schemaFile = entry.name === 'values.schema.json'
      if (!info?.isFile() || !(schemaFile || (entry.name.endsWith('.tgz') && basename(dir) === 'charts'))) continue
      if (info.size > maxBytes) throw tooLarge(name(path))
      if (schemaFile) checkSchema(await readFile(path, 'utf8'), name(path))
      else for (const schema of await schemasInPackage(await readFile(path), name(path))) checkSchema(schema.text, `${name(path)}: ${schema.name}`)
    }
  }
  await visit(chartDir)
}

const maxBytes = 64 * 1024 * 1024
const tooLarge = (file: string) => new UserError('Invalid', `${file} is larger than ${maxBytes / 1024 / 1024} MiB`, file.split(': ')[0])

/** The values.schema.json files of a packaged chart, and of the charts packaged inside it. */
async function schemasInPackage(data: Buffer, where: string, depth = 0): Promise<{ name: string; text: string }[]> {
  const found: { name: string; text: string }[] = []
  const packages: { name: string; data: Buffer }[] = []
  let oversized: string | undefined
  const read = new Promise<void>((resolve) => {
    const parser = new Parser()
    parser.on('entry', (entry: ReadEntry) => {
      const wanted = entry.path.endsWith('values.schema.json') || (entry.path.endsWith('.tgz') && depth < 4)
      if (!wanted) return entry.resume()
      if (entry.size > maxBytes) {
        oversized = entry.path
        return entry.resume()
      }
      const chunks: Buffer[] = []
      entry.on('data', (chunk: Buffer) => chunks.push(chunk))
      entry.on('end', () => {
        if (entry.path.endsWith('.tgz')) packages.push({ name: entry.path, data: Buffer.concat(chunks) })
        else found.push({ name: entry.path, text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    // A package tar cannot read is helm's to report.
    parser.on('end', resolve)
    parser.on('error', () => resolve())
    parser.end(data)
  })
  await read
  if (oversized) throw tooLarge(`${where}: ${oversized}`)
  for (const inner of packages) for (const schema of await schemasInPackage(inner.data, `${where}: ${inner.name}`, depth + 1)) found.push({ name: `${inner.name}: ${schema.name}`, text: schema.text })
  return found
}

function checkSchema(text: string, file: string): void {
  let schema: unknown
  try {
    schema = JSON.parse(text)
  } catch {
    return // helm says what is wrong with it
  }
  const found = localSchemaRef(schema)
  if (found) throw new UserError('Invalid', `${file}: ${found.keyword} ${JSON.stringify(found.value)} at "${found.pointer || '/'}" would be read from this machine; a chart's schema may refer only to itself (#…) or to http(s) URLs`, file.split(': ')[0])
}

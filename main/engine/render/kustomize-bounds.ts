import { existsSync } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import YAML from 'yaml'
import { UserError } from '../base/errors'
import { yamlLimits } from '../base/yaml-docs'
import { escapeText, pathEscape } from './link-bounds'
import { configPathsOf, inlineConfigsOf, isLocalUrl, isRemote, kustomizationFiles, localPathsOf, type LocalPath } from './kustomize-fields'
import { readLinkSync } from './snapshot-check'

/** Limits for hostile repositories: kustomizations reached from one build, bytes of one file. */
const limits = { maxKustomizations: 1000, maxFileBytes: 8 * 1024 * 1024 }

/**
 * Every local path kustomize will read for a build of `dir` must stay inside `root` (the
 * repository snapshot, or its scratch copy): resources, bases, components and the rest, in every
 * kustomization they reach. kustomize's own load restrictor keeps files under each
 * kustomization's folder, but lets bases and resources climb anywhere (another repository's
 * cache in the data folder); this refuses that, naming the kustomization file and the field.
 * `reached` collects the kustomization folders visited.
 */
export async function checkKustomizationPaths(rootDir: string, dir: string, reached?: Set<string>): Promise<void> {
  const root = await realpath(rootDir)
  const queue = [await realpath(dir)]
  const seen = new Set<string>()
  while (queue.length > 0) {
    const current = queue.shift()!
    if (seen.has(current)) continue
    seen.add(current)
    // The folders a build reads (a working copy's watcher follows them).
    reached?.add(current)
    if (seen.size > limits.maxKustomizations) throw new UserError('Invalid', `more than ${limits.maxKustomizations} kustomizations are reached from ${rel(root, dir) || '.'}`, rel(root, dir))
    const name = kustomizationFiles.find((f) => existsSync(join(current, f)))
    if (!name) continue
    const file = rel(root, join(current, name))
    for (const doc of await readYaml(join(current, name), file)) {
      for (const entry of localPathsOf(doc)) {
        const target = checked(root, current, entry, file)
        if (!target) continue
        reached?.add(target)
        if (entry.kind === 'entry' || entry.kind === 'dir') {
          if ((await stat(target).catch(() => null))?.isDirectory()) queue.push(await realpath(target))
          else if (/^(generators|transformers|validators)\[/.test(entry.field)) await checkConfigFile(root, current, target, file, entry.field)
        }
      }
      for (const config of inlineConfigsOf(doc)) checkConfigs(root, current, parseAll(config.text, `${file}: ${config.field}`), file, `${config.field}.`)
    }
  }
}

/** The entry's path, lexically resolved, when it is local and stays inside; else refused (or null: remote). */
function checked(root: string, dir: string, entry: LocalPath, file: string): string | null {
  if (entry.kind !== 'config' && isRemote(entry.path)) return null
  const escape = isLocalUrl(entry.path) ? 'outside' : pathEscape(root, dir, entry.path, readLinkSync)
  if (escape) throw new UserError('Invalid', `${file}: ${entry.field} "${entry.path}" ${escapeText(escape, 'repository')}; a kustomization reads only the repository (and remote bases)`, file)
  return resolve(dir, entry.path)
}

/** A generator or transformer config given as a file: the paths it names are the kustomization's too. */
async function checkConfigFile(root: string, dir: string, target: string, file: string, field: string): Promise<void> {
  if (!existsSync(target)) return
  checkConfigs(root, dir, await readYaml(target, rel(root, target)), file, `${field} (${rel(root, target)}) `)
}

function checkConfigs(root: string, dir: string, docs: Record<string, unknown>[], file: string, prefix: string): void {
  for (const doc of docs) for (const entry of configPathsOf(doc, prefix)) checked(root, dir, { ...entry, kind: 'config' }, file)
}

async function readYaml(path: string, file: string): Promise<Record<string, unknown>[]> {
  const info = await stat(path)
  if (info.size > limits.maxFileBytes) throw new UserError('Invalid', `${file} is larger than ${limits.maxFileBytes / 1024 / 1024} MiB`, file)
  return parseAll(await readFile(path, 'utf8'), file)
}

/** YAML documents as objects; a file that cannot be read this way is refused (it cannot be checked). */
function parseAll(text: string, where: string): Record<string, unknown>[] {
  const docs = YAML.parseAllDocuments(text, { uniqueKeys: false })
  const out: Record<string, unknown>[] = []
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new UserError('Invalid', `${where}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, where.split(':')[0])
    const value: unknown = doc.toJS({ maxAliasCount: yamlLimits.maxAliasCount })
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(value as Record<string, unknown>)
  }
  return out
}

const rel = (root: string, path: string) => relative(root, path).split('\\').join('/')

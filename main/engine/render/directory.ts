import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative } from 'node:path'
import picomatch from 'picomatch'
import { UserError } from '../base/errors'
import type { z } from 'zod'
import type { DirectorySource } from '../model/app-schema'
import { type K8sObject } from '../base/objects'
import { evaluateJsonnet, type JsonnetOptions } from './jsonnet'
import { listItems, objectsFromYaml } from './objects'
import { resolveInRepo } from './paths'

const manifestExtensions = new Set(['.yaml', '.yml', '.json', '.jsonnet'])
/** Limits for hostile repositories. */
export const directoryLimits = { maxFiles: 10_000, maxFileBytes: 8 * 1024 * 1024 }

/**
 * Argo CD's directory source: every .yaml/.yml/.json file, and each .jsonnet file evaluated
 * (with `directory.jsonnet`'s arguments), optionally recursive, filtered by globs.
 */
export async function renderDirectory(repoRoot: string, appDir: string, options: z.infer<typeof DirectorySource> = {}, jsonnet?: { env: Record<string, string> }): Promise<K8sObject[]> {
  const include = options.include ? picomatch(options.include, { dot: false }) : () => true
  const exclude = options.exclude ? picomatch(options.exclude, { dot: false }) : () => false
  const files: string[] = []
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name)
      const rel = relative(appDir, path).split('\\').join('/')
      // A symlinked folder is not descended (Argo CD walks with filepath.Walk, which does not follow
      // links): a link to its own folder would loop, one to a sibling would render it twice.
      if (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isDirectory()) continue
      if (entry.isDirectory()) {
        if (options.recurse && !entry.name.startsWith('.')) await walk(path)
        continue
      }
      if (!manifestExtensions.has(extname(entry.name).toLowerCase()) || entry.name.startsWith('.')) continue
      if (!include(rel) || exclude(rel)) continue
      files.push(path)
      if (files.length > directoryLimits.maxFiles) throw new UserError('Invalid', `more than ${directoryLimits.maxFiles} manifest files under the app path`)
    }
  }
  await walk(appDir)
  const objects: K8sObject[] = []
  for (const file of files) {
    const rel = relative(repoRoot, file)
    const real = resolveInRepo(repoRoot, rel, 'file')
    if (file.endsWith('.jsonnet')) {
      // Its size is jsonnet's to manage, as in Argo CD.
      if (!jsonnet) throw new UserError('Invalid', 'jsonnet files cannot be evaluated here', rel)
      const evaluated = await evaluateJsonnet({ repoRoot, appDir, file: real, rel, ...(options.jsonnet ? { jsonnet: options.jsonnet as JsonnetOptions } : {}), env: jsonnet.env })
      for (const item of evaluated.flatMap(listItems)) {
        if (!item || typeof item !== 'object' || Array.isArray(item)) throw new UserError('Invalid', `${rel}: an item of a list in its output is not an object`, rel)
        objects.push(item as K8sObject)
      }
      continue
    }
    const info = await stat(real)
    if (info.size > directoryLimits.maxFileBytes) throw new UserError('Invalid', `file is larger than ${directoryLimits.maxFileBytes / 1024 / 1024} MiB`, rel)
    objects.push(...objectsFromYaml(await readFile(real, 'utf8'), rel))
  }
  return objects
}

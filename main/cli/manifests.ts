import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { UserError } from '../engine/base/errors'
import { readStdin } from './context'

const manifestExtensions = new Set(['.yaml', '.yml', '.json'])

/**
 * The texts behind kubectl-style -f arguments: files, folders of .yaml/.yml/.json files (sorted,
 * recursive with -R), and - for standard input. A path that cannot be read fails the whole command.
 */
export async function readManifests(paths: string[], recursive: boolean): Promise<{ text: string; where: string }[]> {
  const texts: { text: string; where: string }[] = []
  for (const path of paths) {
    if (path === '-') {
      texts.push({ text: await readStdin(), where: 'stdin' })
      continue
    }
    const info = statOf(path)
    if (info.isDirectory()) {
      const files = filesIn(path, recursive)
      if (files.length === 0) throw new UserError('NotFound', `no .yaml, .yml or .json files in ${path}${recursive ? '' : ' (-R reads its subfolders)'}`, path)
      for (const file of files) texts.push({ text: readFileSync(file, 'utf8'), where: file })
    } else texts.push({ text: readFileSync(path, 'utf8'), where: path })
  }
  return texts
}

function filesIn(dir: string, recursive: boolean): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
  return entries.flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return recursive && !e.name.startsWith('.') ? filesIn(path, true) : []
    return e.isFile() && manifestExtensions.has(extname(e.name).toLowerCase()) ? [path] : []
  })
}

function statOf(path: string) {
  try {
    return statSync(path)
  } catch {
    throw new UserError('NotFound', `no such file or folder: ${path}`, path)
  }
}

#!/usr/bin/env node
// Lists which folder of main/engine imports which, and fails (exit 1) on a folder-level loop.
// Counts value imports and `import type` alike: the layer order (docs/architecture.md, Layers)
// holds for both. Usage (from the repo root): node scripts/folder-imports.mjs [--verbose | --check] [--root <dir>]
//   --verbose: each import under its edge; --check: print only a loop (npm run lint runs it so).
import { readFileSync, readdirSync, statSync } from 'fs'
import { join, dirname, resolve, relative } from 'path'

const args = process.argv.slice(2)
const rootArg = args.indexOf('--root')
const root = resolve(rootArg >= 0 ? args[rootArg + 1] : 'main/engine')
const verbose = args.includes('--verbose')
const check = args.includes('--check')

const files = []
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) walk(path)
    else if (/\.ts$/.test(entry) && !/\.test\.ts$/.test(entry)) files.push(path)
  }
}
walk(root)

const folderOf = (path) => {
  const rel = relative(root, path)
  return rel.includes('/') ? rel.split('/')[0] : '(root)'
}

/** edges[kind][from][to] = ['file -> spec', ...], kind is 'value' or 'type'. */
const edges = { value: {}, type: {} }
const importPattern = /(?:^|\n)\s*(import|export)(\s+type)?\b([^'"]*?)from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g
for (const file of files) {
  const source = readFileSync(file, 'utf8')
  for (const m of source.matchAll(importPattern)) {
    const spec = m[4] ?? m[5]
    // `import type`, `import { type A, type B }` (every name typed) and `import('..')` in a type are type-only.
    const names = m[3] ?? ''
    const allTyped = /^\s*\{([^}]*)\}\s*$/.test(names) && names.replace(/[{}]/g, '').split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))
    const kind = m[2] || allTyped || (m[5] && /typeof\s+$/.test(source.slice(0, m.index))) ? 'type' : 'value'
    const target = resolve(dirname(file), spec)
    if (!target.startsWith(root + '/') && target !== root) continue
    const from = folderOf(file)
    const to = folderOf(target + '.ts')
    if (from !== to) ((edges[kind][from] ??= {})[to] ??= []).push(`${relative(root, file)} -> ${spec}`)
  }
}

const print = (kind) => {
  for (const [from, tos] of Object.entries(edges[kind]).sort()) {
    console.log(`${kind === 'type' ? 'type ' : ''}${from} -> ${Object.keys(tos).sort().join(' ')}`)
    if (verbose) for (const list of Object.values(tos)) for (const line of list) console.log('    ' + line)
  }
}
if (!check) {
  print('value')
  print('type')
}

/** Strongly connected components over value and type edges together (Tarjan). */
const all = {}
for (const kind of ['value', 'type']) for (const [from, tos] of Object.entries(edges[kind])) for (const to of Object.keys(tos)) (all[from] ??= new Set()).add(to)
let counter = 0
const stack = [], onStack = new Set(), index = {}, low = {}, loops = []
const visit = (v) => {
  index[v] = low[v] = counter++
  stack.push(v)
  onStack.add(v)
  for (const w of all[v] ?? []) {
    if (index[w] === undefined) { visit(w); low[v] = Math.min(low[v], low[w]) }
    else if (onStack.has(w)) low[v] = Math.min(low[v], index[w])
  }
  if (low[v] === index[v]) {
    const component = []
    let w
    do { w = stack.pop(); onStack.delete(w); component.push(w) } while (w !== v)
    if (component.length > 1) loops.push(component.sort())
  }
}
for (const node of new Set([...Object.keys(all), ...Object.values(all).flatMap((s) => [...s])])) if (index[node] === undefined) visit(node)
if (!check) console.log('LOOPS', JSON.stringify(loops))
if (loops.length > 0) {
  for (const loop of loops) {
    console.error(`Folder import loop in ${relative(process.cwd(), root) || root}: ${loop.join(', ')}. The imports inside it:`)
    for (const kind of ['value', 'type']) for (const from of loop) for (const [to, list] of Object.entries(edges[kind][from] ?? {})) if (loop.includes(to)) for (const line of list) console.error(`  ${kind === 'type' ? '(type) ' : ''}${line}`)
  }
  process.exitCode = 1
}

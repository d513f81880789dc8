#!/usr/bin/env node
// Finds a closed list written out twice: the same set of three or more string literals, as an
// array (`['a', 'b', 'c']`, `z.enum([...])`, `new Set([...])`) or a union type (`'a' | 'b' | 'c'`),
// in more than one file. Each concept's list lives once (shared/statuses.ts for the API's) and
// the others import it. A list that only looks like another (a different concept with the same
// names) is marked with a `closed-lists: <why>` comment on its line or the line above.
// Usage (from the repo root): node scripts/closed-lists.mjs [--check] [--root <dir>]...
import { readFileSync, readdirSync, statSync } from 'fs'
import { join, relative } from 'path'

const args = process.argv.slice(2)
const roots = args.flatMap((a, i) => (args[i - 1] === '--root' ? [a] : []))
const dirs = roots.length ? roots : ['main', 'renderer/src', 'shared', 'preload']
const check = args.includes('--check')

const files = []
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) walk(path)
    else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) files.push(path)
  }
}
dirs.forEach(walk)

const literal = String.raw`'[\w+.\-/ ]+'`
const lists = [
  new RegExp(String.raw`\[\s*(${literal}(?:\s*,\s*${literal}){2,})\s*,?\s*\]`, 'g'),
  new RegExp(String.raw`(${literal}(?:\s*\|\s*${literal}){2,})`, 'g'),
]
/** 'a,b,c' (sorted) → where it is written. */
const seen = new Map()
for (const file of files) {
  const source = readFileSync(file, 'utf8')
  const lines = source.split('\n')
  for (const pattern of lists) {
    for (const m of source.matchAll(pattern)) {
      const line = source.slice(0, m.index).split('\n').length
      if (/closed-lists:/.test(`${lines[line - 2] ?? ''}\n${lines[line - 1] ?? ''}`)) continue
      const key = [...new Set(m[1].match(new RegExp(literal, 'g')))].sort().join(', ')
      if (!seen.has(key)) seen.set(key, [])
      seen.get(key).push(`${relative(process.cwd(), file)}:${line}`)
    }
  }
}
const repeated = [...seen].filter(([, at]) => new Set(at.map((a) => a.replace(/:\d+$/, ''))).size > 1)
for (const [key, at] of repeated) console.error(`A list written in ${at.length} places, define it once and import it: ${key}\n  ${at.join('\n  ')}`)
if (!check) console.log(`${seen.size} lists, ${repeated.length} repeated across files`)
if (repeated.length) process.exitCode = 1

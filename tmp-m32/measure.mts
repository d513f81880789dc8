import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import YAML from 'yaml'
import { LuaScripts } from '/work/main/main/engine/lua/lua-scripts'
const root = '/root/go/pkg/mod/github.com/argoproj/argo-cd/v3@v3.2.11/resource_customizations'
function walk(d: string, out: string[] = []) { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p, out); else if (n === 'health.lua') out.push(p) } return out }
const lua = await LuaScripts.create()
let ok = 0, total = 0
const fails: string[] = []
const t0 = performance.now()
for (const file of walk(root)) {
  const dir = dirname(file)
  const tests = YAML.parse(readFileSync(join(dir, 'health_test.yaml'), 'utf8')).tests
  const script = readFileSync(file, 'utf8')
  for (const t of tests) {
    t.inputPath ??= t.inputpath
    if (!t.inputPath) { console.log("no inputPath", dir, JSON.stringify(t)); continue }
    total++
    let obj: any
    try { obj = YAML.parse(readFileSync(join(dir, t.inputPath), 'utf8')) } catch (e) { fails.push(`PARSE ${dir} ${t.inputPath} ${String(e).split('\n')[0]}`); continue }
    const got = lua.health(script, dropNulls(obj), true)
    const want = { status: t.healthStatus?.status ?? '', message: t.healthStatus?.message ?? '' }
    if (got.status === want.status && got.message === want.message) ok++
    else fails.push(`${dir.slice(root.length + 1)} ${t.inputPath}\n   want ${JSON.stringify(want)}\n   got  ${JSON.stringify(got)}`)
  }
}
console.log(`${ok}/${total} in ${Math.round(performance.now() - t0)} ms`)
console.log(fails.join('\n'))
await lua.close()

function dropNulls(v: any): any { if (Array.isArray(v)) return v.filter((x) => x !== null).map(dropNulls); if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)])); return v }

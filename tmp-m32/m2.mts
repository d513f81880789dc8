import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import jsyaml from 'js-yaml'
import { LuaScripts } from '../main/engine/lua/lua-scripts'
import { BundledScripts } from '../main/engine/customizations/bundled-scripts'
const root = '/root/go/pkg/mod/github.com/argoproj/argo-cd/v3@v3.2.11/resource_customizations'
function walk(d: string, out: string[] = []) { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p, out); else if (n === 'health.lua') out.push(p) } return out }
const lua = await LuaScripts.create()
const bundled = new BundledScripts()
let ok = 0, total = 0
const fails: string[] = []
const times: number[] = []
for (const file of walk(root)) {
  const dir = dirname(file)
  const tests = (jsyaml.load(readFileSync(join(dir, 'health_test.yaml'), 'utf8')) as any).tests
  for (const t of tests) {
    total++
    const input = t.inputPath ?? t.inputpath
    const obj: any = jsyaml.loadAll(readFileSync(join(dir, input), 'utf8'), undefined, { json: true })[0]
    const [g, v] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion]
    const script = bundled.healthScript(g, obj.kind)
    if (!script) { fails.push(`NO SCRIPT ${dir} ${input}`); continue }
    const s = performance.now()
    const got = lua.health(script, obj, true, true)
    times.push(performance.now() - s)
    const want = { status: t.healthStatus?.status ?? '', message: t.healthStatus?.message ?? '' }
    if (got.status === want.status && got.message === want.message) ok++
    else fails.push(`${dir.slice(root.length + 1)} ${input}\n   want ${JSON.stringify(want)}\n   got  ${JSON.stringify(got)}`)
  }
}
times.sort((a, b) => a - b)
console.log(`${ok}/${total} median ${times[times.length >> 1].toFixed(3)} ms p90 ${times[Math.floor(times.length * 0.9)].toFixed(3)} ms`)
// second pass timing
const t2: number[] = []
for (const file of walk(root).slice(0, 60)) { const dir = dirname(file); const tests = (jsyaml.load(readFileSync(join(dir, 'health_test.yaml'), 'utf8')) as any).tests; for (const t of tests) { const obj: any = jsyaml.loadAll(readFileSync(join(dir, t.inputPath ?? t.inputpath), 'utf8'), undefined, { json: true })[0]; const [g] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['']; const script = bundled.healthScript(g, obj.kind)!; const s = performance.now(); lua.health(script, obj, true, true); t2.push(performance.now() - s) } }
t2.sort((a, b) => a - b); console.log(`warm median ${t2[t2.length >> 1].toFixed(3)} ms`)
console.log(fails.join('\n'))
await lua.close()

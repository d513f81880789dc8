// Builds native/gotemplate (Go's text/template + Sprig, as Argo CD renders ApplicationSet
// templates) to WebAssembly, with Go's wasm_exec.js beside it, into resources/gotemplate/.
// Skipped when the sources and the Go version are unchanged.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const source = join(root, 'native', 'gotemplate')
const target = join(root, 'resources', 'gotemplate')
const go = (args, env = {}) => execFileSync('go', args, { cwd: source, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })

const hash = createHash('sha256')
for (const file of readdirSync(source).sort()) hash.update(file).update(readFileSync(join(source, file)))
hash.update(go(['version']))
const stamp = hash.digest('hex').slice(0, 16)
if (existsSync(join(target, 'stamp')) && readFileSync(join(target, 'stamp'), 'utf8') === stamp) process.exit(0)

const staging = `${target}.building-${process.pid}`
rmSync(staging, { recursive: true, force: true })
mkdirSync(staging, { recursive: true })
const started = Date.now()
go(['build', '-trimpath', '-ldflags=-s -w', '-o', join(staging, 'gotemplate.wasm'), '.'], { GOOS: 'js', GOARCH: 'wasm' })
const goroot = go(['env', 'GOROOT']).trim()
const execJs = [join(goroot, 'lib', 'wasm', 'wasm_exec.js'), join(goroot, 'misc', 'wasm', 'wasm_exec.js')].find(existsSync)
if (!execJs) throw new Error(`Go's wasm_exec.js is not in ${goroot}`)
copyFileSync(execJs, join(staging, 'wasm_exec.js'))
writeFileSync(join(staging, 'stamp'), stamp)
rmSync(target, { recursive: true, force: true })
mkdirSync(dirname(target), { recursive: true })
renameSync(staging, target)
console.log(`gotemplate: built resources/gotemplate/gotemplate.wasm in ${Math.round((Date.now() - started) / 1000)} s`)

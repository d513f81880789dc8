// Builds each Go module under native/ that the engine runs as WebAssembly (gotemplate: Go's
// text/template + Sprig, as Argo CD renders ApplicationSet templates; jsonnet: go-jsonnet, as
// Argo CD's repo server evaluates .jsonnet files) into resources/<name>/<name>.wasm, with Go's
// wasm_exec.js beside it. A module is skipped when its sources and the Go version are unchanged.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const modules = ['gotemplate', 'jsonnet']

for (const name of modules) build(name)

function build(name) {
  const source = join(root, 'native', name)
  const target = join(root, 'resources', name)
  const go = (args, env = {}) => execFileSync('go', args, { cwd: source, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })

  const hash = createHash('sha256')
  for (const file of readdirSync(source).sort()) hash.update(file).update(readFileSync(join(source, file)))
  hash.update(go(['version']))
  const stamp = hash.digest('hex').slice(0, 16)
  if (existsSync(join(target, 'stamp')) && readFileSync(join(target, 'stamp'), 'utf8') === stamp) return

  const staging = `${target}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  const started = Date.now()
  go(['build', '-trimpath', '-ldflags=-s -w', '-o', join(staging, `${name}.wasm`), '.'], { GOOS: 'js', GOARCH: 'wasm' })
  const goroot = go(['env', 'GOROOT']).trim()
  const execJs = [join(goroot, 'lib', 'wasm', 'wasm_exec.js'), join(goroot, 'misc', 'wasm', 'wasm_exec.js')].find(existsSync)
  if (!execJs) throw new Error(`Go's wasm_exec.js is not in ${goroot}`)
  copyFileSync(execJs, join(staging, 'wasm_exec.js'))
  writeFileSync(join(staging, 'stamp'), stamp)
  rmSync(target, { recursive: true, force: true })
  mkdirSync(dirname(target), { recursive: true })
  renameSync(staging, target)
  console.log(`${name}: built resources/${name}/${name}.wasm in ${Math.round((Date.now() - started) / 1000)} s`)
}

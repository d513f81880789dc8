// Bundles Argo CD's own resource customizations (health.lua and actions/**.lua under
// resource_customizations/<group>/<Kind>/) from its Go module into resources/argocd-scripts/,
// with the module's LICENSE and an index the engine reads (scripts are read when a kind is first
// seen). The version is the one the test ground pins, in one place: test/argocd/go.mod.
// The module is fetched once through the Go module proxy (`go mod download`, then offline from
// Go's module cache) and checked against the h1: hash that test/argocd/go.sum records for it: a
// missing, partial or altered module fails the build, never an app with no health checks.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const pinDir = join(root, 'test', 'argocd')
const modulePath = 'github.com/argoproj/argo-cd/v3'
const target = join(root, 'resources', 'argocd-scripts')

const fail = (message) => {
  console.error(`argocd-scripts: ${message}`)
  process.exit(1)
}

const goMod = readFileSync(join(pinDir, 'go.mod'), 'utf8')
const version = new RegExp(`^require ${modulePath.replaceAll('.', '\\.')} (v\\S+)$`, 'm').exec(goMod)?.[1]
if (!version) fail(`test/argocd/go.mod must require ${modulePath} at a version`)
const sum = new RegExp(`^${modulePath.replaceAll('.', '\\.')} ${version} (h1:\\S+)$`, 'm').exec(readFileSync(join(pinDir, 'go.sum'), 'utf8'))?.[1]
if (!sum) fail(`test/argocd/go.sum has no hash for ${modulePath} ${version}`)

const stamp = `${modulePath}@${version} ${sum} format 2`
// Built already: every script is still the one the index recorded (the app refuses one that is
// not and says to build again, so a build must then repair it, not keep it).
const changedScript = () => {
  let index
  try {
    index = JSON.parse(readFileSync(join(target, 'index.json'), 'utf8'))
  } catch {
    return 'index.json'
  }
  for (const [key, entry] of Object.entries(index.kinds ?? {})) {
    const files = [...(entry.health ? [[`${key}/health.lua`, entry.health]] : []), ...(entry.actions ? [[`${key}/actions/discovery.lua`, entry.actions.discovery], ...Object.entries(entry.actions.names).map(([name, hash]) => [`${key}/actions/${name}/action.lua`, hash])] : [])]
    for (const [file, hash] of files) {
      const path = join(target, 'scripts', file)
      if (!existsSync(path) || createHash('sha256').update(readFileSync(path)).digest('hex') !== hash) return `scripts/${file}`
    }
  }
  const catalog = join(target, 'notifications-catalog.yaml')
  if (!existsSync(catalog) || createHash('sha256').update(readFileSync(catalog)).digest('hex') !== index.notificationsCatalog) return 'notifications-catalog.yaml'
  return null
}
if (existsSync(join(target, 'stamp')) && readFileSync(join(target, 'stamp'), 'utf8') === stamp) {
  const changed = changedScript()
  if (!changed) process.exit(0)
  console.log(`argocd-scripts: resources/argocd-scripts/${changed} is missing or not what the build wrote: building again`)
}

let moduleDir
try {
  const answer = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${modulePath}@${version}`], { cwd: pinDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))
  if (answer.Error) fail(`cannot fetch ${modulePath}@${version}: ${answer.Error}`)
  moduleDir = answer.Dir
} catch (error) {
  // Go says what went wrong on its first line (its last is a pointer to `go help`); a module
  // that does not match go.sum is said so, not taken for a network problem.
  const lines = [...new Set(`${error.stderr || ''}\n${error.stdout || ''}\n${error.message}`.split('\n').map((line) => line.trim().replace(/\s+/g, ' ')).filter(Boolean))]
  if (lines.some((line) => /checksum mismatch/.test(line))) fail(`${modulePath}@${version} does not match the hash test/argocd/go.sum records for it (${lines.filter((line) => /checksum mismatch|^downloaded:|^go\.sum:/.test(line)).join('; ')}): if go.sum was edited, restore it; otherwise the module proxy or Go's module cache holds altered code`)
  fail(`cannot fetch ${modulePath}@${version} with go mod download (is Go installed, and the module proxy or Go's module cache reachable?): ${lines[0]}`)
}
if (!moduleDir || !existsSync(join(moduleDir, 'resource_customizations'))) fail(`${modulePath}@${version} has no resource_customizations folder (looked in ${moduleDir})`)

// Go's dirhash "h1:" over every file of the module, as go.sum records it.
const started = Date.now()
const files = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else files.push(relative(moduleDir, path).split(sep).join('/'))
  }
}
walk(moduleDir)
const prefix = `${modulePath}@${version}/`
const lines = files.map((f) => `${prefix}${f}`).sort().map((name) => `${createHash('sha256').update(readFileSync(join(moduleDir, name.slice(prefix.length)))).digest('hex')}  ${name}\n`)
const h1 = `h1:${createHash('sha256').update(lines.join('')).digest('base64')}`
if (h1 !== sum) fail(`the module in Go's cache (${moduleDir}) does not match go.sum (${h1} is not ${sum}): it is corrupt or altered; run \`go clean -modcache\` or remove that folder, then build again`)

// The scripts: <group>/<Kind>/health.lua and <group>/<Kind>/actions/{discovery.lua,<name>/action.lua}.
const scripts = files.filter((f) => f.startsWith('resource_customizations/')).map((f) => f.slice('resource_customizations/'.length))
const wanted = scripts.filter((f) => /^[^/]+\/[^/]+\/health\.lua$/.test(f) || /^[^/]+\/[^/]+\/actions\/(discovery\.lua|[^/]+\/action\.lua)$/.test(f))
const kinds = {}
for (const file of wanted) {
  const [group, kind, ...rest] = file.split('/')
  const entry = (kinds[`${group}/${kind}`] ??= {})
  const hash = createHash('sha256').update(readFileSync(join(moduleDir, 'resource_customizations', file))).digest('hex')
  if (rest[0] === 'health.lua') entry.health = hash
  else if (rest[1] === 'discovery.lua') (entry.actions ??= { names: {} }).discovery = hash
  else (entry.actions ??= { names: {} }).names[rest[1]] = hash
}
const withHealth = Object.values(kinds).filter((k) => k.health).length
const withActions = Object.values(kinds).filter((k) => k.actions?.discovery).length
// A floor well under what v3.2.11 ships (233 health checks, 28 kinds with actions): an update that
// moved the folders would otherwise build an app that quietly knows no custom resource's health.
if (withHealth < 100 || withActions < 10) fail(`${modulePath}@${version} resource_customizations has ${withHealth} health checks and ${withActions} kinds with actions: the layout this build expects has changed`)
for (const [key, entry] of Object.entries(kinds)) if (entry.actions && !entry.actions.discovery) fail(`${key} has actions but no actions/discovery.lua`)

const staging = `${target}.building-${process.pid}`
rmSync(staging, { recursive: true, force: true })
for (const file of wanted) {
  mkdirSync(dirname(join(staging, 'scripts', file)), { recursive: true })
  writeFileSync(join(staging, 'scripts', file), readFileSync(join(moduleDir, 'resource_customizations', file)))
}
writeFileSync(join(staging, 'LICENSE'), readFileSync(join(moduleDir, 'LICENSE')))
// Argo CD's notifications catalog (triggers and templates as one argocd-notifications-cm): the
// desktop's default triggers, and what `argocd admin notifications` is compared with.
const catalogPath = join(moduleDir, 'notifications_catalog', 'install.yaml')
if (!existsSync(catalogPath)) fail(`${modulePath}@${version} has no notifications_catalog/install.yaml`)
const catalogText = readFileSync(catalogPath)
writeFileSync(join(staging, 'notifications-catalog.yaml'), catalogText)
const notificationsCatalog = createHash('sha256').update(catalogText).digest('hex')
writeFileSync(join(staging, 'index.json'), `${JSON.stringify({ module: modulePath, version, sum, kinds, notificationsCatalog }, null, 1)}\n`)
writeFileSync(join(staging, 'stamp'), stamp)
rmSync(target, { recursive: true, force: true })
mkdirSync(dirname(target), { recursive: true })
renameSync(staging, target)
console.log(`argocd-scripts: ${withHealth} health checks and ${withActions} kinds' actions from ${modulePath}@${version} (checked against go.sum) in ${Math.round((Date.now() - started) / 100) / 10} s`)

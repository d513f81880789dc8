import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import type { K8sObject } from '../../main/engine/base/objects'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'

// A hostile repository's Jsonnet: imports by absolute path, by `../..` out of the repository, and
// through a symlink that leads out (import, importstr, importbin; the revision's symlink check
// answers these before Jsonnet runs) are refused, naming the file and
// the import, and nothing of the file outside gets into any message or into the data folder.
// Legitimate imports (relative, through libs) render as go-jsonnet does; a Jsonnet bomb stops at
// the exec timeout while other apps render.
const bin = inject('groundBinaries')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-sandbox-jsonnet-'))
const outside = mkdtempSync(join(tmpdir(), 'gitops-desk-outside-'))
const marker = `OUTSIDE-MARKER-${process.pid}-${Date.now()}`
const secretFile = join(outside, 'secret.libsonnet')
writeFileSync(secretFile, `{ leaked: "${marker}" }\n`)
const desk = openDesk({ dataDir, secrets: new MemorySecrets(), start: false, controller: { autoSync: false } })
const repo = FixtureRepo.create([])
// Symlinks out are refused for the whole revision before anything renders (the snapshot check);
// they live in a repository of their own so the other cases reach the Jsonnet importer.
const linked = FixtureRepo.create([])
afterAll(async () => {
  await desk.close()
  repo.remove()
  linked.remove()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize }))

const file = (path: string, text: string, dir = repo.dir) => {
  mkdirSync(join(dir, path, '..'), { recursive: true })
  writeFileSync(join(dir, path), text)
}
const climb = `${'../'.repeat(24)}${secretFile.replace(/^\/+/, '')}`
const hostile: Record<string, { main: string; import: string }> = {
  'absolute-import': { main: `import "${secretFile}"`, import: secretFile },
  'absolute-importstr': { main: `{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { s: importstr "${secretFile}" } }`, import: secretFile },
  'climb-import': { main: `import "${climb}"`, import: climb },
  'climb-importbin': { main: `{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { n: std.length(importbin "${climb}") } }`, import: climb },
}
const linkedCases: Record<string, { main: string; import: string }> = {
  'symlink-import': { main: 'import "link.libsonnet"', import: 'link.libsonnet' },
  'symlink-importstr': { main: '{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { s: importstr "link.libsonnet" } }', import: 'link.libsonnet' },
  // Found through directory.jsonnet.libs: a symlink in the lib folder.
  'lib-symlink': { main: 'import "evil.libsonnet"', import: 'evil.libsonnet' },
}
for (const [name, { main }] of Object.entries(hostile)) file(`hostile/${name}/main.jsonnet`, `${main}\n`)
for (const [name, { main }] of Object.entries(linkedCases)) file(`hostile/${name}/main.jsonnet`, `${main}\n`, linked.dir)
for (const name of ['symlink-import', 'symlink-importstr']) symlinkSync(secretFile, join(linked.dir, 'hostile', name, 'link.libsonnet'))
mkdirSync(join(linked.dir, 'evil-lib'))
symlinkSync(secretFile, join(linked.dir, 'evil-lib', 'evil.libsonnet'))
linked.commit('Jsonnet imports through symlinks out of the repository')

// Legitimate: a relative import, importstr/importbin of files beside it, a lib through directory.jsonnet.libs.
file('vendor/k8s/labels.libsonnet', '{ labels(name):: { app: name, tier: std.extVar("tier") } }\n')
file('good/parts/service.libsonnet', 'function(name) { apiVersion: "v1", kind: "Service", metadata: { name: name, labels: (import "k8s/labels.libsonnet").labels(name) }, spec: { ports: [{ port: 80 }] } }\n')
file('good/motd.txt', 'hello from the repository\n')
file('good/main.jsonnet', `local service = import 'parts/service.libsonnet';
[
  service('web'),
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-files' }, data: { motd: importstr 'motd.txt', bytes: std.toString(std.length(importbin './motd.txt')) } },
]
`)
// The time bomb: 4e8 folds over small arrays (an hour of work in flat memory, about 50 MiB), so
// only the exec timeout can stop it.
file('bomb/main.jsonnet', 'local inner(i) = std.foldl(function(a, b) (a + b) % 1000, std.range(1, 2000), i);\n{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bomb" }, data: { n: std.toString(std.foldl(function(a, i) inner(a), std.range(1, 200000), 0)) } }\n')
// The memory bomb: a fold over an array of 3e8 numbers (gigabytes within seconds).
file('memory-bomb/main.jsonnet', '{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bomb" }, data: { n: std.toString(std.foldl(function(a, b) a + b, std.range(1, 300000000), 0)) } }\n')
// Another Jsonnet app, rendered while the bomb runs: its import climbs to a sibling folder, inside the repository.
file('good-too/main.jsonnet', "local service = import '../good/parts/service.libsonnet';\n[service('web') + { metadata+: { name: 'too-web' } }]\n")
file('plain/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n')
repo.commit('hostile and legitimate Jsonnet')

const app = (name: string, path: string, directory?: Record<string, unknown>, repoURL = repo.url) => YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: 'default', source: { repoURL, path, ...(directory ? { directory } : {}) }, destination: { name: 'ground-1', namespace: 'sandbox-jsonnet' } } })
const bare = (objects: K8sObject[]) =>
  objects.map((o) => {
    const { namespace: _ns, annotations: _a, ...metadata } = o.metadata
    return { ...o, metadata }
  })
const renderError = async (name: string) => {
  try {
    await desk.render(desk.app(name))
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`${name} rendered`)
}
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((entry) => {
    const info = lstatSync(join(dir, entry))
    return info.isDirectory() ? filesUnder(join(dir, entry)) : info.isFile() ? [join(dir, entry)] : []
  })

describe('Jsonnet in a hostile repository', () => {
  it('refuses every import outside the repository, naming the file and the import, and shows nothing of the file', { timeout: 180_000 }, async () => {
    for (const [name, { import: imported }] of Object.entries(hostile)) {
      desk.saveYaml(app(`jsonnet-${name}`, `hostile/${name}`), 'app.yaml')
      const message = await renderError(`jsonnet-${name}`)
      expect(message, name).toContain(`Failed to evaluate jsonnet "hostile/${name}/main.jsonnet"`)
      expect(message, name).toContain(`import ${JSON.stringify(imported)} in hostile/${name}/main.jsonnet is refused`)
      expect(message, name).toContain('it leads outside the repository')
      expect(message, name).not.toContain(marker)
    }
    for (const name of Object.keys(linkedCases)) {
      desk.saveYaml(app(`jsonnet-${name}`, `hostile/${name}`, name === 'lib-symlink' ? { jsonnet: { libs: ['evil-lib'] } } : undefined, linked.url), 'app.yaml')
      const message = await renderError(`jsonnet-${name}`)
      expect(message, name).toMatch(/^file:\/\/.*: out-of-bounds symlink in the repository/)
      expect(message, name).toMatch(/"(hostile\/symlink-import\/link|hostile\/symlink-importstr\/link|evil-lib\/evil)\.libsonnet" is a symlink that leads outside the repository/)
      expect(message, name).not.toContain(marker)
    }
    // Nothing read outside reached the data folder (caches, snapshots, records).
    for (const path of filesUnder(dataDir)) expect(readFileSync(path).includes(marker), path).toBe(false)
  })

  it('renders relative imports, importstr, importbin and libs as go-jsonnet does', { timeout: 180_000 }, async () => {
    desk.saveYaml(app('jsonnet-good', 'good', { jsonnet: { extVars: [{ name: 'tier', value: '$ARGOCD_APP_NAME' }], libs: ['vendor'] } }), 'app.yaml')
    const rendered = await desk.render(desk.app('jsonnet-good'))
    const dir = join(repo.dir, 'good')
    const direct = JSON.parse(execFileSync(bin.jsonnet, ['-J', dir, '-J', join(repo.dir, 'vendor'), '--ext-str', 'tier=jsonnet-good', join(dir, 'main.jsonnet')], { encoding: 'utf8', timeout: 60_000 })) as K8sObject[]
    expect(bare(rendered.objects)).toEqual(direct)
    expect(direct[1]).toMatchObject({ data: { motd: 'hello from the repository\n', bytes: '26' } })
  })

  it('stops a Jsonnet bomb at the exec timeout while other apps render', { timeout: 180_000 }, async () => {
    // 30 s: on a busy CI machine the two other renders below took more than 10 s, and they must end while the bomb still runs.
    desk.engine.store.update((d) => void (d.settings.execTimeoutSeconds = 30))
    desk.saveYaml(app('jsonnet-bomb', 'bomb'), 'app.yaml')
    desk.saveYaml(app('plain', 'plain'), 'app.yaml')
    desk.saveYaml(app('jsonnet-good-too', 'good-too', { jsonnet: { extVars: [{ name: 'tier', value: 'too' }], libs: ['vendor'] } }), 'app.yaml')
    const before = process.memoryUsage.rss()
    let bombDone = false
    const bomb = renderError('jsonnet-bomb').finally(() => (bombDone = true))
    // Another Jsonnet app and a plain one render while the bomb runs.
    expect((await desk.render(desk.app('jsonnet-good-too'))).objects).toMatchObject([{ kind: 'Service', metadata: { name: 'too-web', labels: { tier: 'too' } } }])
    expect((await desk.render(desk.app('plain'))).objects).toHaveLength(1)
    expect(bombDone).toBe(false)
    expect(await bomb).toBe('jsonnet bomb/main.jsonnet ran longer than 30 s and was stopped (Settings → exec timeout)')
    // Its memory goes with its worker.
    const mib = (bytes: number) => Math.round(bytes / 1048576)
    await expect.poll(() => process.memoryUsage.rss() - before, { timeout: 30_000 }).toBeLessThan(256 * 1048576)
    console.log(`RSS before the bomb ${mib(before)} MiB, after it was stopped ${mib(process.memoryUsage.rss())} MiB`)
    // The engine keeps serving Jsonnet after the worker was killed.
    expect((await desk.render(desk.app('jsonnet-good'), true)).objects).toHaveLength(2)
  })

  it('stops a Jsonnet memory bomb at its memory limit, before the exec timeout', { timeout: 180_000 }, async () => {
    // The timeout is far away, so only the memory limit can stop it.
    desk.engine.store.update((d) => void (d.settings.execTimeoutSeconds = 600))
    desk.saveYaml(app('jsonnet-memory-bomb', 'memory-bomb'), 'app.yaml')
    expect(await renderError('jsonnet-memory-bomb')).toBe('jsonnet memory-bomb/main.jsonnet used more than 1024 MiB of memory and was stopped: it builds too much')
    expect((await desk.render(desk.app('jsonnet-good'), true)).objects).toHaveLength(2)
  })
})

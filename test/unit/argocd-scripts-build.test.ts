import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

// The build step that bundles Argo CD's scripts (scripts/argocd-scripts.mjs), run in a copy of the
// parts it reads: the app refuses a script that is not the one the build took and says to build
// again, so a build must repair it; a module that does not match go.sum fails with that reason.
const repo = resolve(import.meta.dirname, '../..')
let root = ''
const copy = () => {
  root = mkdtempSync(join(tmpdir(), 'argocd-scripts-build-'))
  mkdirSync(join(root, 'scripts'))
  mkdirSync(join(root, 'test'))
  mkdirSync(join(root, 'resources'))
  cpSync(join(repo, 'scripts/argocd-scripts.mjs'), join(root, 'scripts/argocd-scripts.mjs'))
  cpSync(join(repo, 'test/argocd'), join(root, 'test/argocd'), { recursive: true })
  cpSync(join(repo, 'resources/argocd-scripts'), join(root, 'resources/argocd-scripts'), { recursive: true })
}
const build = () => spawnSync(process.execPath, [join(root, 'scripts/argocd-scripts.mjs')], { encoding: 'utf8', timeout: 120_000 })
const script = (path: string) => join(root, 'resources/argocd-scripts/scripts', path)
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe("the build of Argo CD's scripts", { timeout: 120_000 }, () => {
  it('an up-to-date set is left as it is', () => {
    copy()
    const run = build()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
  })

  it('a changed, removed or unreadable part is built again', () => {
    copy()
    const original = readFileSync(script('kafka.strimzi.io/Kafka/health.lua'), 'utf8')
    appendFileSync(script('kafka.strimzi.io/Kafka/health.lua'), 'x')
    let run = build()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain('resources/argocd-scripts/scripts/kafka.strimzi.io/Kafka/health.lua is missing or not what the build wrote: building again')
    expect(readFileSync(script('kafka.strimzi.io/Kafka/health.lua'), 'utf8')).toBe(original)

    rmSync(script('apps/Deployment/actions/restart/action.lua'))
    run = build()
    expect(run.stdout).toContain('apps/Deployment/actions/restart/action.lua is missing or not what the build wrote')
    expect(existsSync(script('apps/Deployment/actions/restart/action.lua'))).toBe(true)

    writeFileSync(join(root, 'resources/argocd-scripts/index.json'), '{')
    run = build()
    expect(run.stdout).toContain('index.json is missing or not what the build wrote')
    expect(JSON.parse(readFileSync(join(root, 'resources/argocd-scripts/index.json'), 'utf8')).version).toBe('v3.2.11')
  })

  it('a go.sum hash that does not match the module fails the build, saying so, and writes nothing', () => {
    copy()
    rmSync(join(root, 'resources/argocd-scripts'), { recursive: true })
    const goSum = join(root, 'test/argocd/go.sum')
    const text = readFileSync(goSum, 'utf8')
    const altered = text.replace(/^(github\.com\/argoproj\/argo-cd\/v3 v\S+ h1:)(.)/m, (_, head: string, first: string) => `${head}${first === 'A' ? 'B' : 'A'}`)
    expect(altered).not.toBe(text)
    writeFileSync(goSum, altered)
    const run = build()
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^argocd-scripts: github\.com\/argoproj\/argo-cd\/v3@v\S+ does not match the hash test\/argocd\/go\.sum records for it \(.*checksum mismatch.*\): if go\.sum was edited, restore it/)
    expect(existsSync(join(root, 'resources/argocd-scripts'))).toBe(false)
  })
})

import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import { GitRepoCache } from '../repos/git-cache'
import { WorkingCopyMirror } from '../repos/working-copy-mirror'
import { renderApp } from './render-app'
import { RenderCache } from './render-cache'
import { isReadPath, readPaths, workingCopyError } from './working-copy-source'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-working-copy-source-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: "${value}"\n`

/** A committed repository (the app's repoURL) and a checkout of it to edit. */
function repository(files: Record<string, string>): { url: string; checkout: string } {
  const origin = join(base, `origin${Math.random().toString(36).slice(2)}`)
  mkdirSync(origin)
  execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: origin, env })
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(origin, path, '..'), { recursive: true })
    writeFileSync(join(origin, path), text)
  }
  execFileSync('git', ['add', '--all'], { cwd: origin, env })
  execFileSync('git', ['commit', '--quiet', '-m', 'init'], { cwd: origin, env })
  const checkout = `${origin}-checkout`
  execFileSync('git', ['clone', '--quiet', `file://${origin}`, checkout], { env })
  return { url: `file://${origin}`, checkout: realpathSync(checkout) }
}
const appOf = (url: string, path: string, more: object = {}) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'wc' }, spec: { source: { repoURL: url, path, ...more }, destination: { server: 'https://kubernetes.default.svc', namespace: 'wc' } } })

describe('rendering a working copy', () => {
  it('renders the folder as it is (an uncommitted edit), named local:…, and never caches it', async () => {
    const { url, checkout } = repository({ 'app/cm.yaml': configMap('committed') })
    const cache = new RenderCache(null)
    const deps = { repos: new GitRepoCache(join(base, 'cache')), cache }
    const fromGit = await renderApp(appOf(url, 'app'), deps)
    expect(fromGit.objects[0]?.data).toEqual({ value: 'committed' })
    writeFileSync(join(checkout, 'app/cm.yaml'), configMap('edited'))
    const before = cache.size
    const local = await renderApp(appOf(url, 'app'), { ...deps, workingCopy: { repoURL: url, root: checkout, revision: 'local:abc' } })
    expect(local.objects[0]?.data).toEqual({ value: 'edited' })
    expect(local.sources[0]?.commit).toBe('local:abc')
    expect(local.cached).toBe(false)
    expect(cache.size).toBe(before)
    // Git's render is still Git's.
    expect((await renderApp(appOf(url, 'app'), deps)).objects[0]?.data).toEqual({ value: 'committed' })
  })

  it('refuses a symlink out of the folder, as for a repository', async () => {
    const { url, checkout } = repository({ 'app/cm.yaml': configMap('x') })
    symlinkSync('/etc/passwd', join(checkout, 'app/passwd.yaml'))
    await expect(renderApp(appOf(url, 'app'), { repos: new GitRepoCache(join(base, 'cache')), workingCopy: { repoURL: url, root: checkout, revision: 'local:abc' } })).rejects.toThrow('out-of-bounds symlink in the repository')
  })
})

describe("a working copy's files cannot read what Argo CD's checkout lacks", () => {
  it('a Jsonnet importstr of ../.git/config finds no file: the render is of the mirror, which has no .git', async () => {
    const { url, checkout } = repository({ 'jsn/main.jsonnet': '{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { v: importstr "../.git/config" } }\n' })
    execFileSync('git', ['config', 'http.extraheader', 'Authorization: Bearer ghp_leak'], { cwd: checkout })
    const mirror = await WorkingCopyMirror.create(checkout, join(base, 'scratch'))
    try {
      const render = renderApp(appOf(url, 'jsn'), { repos: new GitRepoCache(join(base, 'cache')), workingCopy: { repoURL: url, root: mirror.dir, revision: 'local:abc' } })
      const error = await render.then(() => null, (e: unknown) => workingCopyError(e) as Error)
      expect(error?.message).toMatch(/\.git\/config/)
      expect(error?.message).toContain('no .git folder, no ignored file')
      expect(error?.message).not.toContain('ghp_leak')
    } finally {
      await mirror.remove()
    }
  })
})

describe('what a working copy watch looks at', () => {
  it("is the app's path, its value files and every folder its kustomization reaches", async () => {
    const { url, checkout } = repository({
      'base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'base/cm.yaml': configMap('b'),
      'overlays/dev/kustomization.yaml': 'resources: [../../base]\n',
      'unrelated/x.yaml': configMap('u'),
    })
    const paths = await readPaths(appOf(url, 'overlays/dev'), { repoURL: url, root: checkout, revision: 'local:x' })
    expect(isReadPath(paths, 'overlays/dev/kustomization.yaml')).toBe(true)
    expect(isReadPath(paths, 'base/cm.yaml')).toBe(true)
    expect(isReadPath(paths, 'unrelated/x.yaml')).toBe(false)
    const helm = await readPaths(appOf(url, 'chart', { helm: { valueFiles: ['../envs/prod.yaml'] } }), { repoURL: url, root: checkout, revision: 'local:x' })
    expect(isReadPath(helm, 'envs/prod.yaml')).toBe(true)
    expect(isReadPath(helm, 'envs/dev.yaml')).toBe(false)
  })
})

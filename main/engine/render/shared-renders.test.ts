import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { Application } from '../model/app-schema'
import { GitRepoCache } from '../repos/git-cache'
import { renderApp, type RenderDeps } from './render-app'
import { RenderCache } from './render-cache'
import { SharedRenders } from './shared-renders'
import { fetchedAfter } from './render-service'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-shared-renders-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' })

/** A repository with the given files committed on main; returns its URL and a function that commits more. */
function repository(files: Record<string, string>): { url: string; commit(files: Record<string, string>): string } {
  const dir = mkdtempSync(join(base, 'origin-'))
  git(dir, 'init', '--quiet', '--initial-branch=main')
  const commit = (more: Record<string, string>) => {
    for (const [path, text] of Object.entries(more)) {
      mkdirSync(join(dir, path, '..'), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    git(dir, 'add', '--all')
    git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'change')
    return git(dir, 'rev-parse', 'HEAD').trim()
  }
  commit(files)
  return { url: `file://${dir}`, commit }
}
const appOf = (name: string, url: string, source: object = {}, namespace = name) =>
  Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: url, path: 'app', ...source }, destination: { server: 'https://kubernetes.default.svc', namespace } } })
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: one\n'
const depsOf = (): RenderDeps & { shared: SharedRenders } => ({ repos: new GitRepoCache(mkdtempSync(join(base, 'cache-'))), cache: new RenderCache(null), shared: new SharedRenders() })
const dataOf = (obj: K8sObject | undefined) => (obj as unknown as { data: Record<string, string> }).data
const tracking = (obj: { metadata: { annotations?: Record<string, string> } }) => obj.metadata.annotations?.['argocd.argoproj.io/tracking-id']

describe('renders shared between apps', () => {
  it("render a plain directory once for many apps, each app's objects finished as its own (namespace, tracking)", async () => {
    const { url } = repository({ 'app/cm.yaml': configMap })
    const deps = depsOf()
    const apps = Array.from({ length: 10 }, (_, i) => appOf(`app-${i}`, url))
    const renders = await Promise.all(apps.map((app) => renderApp(app, deps)))
    expect(deps.shared.stats.rendered).toBe(1)
    renders.forEach((render, i) => {
      expect(render.objects).toHaveLength(1)
      expect(render.objects[0]!.metadata.namespace).toBe(`app-${i}`)
      expect(tracking(render.objects[0]!)).toBe(`app-${i}:/ConfigMap:app-${i}/settings`)
    })
    // What one app does with its objects reaches no other app's render.
    dataOf(renders[0]!.objects[0]).value = 'changed by app-0'
    const later = await renderApp(appOf('app-late', url), deps)
    expect(dataOf(later.objects[0]).value).toBe('one')
    expect(deps.shared.stats.rendered).toBe(1)
  })

  it('render Jsonnet with arguments from the build environment once per app: no app gets another app\'s output', async () => {
    const { url } = repository({ 'app/cm.jsonnet': 'function(app) { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { app: app } }' })
    const deps = depsOf()
    const jsonnet = { directory: { jsonnet: { tlas: [{ name: 'app', value: '$ARGOCD_APP_NAME' }] } } }
    const [a, b] = await Promise.all([renderApp(appOf('alpha', url, jsonnet), deps), renderApp(appOf('beta', url, jsonnet), deps)])
    expect(dataOf(a.objects[0]).app).toBe('alpha')
    expect(dataOf(b.objects[0]).app).toBe('beta')
    expect(deps.shared.stats.rendered).toBe(2)
  })

  it('render a new commit again, and a hard refresh renders again whatever is kept', async () => {
    const repo = repository({ 'app/cm.yaml': configMap })
    const deps = depsOf()
    await renderApp(appOf('a', repo.url), deps)
    repo.commit({ 'app/cm.yaml': configMap.replace('one', 'two') })
    const [a, b] = await Promise.all([renderApp(appOf('a', repo.url), deps), renderApp(appOf('b', repo.url), deps)])
    expect([a, b].map((r) => dataOf(r.objects[0]).value)).toEqual(['two', 'two'])
    expect(deps.shared.stats.rendered).toBe(2)
    await renderApp(appOf('c', repo.url), { ...deps, hard: true })
    expect(deps.shared.stats.rendered).toBe(3)
  })
})

describe('fetches shared by a refresh', () => {
  it('reuse a fetch that began after the refresh was asked for, and fetch again for a later ask', async () => {
    const repo = repository({ 'app/cm.yaml': configMap })
    const repos = new GitRepoCache(mkdtempSync(join(base, 'cache-')))
    const asked = performance.now()
    const first = (await repos.resolve(repo.url, 'HEAD', { since: asked })).commit
    // Pushed after that fetch: a refresh asked for before the push is answered from it.
    const second = repo.commit({ 'app/cm.yaml': configMap.replace('one', 'two') })
    expect((await repos.resolve(repo.url, 'HEAD', { since: asked })).commit).toBe(first)
    // Asked for after the push: fetched again, and every app asking together gets the push.
    const now = performance.now()
    const commits = await Promise.all(Array.from({ length: 10 }, () => repos.resolve(repo.url, 'HEAD', { since: now })))
    expect(new Set(commits.map((c) => c.commit))).toEqual(new Set([second]))
  })

  it('for a sync asked for at a time reuse no fetch begun before it (a push just before the sync is rendered)', async () => {
    const repo = repository({ 'app/cm.yaml': configMap })
    const repos = new GitRepoCache(mkdtempSync(join(base, 'cache-')))
    await repos.resolve(repo.url, 'HEAD')
    const pushed = repo.commit({ 'app/cm.yaml': configMap.replace('one', 'two') })
    const asked = fetchedAfter(new Date().toISOString()).fetchedSince
    expect((await repos.resolve(repo.url, 'HEAD', { since: asked! })).commit).toBe(pushed)
    expect(fetchedAfter(undefined)).toEqual({})
  })
})

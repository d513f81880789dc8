import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { openGroundDesk } from '../support/ground-desk'

// Issue 30's rule for a working copy: its files read only what Argo CD's checkout of it would
// hold. The checkout's .git (a token in http.extraheader) and its ignored files (.env) are not
// in it: the render is of a mirror of what git would commit, so a file naming them finds nothing.
const secret = 'ghp_workingcopyleak'
const repo = FixtureRepo.create([])
const write = (path: string, text: string) => {
  mkdirSync(join(repo.dir, path, '..'), { recursive: true })
  writeFileSync(join(repo.dir, path), text)
}
write('jsn/main.jsonnet', '{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "leak-jsonnet" }, data: { config: importstr "../.git/config" } }\n')
write('kustomization.yaml', 'configMapGenerator:\n- name: g\n  files:\n  - config=.git/config\n')
write('app/kustomization.yaml', 'configMapGenerator:\n- name: env\n  envs:\n  - local.env\n')
write('.gitignore', 'app/local.env\n')
repo.commit('apps reading what a checkout holds beside its files')
const checkout = `${repo.dir}-checkout`
execFileSync('git', ['clone', '--quiet', repo.url, checkout])
const root = realpathSync(checkout)
execFileSync('git', ['config', 'http.extraheader', `Authorization: Bearer ${secret}`], { cwd: root })
writeFileSync(join(root, 'app', 'local.env'), `TOKEN=${secret}\n`)
const { desk, dataDir } = openGroundDesk('working-copy-bounds')
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  repo.remove()
})

const app = (name: string, path: string) => desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path }, destination: { name: 'ground-1', namespace: name } } }), `${name}.yaml`)

describe("a working copy's files cannot read the checkout's .git or its ignored files", () => {
  it.each([
    ['wcb-jsonnet', 'jsn', /\.git\/config/],
    ['wcb-kustomize', '.', /\.git\/config/],
    ['wcb-env', 'app', /local\.env/],
  ])('%s (path %s): the file is absent, as in Argo CD’s checkout; the render error says so and shows nothing of it', { timeout: 120_000 }, async (name, path, missing) => {
    app(name, path)
    const state = await desk.workingCopies.use(name, root)
    try {
      expect(state.diff).toBeNull()
      expect(state.error?.message).toMatch(missing)
      expect(state.error?.message).toContain('rendered from the files git would commit (no .git folder, no ignored file)')
      expect(JSON.stringify(state)).not.toContain(secret)
      // The changed files name no ignored file.
      expect(state.files.map((f) => f.path)).not.toContain('app/local.env')
      // Sync working copy deploys nothing: it renders the same files.
      await desk.workingCopies.sync(name, { consent: { uncommitted: true, context: 'ground-1' } })
      const ended = await desk.waitForOperation(name)
      expect(ended?.phase).toBe('Error')
      expect(JSON.stringify(ended)).not.toContain(secret)
    } finally {
      expect(await desk.workingCopies.release(name)).toBe(true)
    }
  })

  it('the mirrors lived in the data folder and are gone once released and synced', async () => {
    const scratch = join(dataDir, 'scratch', 'working-copies')
    expect(existsSync(scratch)).toBe(true)
    await expect.poll(() => readdirSync(scratch), { timeout: 30_000 }).toEqual([])
  })
})

import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'

// kubectl and argocd habits: -f files, folders and stdin; -o wide; app diff/sync/wait/set; completion.
const bin = inject('groundBinaries')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-habits-'))
const env = { ...process.env, KUBECONFIG: inject('kubeconfig'), GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}` }
const cli = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL', ...(input !== undefined ? { input } : {}) })
const repo = FixtureRepo.create(['guestbook'])
const temporary = (prefix: string) => (dirs.push(mkdtempSync(join(tmpdir(), prefix))), dirs.at(-1)!)
const dirs: string[] = []
afterAll(() => {
  repo.remove()
  for (const d of [dataDir, ...dirs]) rmSync(d, { recursive: true, force: true })
})

const application = (name: string, namespace = name) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec:\n  source: {repoURL: "${repo.url}", path: guestbook}\n  destination: {name: ground-1, namespace: ${namespace}}\n  syncPolicy: {syncOptions: [CreateNamespace=true]}\n`
const project = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: ${name}}\nspec:\n  sourceRepos: ["*"]\n  destinations: [{name: "*", namespace: "*"}]\n`

describe('gitops-desk app add -f', () => {
  it('adds every Application and AppProject of a folder, files and stdin, reporting each', () => {
    const dir = temporary('gitops-desk-apps-')
    writeFileSync(join(dir, 'a.yaml'), `${application('hb-a')}---\n${application('hb-b')}`)
    writeFileSync(join(dir, 'project.yml'), project('team'))
    writeFileSync(join(dir, 'README.md'), '# not a manifest')
    mkdirSync(join(dir, 'nested'))
    writeFileSync(join(dir, 'nested', 'c.yaml'), application('hb-c'))
    const extra = join(dir, 'nested', 'c.yaml')
    const run = cli(['app', 'add', '-f', dir, '-f', extra, '-f', '-'], application('hb-stdin'))
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toEqual(['application hb-a saved', 'application hb-b saved', 'application hb-c saved', 'application hb-stdin saved', 'project team saved'])
    expect(cli(['app', 'add', '-R', '-f', dir]).stdout).toContain('application hb-c saved')
  })

  it('is all or nothing: one bad file saves nothing, and the error names its file and line', () => {
    const dir = temporary('gitops-desk-apps-')
    writeFileSync(join(dir, '1-good.yaml'), application('hb-never'))
    writeFileSync(join(dir, '2-bad.yaml'), 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: hb-bad}\nspec:\n  source: {repoURL: x}\n')
    const run = cli(['app', 'add', '-f', dir])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain(`${join(dir, '2-bad.yaml')}:4 spec.destination: is required`)
    expect(cli(['app', 'get', 'hb-never']).stderr).toContain('no app named "hb-never"')
    expect(cli(['app', 'add', '-f', join(dir, 'missing')]).stderr).toContain('no such file or folder')
  })
})

describe('argocd spellings', () => {
  it('app get -o wide|json, app set --revision, app diff, app sync and app wait', () => {
    expect(cli(['app', 'add', '-f', '-'], application('hb-gb')).status).toBe(0)
    expect(cli(['app', 'get', 'hb-gb', '-o', 'wide']).stdout).toMatch(/^NAME\s+PROJECT\s+REPO\s+PATH\s+REVISION\s+DESTINATION\s+SYNC POLICY\s+SYNC OPTIONS\nhb-gb\s+default\s+file:\S+\s+guestbook\s+HEAD\s+ground-1\/hb-gb\s+manual\s+CreateNamespace=true$/m)
    const head = repo.head()
    expect(cli(['app', 'set', 'hb-gb', '--revision', head]).status).toBe(0)
    expect(JSON.parse(cli(['app', 'get', 'hb-gb', '-o', 'json']).stdout).spec.source.targetRevision).toBe(head)
    expect(cli(['app', 'diff', 'hb-gb']).status).toBe(1) // OutOfSync, as `gitops-desk diff`
    const timedOut = cli(['app', 'wait', 'hb-gb', '--sync', '--timeout', '2s'])
    expect(timedOut.status).toBe(1)
    expect(timedOut.stderr).toMatch(/timed out after 2s waiting for hb-gb: it is OutOfSync Missing/)
    const synced = cli(['app', 'sync', 'hb-gb'])
    expect(synced.status, synced.stdout + synced.stderr).toBe(0)
    const waited = cli(['app', 'wait', 'hb-gb', '--timeout', '90s'])
    expect(waited.status, waited.stdout + waited.stderr).toBe(0)
    expect(waited.stdout.trim().split('\n').at(-1)).toMatch(/^hb-gb Synced Healthy/)
  })

  it('app retry-delete and app cancel-delete say so when no deletion of the app is under way', () => {
    const retry = cli(['app', 'retry-delete', 'hb-gb'])
    expect(retry.status).toBe(2)
    expect(retry.stderr).toContain('hb-gb is not being deleted: nothing to retry')
    const cancel = cli(['app', 'cancel-delete', 'hb-gb'])
    expect(cancel.status, cancel.stderr).toBe(0)
    expect(cancel.stdout).toContain('hb-gb is not being deleted')
  })

  it('every command has examples in its --help', () => {
    for (const command of [[], ['app'], ['app', 'add'], ['app', 'list'], ['app', 'get'], ['app', 'set'], ['app', 'wait'], ['app', 'sync'], ['app', 'diff'], ['app', 'history'], ['app', 'rollback'], ['app', 'delete'], ['app', 'retry-delete'], ['app', 'cancel-delete'], ['render'], ['diff'], ['sync'], ['health'], ['reconcile'], ['repo', 'add'], ['repo', 'import'], ['repo', 'list'], ['repo', 'remove'], ['cluster', 'list'], ['cluster', 'use'], ['cluster', 'protect'], ['cluster', 'unprotect'], ['cluster', 'import'], ['cluster', 'remove'], ['import', 'argocd'], ['export', 'argocd'], ['action', 'list'], ['action', 'run'], ['settings', 'import'], ['completion']]) {
      const help = cli([...command, '--help'])
      expect(help.stdout, command.join(' ')).toMatch(/\nExamples:\n {2}\$ gitops-desk /)
    }
  })
})

describe('shell completion', () => {
  // The generated script, sourced in a real bash, asked for the words of a command line.
  const shim = temporary('gitops-desk-shim-')
  writeFileSync(join(shim, 'gitops-desk'), `#!/bin/sh\nexec "${process.execPath}" "${resolve('bin/gitops-desk.mjs')}" "$@"\n`)
  chmodSync(join(shim, 'gitops-desk'), 0o755)
  const complete = (line: string) => {
    const script = cli(['completion', 'bash']).stdout
    const words = line.split(' ')
    const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gitops_desk; printf '%s\\n' "\${COMPREPLY[@]}"`
    const run = spawnSync('bash', ['-c', program], { encoding: 'utf8', env: { ...env, PATH: `${shim}:${env.PATH}` }, timeout: 60_000 })
    expect(run.status, run.stderr).toBe(0)
    return run.stdout.trim().split('\n').filter(Boolean).sort()
  }

  it('completes commands, subcommands and options', () => {
    expect(complete('gitops-desk ap')).toEqual(['app', 'appset'])
    expect(complete('gitops-desk app w')).toEqual(['wait'])
    expect(complete('gitops-desk sync guestbook --pr')).toEqual(['--prune', '--prune-all'])
  })

  it('completes stored app names and kubeconfig contexts', () => {
    expect(cli(['app', 'add', '-f', '-'], application('hb-complete-me')).status).toBe(0)
    expect(complete('gitops-desk app sync hb-comp')).toEqual(['hb-complete-me'])
    expect(complete('gitops-desk diff hb-complete')).toEqual(['hb-complete-me'])
    const contexts = complete('gitops-desk cluster use ground-')
    expect(contexts).toEqual(expect.arrayContaining(['ground-1', 'ground-2']))
    expect(contexts.every((c) => c.startsWith('ground-'))).toBe(true)
  })

  it('prints zsh and fish scripts, and refuses an unknown shell', () => {
    expect(cli(['completion', 'zsh']).stdout).toContain('#compdef gitops-desk')
    expect(cli(['completion', 'fish']).stdout).toContain("complete -c gitops-desk -f -n '__fish_seen_subcommand_from app' -a 'wait'")
    expect(cli(['completion', 'tcsh']).stderr).toContain('no completion for "tcsh": bash, zsh or fish')
  })
})

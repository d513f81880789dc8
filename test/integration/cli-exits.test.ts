import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { cliRuns, writeCliFixtures } from './cli-exits.commands'
import { kubectlOn } from '../support/kubectl'

// Every command of the built CLI, on the real ground, ends by itself with its exit code. A command
// that leaves a watch, timer or stream open is named by the CLI on stderr ("still running"); one
// that hangs outright is killed at the timeout and fails here with its arguments.
const bin = inject('groundBinaries')
const kubeconfig = inject('kubeconfig')
const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-cli-exits-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const env = (dataDir: string) => ({ ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` })
const cli = (args: string[], dataDir: string, input?: string) =>
  spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env: env(dataDir), timeout: 60_000, killSignal: 'SIGKILL', ...(input !== undefined ? { input } : {}) })
const kubectl = kubectlOn('ground-1')

describe('every CLI command exits by itself', () => {
  writeCliFixtures(dir, kubeconfig)
  const dataDir = join(dir, 'data')
  afterAll(() => void spawnSync(bin.kubectl, ['--kubeconfig', kubeconfig, '--context', 'ground-1', 'delete', 'namespace', 'cli-exits', 'cli-exits-set', '--ignore-not-found', '--wait=false']))

  for (const run of cliRuns(dir, inject('argocdNamespace'))) {
    it(`gitops-desk ${run.args.map((a) => a.replace(dir, '…')).join(' ')} → exit ${run.code}`, () => {
      if (run.foreignObjectFirst) {
        // Carries the app's tracking annotation but is not in Git: the object `action list` hung with.
        kubectl('-n', 'cli-exits', 'create', 'configmap', 'foreign', '--from-literal=x=y')
        kubectl('-n', 'cli-exits', 'annotate', 'configmap', 'foreign', 'argocd.argoproj.io/tracking-id=exits:/ConfigMap:cli-exits/foreign')
      }
      const result = cli(run.args, dataDir, run.input)
      expect(result.signal, `killed after 60 s: ${result.stdout}${result.stderr}`).toBeNull()
      expect(result.stderr).not.toContain('still running')
      expect(result.status, result.stderr).toBe(run.code)
      if (run.says) expect(result.stdout + result.stderr).toMatch(run.says)
    })
  }
})

// Store recovery, as a user meets it: the same command run again and again.
describe('a damaged or newer store, run three times', () => {
  const store = (name: string) => {
    const dataDir = join(dir, name)
    mkdirSync(dataDir, { recursive: true })
    return { dataDir, path: join(dataDir, 'gitops-desk.json') }
  }

  it('a store and backup both damaged: exit 2 naming both files each time, nothing copied or multiplied', () => {
    const { dataDir, path } = store('both-damaged')
    writeFileSync(path, '{"apps": [{"metadata": ')
    writeFileSync(`${path}.bak`, 'password: hunter2 and other text')
    for (let run = 0; run < 3; run++) {
      const result = cli(['app', 'list', '--offline'], dataDir)
      expect(result.status).toBe(2)
      expect(result.stderr).toContain(`The settings file ${path} is damaged (it is not JSON (truncated or overwritten)), and so is its backup ${path}.bak`)
      expect(result.stderr).not.toContain('hunter2')
    }
    expect(readdirSync(dataDir).sort()).toEqual(['gitops-desk.json', 'gitops-desk.json.bak'])
    expect(readFileSync(path, 'utf8')).toBe('{"apps": [{"metadata": ')
  })

  it('a damaged store with a good backup: restored, and the damage kept once however often it recurs', () => {
    const { dataDir, path } = store('restorable')
    expect(cli(['repo', 'add', 'https://git.example.test/kept.git'], dataDir).status).toBe(0)
    for (let run = 0; run < 3; run++) {
      writeFileSync(path, '{"truncated')
      const result = cli(['repo', 'list'], dataDir)
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toContain('https://git.example.test/kept.git')
    }
    expect(readdirSync(dataDir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1)
  })

  it("a newer version's store: exit 2 saying so, the file and its backup untouched", () => {
    const { dataDir, path } = store('newer')
    expect(cli(['repo', 'add', 'https://git.example.test/old.git'], dataDir).status).toBe(0)
    const newer = JSON.stringify({ schemaVersion: 99, repositories: { shape: 'unknown here' } })
    writeFileSync(path, newer)
    const backup = readFileSync(`${path}.bak`, 'utf8')
    for (let run = 0; run < 3; run++) {
      const result = cli(['repo', 'add', 'https://git.example.test/new.git'], dataDir)
      expect(result.status).toBe(2)
      expect(result.stderr).toContain(`The settings file ${path} was written by a newer GitOps Desk (schema version 99`)
    }
    expect(readFileSync(path, 'utf8')).toBe(newer)
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(backup)
    expect(readdirSync(dataDir).sort()).toEqual(['gitops-desk.json', 'gitops-desk.json.bak'])
  })
})

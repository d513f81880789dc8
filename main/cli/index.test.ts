import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }

// Runs the real `gitops-desk` bin (the built CLI), as `npx gitops-desk` does in the repo. Each
// run gets 20 s before it is killed and each test 60 s: room for a loaded machine.
const bin = 'bin/gitops-desk.mjs'
const spawnOptions = { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' } as const

describe('gitops-desk command', { timeout: 60_000 }, () => {
  it('prints its version', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], spawnOptions).trim()).toBe(pkg.version)
  })

  it('prints help', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], spawnOptions)).toMatch(/Usage: gitops-desk/)
  })

  it('exits 2 with the error on stderr for an unknown option', () => {
    const run = spawnSync(process.execPath, [bin, '--no-such-flag'], spawnOptions)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/unknown option '--no-such-flag'/)
  })
})

describe('gitops-desk health', { timeout: 60_000 }, () => {
  it('prints one line per object, "-" for kinds without a rule; -o json has status null for them', () => {
    const text = ['deployment-rolling', 'configmap-no-rule'].map((f) => readFileSync(`main/engine/health/testdata/${f}.yaml`, 'utf8')).join('---\n')
    const run = spawnSync(process.execPath, [bin, 'health', '-'], { ...spawnOptions, input: text })
    expect(run.stdout).toBe('Deployment/web Progressing Waiting for rollout to finish: 1 out of 3 new replicas have been updated...\nConfigMap/settings -\n')
    const json = JSON.parse(spawnSync(process.execPath, [bin, 'health', '-', '-o', 'json'], { ...spawnOptions, input: text }).stdout)
    expect(json[1]).toEqual({ group: '', kind: 'ConfigMap', namespace: '', name: 'settings', status: null, message: '' })
  })

  it('names the file and line of invalid YAML, exit 2', () => {
    const run = spawnSync(process.execPath, [bin, 'health', '-'], { ...spawnOptions, input: 'kind: [oops\n' })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/invalid YAML: .* \(stdin:\d+\)/)
  })
})

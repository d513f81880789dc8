import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }

// Runs the real `gitops-desk` bin, as `npx gitops-desk` does in the repo.
const bin = 'bin/gitops-desk.mjs'

describe('gitops-desk command', () => {
  it('prints its version', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version)
  })

  it('prints help', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toMatch(/Usage: gitops-desk/)
  })

  it('exits 2 with the error on stderr for an unknown option', () => {
    const run = spawnSync(process.execPath, [bin, '--no-such-flag'], { encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/unknown option '--no-such-flag'/)
  })
})

describe('gitops-desk health', () => {
  it('prints one line per object, "-" for kinds without a rule; -o json has status null for them', () => {
    const text = ['deployment-rolling', 'configmap-no-rule'].map((f) => readFileSync(`main/engine/health/testdata/${f}.yaml`, 'utf8')).join('---\n')
    const run = spawnSync(process.execPath, [bin, 'health', '-'], { input: text, encoding: 'utf8' })
    expect(run.stdout).toBe('Deployment/web Progressing Waiting for rollout to finish: 1 out of 3 new replicas have been updated...\nConfigMap/settings -\n')
    const json = JSON.parse(spawnSync(process.execPath, [bin, 'health', '-', '-o', 'json'], { input: text, encoding: 'utf8' }).stdout)
    expect(json[1]).toEqual({ group: '', kind: 'ConfigMap', namespace: '', name: 'settings', status: null, message: '' })
  })

  it('names the file and line of invalid YAML, exit 2', () => {
    const run = spawnSync(process.execPath, [bin, 'health', '-'], { input: 'kind: [oops\n', encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/invalid YAML: .* \(stdin:\d+\)/)
  })
})

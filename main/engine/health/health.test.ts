import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { BundledScripts } from '../customizations/bundled-scripts'
import { LuaScripts } from '../lua/lua-scripts'
import { HealthChecks } from './custom-health'
import { aggregateHealth, healthOf } from './health'

// One YAML fixture per case; its first line says what Argo CD reports for it:
// `# expect: STATUS: message`, or `# expect: none` for kinds with no health rule. Judged as the
// engine judges: Argo CD's bundled scripts, then the compiled rules.
const dir = join(import.meta.dirname, 'testdata')
const lua = new LuaScripts()
afterAll(() => lua.close())
const checks = new HealthChecks({ lua: () => lua, bundled: new BundledScripts(), remember: false })

describe('health rules', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8')
    const expectation = /^# expect: (.*)$/m.exec(text)?.[1] ?? ''
    it(`${file.replace(/\.yaml$/, '')} → ${expectation}`, () => {
      const actual = checks.healthOf(YAML.parse(text) as K8sObject)
      if (expectation === 'none') return expect(actual).toBeNull()
      const [status, ...message] = expectation.split(': ')
      expect(actual).toEqual({ status: status!.replace(/:$/, ''), message: message.join(': ') })
    })
  }

  it('a missing object is Missing; an app is as healthy as its worst resource', () => {
    expect(healthOf(null)).toEqual({ status: 'Missing', message: '' })
    expect(aggregateHealth([{ status: 'Healthy', message: '' }, null, { status: 'Progressing', message: '' }, { status: 'Suspended', message: '' }])).toBe('Progressing')
    expect(aggregateHealth([{ status: 'Missing', message: '' }, { status: 'Degraded', message: '' }])).toBe('Degraded')
    expect(aggregateHealth([])).toBe('Healthy')
  })

  it('a rule that fails on odd input is Unknown with the reason, not an exception', () => {
    const odd = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: null, status: { conditions: 'not a list' } } as unknown as K8sObject
    expect(healthOf(odd)?.status).toBe('Unknown')
  })
})

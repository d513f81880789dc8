import { describe, expect, it } from 'vitest'
import { pickVersion, type ChartVersion } from './helm-repo'

const versions = (...list: string[]): Record<string, ChartVersion[]> => ({ web: list.map((version) => ({ name: 'web', version, urls: [`web-${version}.tgz`] })) })

describe("a chart version picked as Argo CD picks it (Masterminds constraints)", () => {
  const index = versions('5.9.0', '6.0.0', '6.2.1', '6.10.0', '7.0.0-rc.1', '7.0.0')
  const pick = (constraint: string) => pickVersion(index, 'web', constraint, 'https://charts').version

  it('an exact version, else the highest that matches', () => {
    expect(pick('6.2.1')).toBe('6.2.1')
    expect(pick('v6.2.1')).toBe('6.2.1')
    expect(pick('6.*')).toBe('6.10.0')
    expect(pick('>=6.0.0 <7')).toBe('6.10.0')
    expect(pick('>=6.0.0, <7')).toBe('6.10.0')
    expect(pick('^6.1')).toBe('6.10.0')
    expect(pick('~6.2')).toBe('6.2.1')
    expect(pick('*')).toBe('7.0.0')
    expect(pick('')).toBe('7.0.0')
  })

  it('prereleases only when the constraint names one', () => {
    expect(pickVersion(versions('1.0.0', '2.0.0-rc.1'), 'web', '>=1.0.0', 'r').version).toBe('1.0.0')
    expect(pickVersion(versions('1.0.0', '2.0.0-rc.1'), 'web', '>=2.0.0-0', 'r').version).toBe('2.0.0-rc.1')
  })

  it('clear errors: no such chart (with what there is), no matching version (with the newest), not a constraint', () => {
    expect(() => pickVersion(index, 'api', '1.0.0', 'https://charts')).toThrow(/https:\/\/charts has no chart named api \(it has: web\)/)
    expect(() => pick('9.9.9')).toThrow(/no version of web matches "9.9.9" \(newest: 7.0.0, 7.0.0-rc.1, 6.10.0/)
    expect(() => pick('not a version')).toThrow(/neither a version of web in https:\/\/charts nor a semver constraint/)
  })
})

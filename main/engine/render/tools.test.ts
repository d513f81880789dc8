import { describe, expect, it } from 'vitest'
import { failureText } from './tools'

describe("a failing tool's message", () => {
  it('is whole when short', () => {
    expect(failureText('Error: chart not found\n')).toBe('Error: chart not found')
  })

  it('keeps the first lines, every error line and the last lines of a long one (the cause sits in the middle)', () => {
    const config = Array.from({ length: 60 }, (_, i) => `  key${i}: value`)
    const stderr = ['Error: trouble configuring builtin HelmChartInflationGenerator with config: `', ...config.slice(0, 30), 'releaseName: podinfo', '`: must specify --enable-helm', ...config.slice(30)].join('\n')
    const text = failureText(stderr)
    expect(text.split('\n')[0]).toMatch(/^Error: trouble configuring/)
    expect(text).toContain('`: must specify --enable-helm')
    expect(text).toMatch(/… \(\d+ lines\)/)
    expect(text.split('\n').length).toBeLessThan(40)
  })
})

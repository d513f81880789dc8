import { describe, expect, it } from 'vitest'
import { masked, secretForms, stderrForMessage } from './redact'

const secret = 's3cr3t-Token/with+chars ok'
const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('masked', () => {
  it('removes the literal, reversed, URL-encoded, hex and base64 forms', () => {
    const reversed = [...secret].reverse().join('')
    const text = [secret, reversed, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), Buffer.from(secret).toString('hex'), b64(secret), b64(secret).replace(/=+$/, ''), Buffer.from(secret).toString('base64url')].join('\n')
    const out = masked(text, [secret])
    expect(out.split('\n')).toEqual(Array(8).fill('******'))
  })

  it('removes the base64 of the secret inside a longer encoded text, at every byte alignment', () => {
    for (const prefix of ['', 'u:', 'us:', 'usr:']) {
      const encoded = b64(`${prefix}${secret}`)
      const out = masked(`Authorization: Basic ${encoded}`, [secret])
      expect(out).toContain('******')
      // No 8 characters of the encoded secret survive.
      const middle = b64(secret).slice(4, 12)
      expect(out.includes(encoded)).toBe(false)
      expect(out).not.toContain(middle)
    }
  })

  it('removes a long secret\'s base64 as `base64` prints it, wrapped at 76 columns (or 64, as PEM), and its upper-case hex', () => {
    const long = `${secret}-and-then-some-more-characters-to-pass-57-bytes`
    for (const width of [76, 64]) {
      const wrapped = b64(long).match(new RegExp(`.{1,${width}}`, 'g'))!
      for (const eol of ['\n', '\r\n']) {
        const out = masked(`b64: ${wrapped.join(eol)}\nnext line`, [long])
        for (const line of wrapped.filter((l) => l.length >= 8)) expect(out).not.toContain(line)
        expect(out).toContain('next line')
      }
    }
    expect(masked(`hex: ${Buffer.from(secret).toString('hex').toUpperCase()}`, [secret])).toBe('hex: ******')
  })

  it('leaves text without secrets and values too short to mask alone', () => {
    expect(masked('nothing to hide here', [secret, 'abc'])).toBe('nothing to hide here')
    expect(secretForms('abc')).toEqual([])
  })
})

describe('stderrForMessage', () => {
  it('keeps the last lines, with every form of every secret removed', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`)
    lines.push(`token=${secret}`, `b64=${b64(secret)}`, `rev=${[...secret].reverse().join('')}`)
    const said = stderrForMessage(lines.join('\n'), [secret, 'other-secret-value'], { lines: 5 })
    expect(said.split('\n')).toEqual(['line 28', 'line 29', 'token=******', 'b64=******', 'rev=******'])
  })

  it('drops the first line of a stderr kept to its end only: it may start inside a secret', () => {
    const cut = `${secret.slice(5)} tail of a secret\nexit reason`
    expect(stderrForMessage(cut, [secret], { truncated: true })).toBe('exit reason')
    expect(stderrForMessage(cut, [secret])).toContain(secret.slice(5))
  })
})

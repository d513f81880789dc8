import { describe, expect, it } from 'vitest'
import { isAllowedHostHeader, isAllowedOrigin, isLoopbackHost, tokensEqual } from './guards'

describe('web harness guards', () => {
  it('accepts only loopback bind addresses', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(isLoopbackHost(host)).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'example.com', '']) expect(isLoopbackHost(host)).toBe(false)
  })

  it('accepts only our own origin and host with our port', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true)
    expect(isAllowedOrigin('http://127.0.0.1:4001', 4000)).toBe(false)
    expect(isAllowedOrigin('https://evil.example', 4000)).toBe(false)
    expect(isAllowedOrigin(undefined, 4000)).toBe(false)
    expect(isAllowedHostHeader('localhost:4000', 4000)).toBe(true)
    expect(isAllowedHostHeader('evil.example:4000', 4000)).toBe(false)
  })

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true)
    expect(tokensEqual('abd', 'abc')).toBe(false)
    expect(tokensEqual('ab', 'abc')).toBe(false)
    expect(tokensEqual(null, 'abc')).toBe(false)
  })
})

import { timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

/** The harness exposes the engine to a browser, so it only ever listens on loopback. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1'
  return false
}

/** Host header check (against DNS rebinding): only the names we listen under, with our port. */
export function isAllowedHostHeader(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => hostHeader === `${name}:${port}`)
}

/** Origin check: a page from anywhere else may not talk to the engine, even with the token. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => origin === `http://${name}:${port}`)
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

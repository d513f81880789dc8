import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { createApiHandlers } from '../../main/api/handlers'
import { unitDesk } from '../support/unit-desk'
import { startWebHarness, type WebHarness } from '../../main/web/server'
import { fuzzCases, runCase } from './ws-fuzz'

// Hostile frames (ws-fuzz.ts): each closes its own socket with the code that says why, or is
// answered as a bad call; the harness then serves a well-behaved client as before.
describe('web harness under a WebSocket fuzz', () => {
  let harness: WebHarness
  const log = vi.fn()
  const rendererDir = mkdtempSync(join(tmpdir(), 'gitops-desk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  beforeAll(async () => {
    harness = await startWebHarness({ handlers: createApiHandlers(unitDesk()), rendererDir, log })
  })
  afterAll(() => harness.close())

  const ping = async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/api?token=${harness.token}`, { headers: { Origin: `http://127.0.0.1:${harness.port}` } })
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    const reply = await new Promise<unknown>((resolve) => (ws.once('message', (data) => resolve(JSON.parse(data.toString()))), ws.send(JSON.stringify({ id: 1, method: 'ping', args: ['after'] }))))
    ws.close()
    return reply
  }

  for (const fuzz of fuzzCases) {
    it(`${fuzz.name}: ${fuzz.closeCode ? `closed with ${fuzz.closeCode}` : fuzz.replies ? 'answered as bad calls' : 'dropped'}, and the next client is served`, async () => {
      const outcome = await runCase(harness.port, harness.token, fuzz)
      if (fuzz.closeCode) expect(outcome.closeCode).toBe(fuzz.closeCode)
      if (fuzz.replies) {
        expect(outcome.replies).toHaveLength(fuzz.replies.length)
        fuzz.replies.forEach((pattern, i) => expect(outcome.replies[i]).toMatch(pattern))
      }
      expect(await ping()).toMatchObject({ id: 1, ok: true, value: { pong: 'after' } })
    })
  }
})

describe('web harness under hostile handshakes', () => {
  let harness: WebHarness
  const rendererDir = mkdtempSync(join(tmpdir(), 'gitops-desk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  beforeAll(async () => {
    harness = await startWebHarness({ handlers: createApiHandlers(unitDesk()), rendererDir })
  })
  afterAll(() => harness.close())

  const rawHttp = async (request: string, reset: boolean): Promise<string> => {
    const { connect } = await import('node:net')
    const socket = connect(harness.port, '127.0.0.1')
    socket.on('error', () => undefined)
    await new Promise((resolve) => socket.once('connect', resolve))
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
    socket.write(request)
    if (reset) {
      socket.resetAndDestroy()
      return ''
    }
    await new Promise((resolve) => socket.once('close', resolve))
    return answer.split('\r\n')[0]!
  }
  const upgrade = (key: string) =>
    `GET /api?token=${harness.token} HTTP/1.1\r\nHost: 127.0.0.1:${harness.port}\r\nOrigin: http://127.0.0.1:${harness.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`

  it('half a handshake then a reset, a bad key, and garbage instead of HTTP: refused or dropped, and the next client is served', async () => {
    expect(await rawHttp(upgrade('AAAAAAAAAAAAAAAAAAAAAA==').slice(0, 60), true)).toBe('')
    expect(await rawHttp(upgrade('not-a-key'), false)).toBe('HTTP/1.1 400 Bad Request')
    expect(await rawHttp('\x16\x03\x01garbage\r\n\r\n', false)).toBe('HTTP/1.1 400 Bad Request')
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/api?token=${harness.token}`, { headers: { Origin: `http://127.0.0.1:${harness.port}` } })
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    const reply = await new Promise<unknown>((resolve) => (ws.once('message', (data) => resolve(JSON.parse(data.toString()))), ws.send(JSON.stringify({ id: 9, method: 'ping', args: ['ok'] }))))
    expect(reply).toMatchObject({ id: 9, ok: true, value: { pong: 'ok' } })
    ws.close()
  })
})

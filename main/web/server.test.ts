import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { unitDesk } from '../../test/support/unit-desk'
import { createApiHandlers } from '../api/handlers'
import { startWebHarness, type WebHarness } from './server'

// The real harness on loopback with the real ws client; refusals are checked at the handshake.
describe('web harness', () => {
  let harness: WebHarness
  const ping = vi.fn(createApiHandlers(unitDesk()).ping)
  // A page's shells end with its socket (a reload or a closed tab never calls closeShell).
  const openShell = vi.fn(async () => ({ session: 'shell-1', context: 'dev', namespace: 'shop', pod: 'web', container: 'web', command: ['sh'] }))
  const closeShell = vi.fn(async () => ({ closed: true }))
  const rendererDir = mkdtempSync(join(tmpdir(), 'gitops-desk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>GitOps Desk</title>')

  beforeAll(async () => {
    harness = await startWebHarness({ handlers: { ...createApiHandlers(unitDesk()), ping, openShell, closeShell }, rendererDir })
  })
  afterAll(() => harness.close())

  const origin = () => `http://127.0.0.1:${harness.port}`
  const open = (token: string, headers: Record<string, string> = { Origin: origin() }) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/api?token=${encodeURIComponent(token)}`, { headers })
      ws.once('open', () => resolve(ws))
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
      ws.once('error', reject)
    })
  const call = (ws: WebSocket, message: unknown) =>
    new Promise<Record<string, unknown>>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString())))
      ws.send(typeof message === 'string' ? message : JSON.stringify(message))
    })

  it('answers a call with the right token from our origin', async () => {
    const ws = await open(harness.token)
    expect(await call(ws, { id: 7, method: 'ping', args: ['hi'] })).toMatchObject({ id: 7, ok: true, value: { pong: 'hi' } })
    ws.close()
  })

  it('closes the shells a page opened when its socket goes', async () => {
    const ws = await open(harness.token)
    expect(await call(ws, { id: 1, method: 'openShell', args: ['shop', '/Pod/shop/web'] })).toMatchObject({ ok: true, value: { session: 'shell-1' } })
    expect(closeShell).not.toHaveBeenCalled()
    ws.close()
    await expect.poll(() => closeShell.mock.calls).toEqual([['shell-1']])
  })

  it('refuses a wrong token and a foreign origin before any call is made', async () => {
    ping.mockClear()
    await expect(open('wrong-token')).rejects.toThrow('refused 401')
    await expect(open(harness.token, { Origin: 'https://evil.example' })).rejects.toThrow('refused 403')
    await expect(open(harness.token, {})).rejects.toThrow('refused 403')
    expect(ping).not.toHaveBeenCalled()
  })

  it('answers malformed messages, unknown methods and bad arguments with clear errors', async () => {
    const ws = await open(harness.token)
    expect(await call(ws, 'not json')).toMatchObject({ ok: false, error: { code: 'BadRequest' } })
    expect(await call(ws, { id: 1, method: 'deleteEverything', args: [] })).toMatchObject({ id: 1, ok: false, error: { code: 'UnknownMethod' } })
    expect(await call(ws, { id: 2, method: 'ping', args: [{}] })).toMatchObject({ id: 2, ok: false, error: { code: 'BadRequest', where: 'ping argument 0' } })
    ws.close()
  })

  it('serves the renderer with a CSP, and refuses paths outside it and foreign Host headers', async () => {
    const page = await fetch(`${origin()}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect((await fetch(`${origin()}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
    const { request } = await import('node:http')
    const status = await new Promise<number | undefined>((resolve) => {
      request({ host: '127.0.0.1', port: harness.port, path: '/', headers: { Host: `evil.example:${harness.port}` } }, (res) => {
        res.resume()
        resolve(res.statusCode)
      }).end()
    })
    expect(status).toBe(421)
  })

  it('refuses to listen on anything but loopback', async () => {
    await expect(startWebHarness({ handlers: createApiHandlers(unitDesk()), rendererDir, host: '0.0.0.0' })).rejects.toThrow(/only listens on loopback/)
  })
})


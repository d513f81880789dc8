import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { apiContract, type GitopsApi } from '../../shared/api'
import { createClient } from '../../shared/contract'
import { maxUserTextBytes, tooLargeMessage } from '../../shared/limits'
import { webSocketTransport } from '../../renderer/src/ws-transport'
import { startWebHarness, type WebHarness } from '../../main/web/server'
import { createApiHandlers } from '../../main/api/handlers'
import { serveIpc, type IpcMainLike } from '../../main/api/ipc-server'
import { unitDesk } from '../support/unit-desk'

// An 8 MiB YAML pasted in the app editor: both transports answer "too large" in the same words,
// and no handler runs. The limit is the contract's (shared/limits.ts), not each transport's.
describe('a text over the limit, on every transport', () => {
  const yaml = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: big\n  annotations:\n    note: "${'x'.repeat(maxUserTextBytes)}"\n`
  const expected = { name: 'ApiError', code: 'Invalid', message: 'The Application YAML is 8 MiB and 101 bytes; the limit is 8 MiB (the most GitOps Desk takes at once)' }
  const saveAppYaml = vi.fn(async () => ({ apps: [], projects: [] }))
  const handlers = { ...createApiHandlers(unitDesk()), saveAppYaml }
  let harness: WebHarness
  const rendererDir = mkdtempSync(join(tmpdir(), 'gitops-desk-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')

  beforeAll(async () => {
    harness = await startWebHarness({ handlers, rendererDir })
  })
  afterAll(() => harness.close())

  it('Electron IPC: the preload client refuses before sending, and the main side refuses the same if a page sends it anyway', async () => {
    const channels = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void channels.set(channel, listener as never), removeHandler: (channel) => void channels.delete(channel) }
    serveIpc(ipcMain, handlers, () => true)
    const frame = { senderFrame: { url: 'app://renderer/index.html', parent: null } }
    const invoke = vi.fn((name: string, args: unknown[]) => channels.get(`gitops:${name}`)!(frame, ...args) as never)
    const client = createClient(apiContract, invoke) as unknown as GitopsApi
    await expect(client.saveAppYaml(yaml)).rejects.toEqual(expected)
    expect(invoke).not.toHaveBeenCalled()
    expect(await channels.get('gitops:saveAppYaml')!(frame, yaml)).toEqual({ ok: false, error: { code: 'Invalid', message: expected.message } })
    expect(saveAppYaml).not.toHaveBeenCalled()
  })

  it("the web harness: the page's client says the same, and a raw message gets the same answer on a socket that stays open", async () => {
    const origin = `http://127.0.0.1:${harness.port}`
    // The renderer's own transport, on Node's ws with the Origin a browser would send.
    vi.stubGlobal('WebSocket', class extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { Origin: origin } })
      }
    })
    try {
      const transport = webSocketTransport(`ws://127.0.0.1:${harness.port}/api?token=${harness.token}`)
      const client = createClient(apiContract, transport.invoke) as unknown as GitopsApi
      await expect(client.saveAppYaml(yaml)).rejects.toEqual(expected)
      expect(await client.ping('still here')).toMatchObject({ pong: 'still here' })
    } finally {
      vi.unstubAllGlobals()
    }
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/api?token=${harness.token}`, { headers: { Origin: origin } })
    await new Promise((resolve) => ws.once('open', resolve))
    const reply = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))))
    ws.send(JSON.stringify({ id: 1, method: 'saveAppYaml', args: [yaml] }))
    expect(await reply).toEqual({ id: 1, ok: false, error: { code: 'Invalid', message: expected.message } })
    expect(ws.readyState).toBe(WebSocket.OPEN)
    ws.close()
    expect(saveAppYaml).not.toHaveBeenCalled()
  })

  it('a text at the limit still goes through', async () => {
    const fits = `kind: x\nnote: ${'y'.repeat(maxUserTextBytes - 20)}\n`
    const client = createClient(apiContract, (name, args) => Promise.resolve({ ok: true, value: { name, size: (args[0] as string).length } })) as unknown as GitopsApi
    await expect(client.saveAppYaml(fits)).resolves.toMatchObject({ name: 'saveAppYaml' })
  })
})

describe('the wording of a text over the limit', () => {
  it('names what is too large, its size and the limit, without "8.0 MiB, larger than 8 MiB"', () => {
    expect(tooLargeMessage('The ApplicationSet YAML', 9.5 * 1024 * 1024)).toBe('The ApplicationSet YAML is 9.5 MiB; the limit is 8 MiB (the most GitOps Desk takes at once)')
    expect(tooLargeMessage('The Application YAML', maxUserTextBytes + 1)).toBe('The Application YAML is 8 MiB and 1 byte; the limit is 8 MiB (the most GitOps Desk takes at once)')
    expect(tooLargeMessage('The request', null)).toBe('The request is too large; the limit is 8 MiB (the most GitOps Desk takes at once)')
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { maxUserTextBytes } from '../../shared/limits'
import { startWebHarnessProcess, type RunningHarness } from '../e2e/browser'
import { fuzzCases, runCase } from '../unit/ws-fuzz'

// The built web harness (out/main/web.js, as `npm run web` runs it) against hostile WebSocket
// clients: each protocol error closes that socket only, with the code that says why; the process
// lives on and serves the next client.
describe('web harness process under a WebSocket fuzz', () => {
  let harness: RunningHarness
  const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-ws-fuzz-'))
  const port = () => Number(new URL(harness.url).port)
  const token = () => new URL(harness.url).searchParams.get('token')!

  beforeAll(async () => {
    harness = await startWebHarnessProcess({ ...process.env, GITOPS_DESK_DATA: dataDir, KUBECONFIG: inject('kubeconfig'), PATH: `${inject('groundBinaries').binDir}:${process.env.PATH}` })
  })
  afterAll(async () => {
    await harness.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const call = async (method: string, args: unknown[]) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}/api?token=${token()}`, { headers: { Origin: harness.origin }, maxPayload: 64 * 1024 * 1024 })
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    const reply = await new Promise<unknown>((resolve) => (ws.once('message', (data) => resolve(JSON.parse(data.toString()))), ws.send(JSON.stringify({ id: 1, method, args }))))
    ws.close()
    return reply
  }

  it('every hostile frame closes its own socket (1007 bad UTF-8, 1009 too large, 1002 bad frames) or is answered as a bad call', async () => {
    for (const fuzz of fuzzCases) {
      const outcome = await runCase(port(), token(), fuzz)
      if (fuzz.closeCode) expect(outcome.closeCode, fuzz.name).toBe(fuzz.closeCode)
      if (fuzz.replies) fuzz.replies.forEach((pattern, i) => expect(outcome.replies[i], fuzz.name).toMatch(pattern))
      expect(harness.process.exitCode, `${fuzz.name}: the harness exited\n${harness.output()}`).toBeNull()
    }
  })

  it('an 8 MiB YAML is answered "too large" and the harness goes on answering', async () => {
    const yaml = `kind: Application\nnote: "${'x'.repeat(maxUserTextBytes)}"\n`
    expect(await call('saveAppYaml', [yaml])).toEqual({ id: 1, ok: false, error: { code: 'Invalid', message: 'The Application YAML is 8 MiB and 27 bytes; the limit is 8 MiB (the most GitOps Desk takes at once)' } })
    expect(await call('ping', ['after the fuzz'])).toMatchObject({ ok: true, value: { pong: 'after the fuzz' } })
    expect(await call('listApps', [])).toMatchObject({ ok: true, value: [] })
    expect(harness.process.exitCode).toBeNull()
  })
})

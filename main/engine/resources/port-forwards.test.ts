import { createServer, connect, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { DeskEvent } from '../../../shared/model'
import { PortForwards, type Dial } from './port-forwards'

const spec = { app: 'shop', resource: '/Pod/shop/web', context: 'dev', namespace: 'shop', pod: 'web', remotePort: 80 }
/** A dial that answers each connection itself (the pod's side is the clusters layer's, tested on the ground). */
const echoDial: Dial = async (local) => void local.on('data', (chunk) => local.write(`echo:${String(chunk)}`))
const request = (port: number, text: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    socket.once('data', (data) => (resolve(String(data)), socket.destroy()))
    socket.once('error', reject)
  })
const listening: Server[] = []
afterEach(async () => {
  for (const server of listening.splice(0)) await new Promise((r) => server.close(r))
})

describe('port-forwards', () => {
  it('listen on 127.0.0.1 only, carry connections, and are listed with an event on each change', async () => {
    const events: DeskEvent[] = []
    const forwards = new PortForwards((e) => events.push(e))
    const info = await forwards.start(spec, echoDial)
    expect(info).toMatchObject({ address: '127.0.0.1', pod: 'web', remotePort: 80 })
    expect(info.localPort).toBeGreaterThan(0)
    expect(await request(info.localPort, 'hi')).toBe('echo:hi')
    expect(forwards.list()).toEqual([expect.objectContaining({ id: info.id, connections: 1 })])
    expect(events.some((e) => e.type === 'port-forwards' && e.forwards.length === 1)).toBe(true)
    // Closed with the engine: nothing listens any more.
    await forwards.close()
    expect(forwards.list()).toEqual([])
    await expect(request(info.localPort, 'hi')).rejects.toThrow(/ECONNREFUSED/)
  })

  it('refuse a local port already in use with a clear error, and keep nothing', async () => {
    const taken = createServer()
    listening.push(taken)
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as { port: number }).port
    const forwards = new PortForwards(() => undefined)
    await expect(forwards.start({ ...spec, localPort: port }, echoDial)).rejects.toThrow(`local port ${port} on 127.0.0.1 is already in use (another program listens there): choose another one`)
    expect(forwards.list()).toEqual([])
  })

  it('stop: the port is free when it resolves, open connections are closed, and a closed set takes no more', async () => {
    const forwards = new PortForwards(() => undefined)
    const info = await forwards.start(spec, async () => undefined)
    const held = connect(info.localPort, '127.0.0.1')
    const closed = new Promise((r) => held.once('close', r))
    await expect.poll(() => forwards.get(info.id)?.open).toBe(1)
    expect(await forwards.stop(info.id)).toBe(true)
    await closed
    expect(forwards.list()).toEqual([])
    // The port can be listened on again at once.
    const again = createServer()
    listening.push(again)
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(info.localPort, '127.0.0.1', resolve))
    expect(await forwards.stop(info.id)).toBe(false)
    await forwards.close()
    await expect(forwards.start(spec, echoDial)).rejects.toThrow('GitOps Desk is closing: no new port-forward')
  })

  it("record a connection the pod refused as the forward's last error", async () => {
    const forwards = new PortForwards(() => undefined)
    const info = await forwards.start(spec, async () => {
      throw new Error('web: pod not found')
    })
    const socket = connect(info.localPort, '127.0.0.1')
    await new Promise((r) => socket.once('close', r))
    await expect.poll(() => forwards.get(info.id)?.lastError).toBe('web: pod not found')
    expect(forwards.get(info.id)).toMatchObject({ connections: 1, open: 0 })
    await forwards.close()
  })
})

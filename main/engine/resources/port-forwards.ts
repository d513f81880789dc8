import { randomUUID } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import type { DeskEvent, PortForwardInfo } from '../../../shared/model'
import { UserError } from '../base/errors'

/** Carries one accepted local connection to the pod; onClose when it ends (with the pod's error, if any). */
export type Dial = (local: Socket, onClose: (error?: string) => void) => Promise<void>

/** What a forward is for; the address is always loopback. */
export type ForwardSpec = Omit<PortForwardInfo, 'id' | 'address' | 'localPort' | 'startedAt' | 'connections' | 'open' | 'lastError'> & { localPort?: number }

interface Forward {
  info: PortForwardInfo
  server: Server
  sockets: Set<Socket>
}

/** Only loopback: a forward must never open a pod to the network the laptop is on. */
export const forwardAddress = '127.0.0.1'

/**
 * The running port-forwards: each listens on 127.0.0.1 and carries every connection it accepts
 * to its pod (dial). A lifecycle: start() until close(); stop() and close() wait until the
 * listener and its connections are gone. Every change is announced as a `port-forwards` event.
 */
export class PortForwards {
  private readonly forwards = new Map<string, Forward>()
  private closed = false

  constructor(private readonly emit: (event: DeskEvent) => void) {}

  list(): PortForwardInfo[] {
    return [...this.forwards.values()].map((f) => ({ ...f.info }))
  }

  get(id: string): PortForwardInfo | undefined {
    const forward = this.forwards.get(id)
    return forward && { ...forward.info }
  }

  async start(spec: ForwardSpec, dial: Dial): Promise<PortForwardInfo> {
    if (this.closed) throw new UserError('Conflict', 'GitOps Desk is closing: no new port-forward')
    const { localPort = 0, ...rest } = spec
    const sockets = new Set<Socket>()
    const info: PortForwardInfo = { ...rest, id: randomUUID(), address: forwardAddress, localPort, startedAt: new Date().toISOString(), connections: 0, open: 0 }
    const server = createServer((local) => {
      sockets.add(local)
      info.connections++
      info.open++
      let done = false
      const onClose = (error?: string) => {
        if (done) return
        done = true
        sockets.delete(local)
        info.open--
        if (error) info.lastError = error
        this.changed()
      }
      local.on('close', () => onClose())
      dial(local, onClose).catch((error: unknown) => {
        onClose(error instanceof Error ? error.message : String(error))
        local.destroy()
      })
      this.changed()
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, localPort)))
      server.listen({ port: localPort, host: forwardAddress, exclusive: true }, () => resolve())
    })
    const address = server.address()
    info.localPort = typeof address === 'object' && address ? address.port : localPort
    if (this.closed) {
      await closeServer(server, sockets)
      throw new UserError('Conflict', 'GitOps Desk is closing: no new port-forward')
    }
    this.forwards.set(info.id, { info, server, sockets })
    this.changed()
    return { ...info }
  }

  /** Stops one forward: it listens no more and its connections are closed when this resolves. */
  async stop(id: string): Promise<boolean> {
    const forward = this.forwards.get(id)
    if (!forward) return false
    this.forwards.delete(id)
    await closeServer(forward.server, forward.sockets)
    this.changed()
    return true
  }

  /** Stops every forward and takes no more (the engine's close: nothing listens after quitting). */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.forwards.keys()].map((id) => this.stop(id)))
  }

  private changed(): void {
    this.emit({ type: 'port-forwards', forwards: this.list() })
  }
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') return new UserError('Conflict', `local port ${port} on ${forwardAddress} is already in use (another program listens there): choose another one`, String(port))
  if (error.code === 'EACCES') return new UserError('Forbidden', `local port ${port} needs administrator rights: choose one above 1023`, String(port))
  return new UserError('Unavailable', `cannot listen on ${forwardAddress}:${port}: ${error.message}`, String(port))
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy()
  return new Promise((resolve) => server.close(() => resolve()))
}

import { StringDecoder } from 'node:string_decoder'
import type { KubeConfig } from '@kubernetes/client-node'
import type WebSocket from 'ws'
import { openPodSocket } from './pod-socket'

/** One container to run a command in. */
export interface ExecTarget {
  namespace: string
  pod: string
  container: string
  command: string[]
  /** A terminal (stdout and stderr are one stream, resizable), as `kubectl exec -it`. */
  tty: boolean
}

/** How an exec ended: the command's exit code when it ran, else why the stream stopped. */
export interface ExecEnd {
  exitCode?: number
  message: string
}

export interface ExecHandle {
  write(text: string): void
  resize(cols: number, rows: number): void
  /** Ends stdin (the command sees end of input; on the older v4 protocol, nothing happens). */
  endInput(): void
  close(): void
}

/** The channels of Kubernetes' remote command protocol (k8s.io/apimachinery/pkg/util/remotecommand). */
export const channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const

/** v5 adds closing one stream (stdin's end); v4 is the API server's since 1.4. */
export const execProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io']

/** One frame: the channel byte, then the data. */
export function frame(ch: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  return Buffer.concat([Buffer.from([ch]), body])
}

/**
 * What the error channel says at the end (a metav1.Status): Success is exit code 0; a
 * NonZeroExitCode names the code in its causes; anything else is the reason the command did not
 * run ("executable file not found").
 */
export function execEndOf(statusText: string): ExecEnd {
  let status: { status?: string; message?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } }
  try {
    status = JSON.parse(statusText) as typeof status
  } catch {
    return { message: statusText.trim() || 'the command ended' }
  }
  if (status.status === 'Success') return { exitCode: 0, message: 'the command exited with code 0' }
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message
  if (status.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code)) return { exitCode: Number(code), message: `the command exited with code ${code}` }
  return { message: status.message ?? 'the command failed' }
}

/**
 * Runs a command in a container through the API server's exec subresource over WebSocket, with
 * the kubeconfig's credentials. Output is decoded as UTF-8 per stream (a character cut between
 * two frames is joined); onEnd is called once, with the exit code when the server gave one.
 */
export async function openPodExec(config: KubeConfig, target: ExecTarget, onOutput: (text: string, stream: 'stdout' | 'stderr') => void, onEnd: (end: ExecEnd) => void): Promise<ExecHandle> {
  const query: [string, string][] = [...target.command.map((c): [string, string] => ['command', c]), ['container', target.container], ['stdin', 'true'], ['stdout', 'true'], ['stderr', String(!target.tty)], ['tty', String(target.tty)]]
  const socket: WebSocket = await openPodSocket(config, { namespace: target.namespace, pod: target.pod, subresource: 'exec', query }, execProtocols)
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') }
  let end: ExecEnd | null = null
  let ended = false
  const finish = (fallback: ExecEnd) => {
    if (ended) return
    ended = true
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = decoders[stream].end()
      if (rest) onOutput(rest, stream)
    }
    onEnd(end ?? fallback)
  }
  socket.on('message', (data: Buffer) => {
    if (data.length === 0) return
    const ch = data[0]
    const body = data.subarray(1)
    if (ch === channel.stdout || ch === channel.stderr) {
      const stream = ch === channel.stdout ? 'stdout' : 'stderr'
      const text = decoders[stream].write(body)
      if (text) onOutput(text, stream)
    } else if (ch === channel.error) end = execEndOf(body.toString('utf8'))
  })
  socket.on('close', (code, reason) => finish({ message: `the connection to the API server closed${reason.length ? `: ${reason.toString('utf8')}` : code === 1006 ? ' abnormally (dropped)' : ''}` }))
  socket.on('error', (error) => finish({ message: `the connection to the API server failed: ${error.message}` }))
  const send = (data: Buffer) => {
    if (socket.readyState === socket.OPEN) socket.send(data)
  }
  return {
    write: (text) => send(frame(channel.stdin, text)),
    resize: (cols, rows) => send(frame(channel.resize, JSON.stringify({ Width: cols, Height: rows }))),
    // v4 cannot end one stream without closing them all (the output would be lost): stdin stays open.
    endInput: () => socket.protocol === 'v5.channel.k8s.io' && send(Buffer.from([channel.close, channel.stdin])),
    close: () => {
      ended = true
      socket.close()
      // A server that does not answer the close frame must not hold the socket.
      setTimeout(() => socket.terminate(), 2000).unref()
    },
  }
}

import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { execEndOf, openPodExec, type ExecEnd } from './pod-exec'

// The API server's side of the exec stream, as a stand-in at the protocol: the ground test
// (test/integration/pod-access.test.ts) runs the same code against kube-apiserver and kwok.
const http = createServer((_req, res) => res.writeHead(400).end())
const seen: { url: string; auth: string | undefined; protocol: string; frames: Buffer[] }[] = []
const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false) })
http.on('upgrade', (req: IncomingMessage, socket, head) => {
  if (req.url?.includes('/pods/gone/')) {
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods "gone" not found', code: 404 })
    return void socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    const record = { url: req.url ?? '', auth: req.headers.authorization, protocol: ws.protocol, frames: [] as Buffer[] }
    seen.push(record)
    ws.on('message', (data: Buffer) => {
      record.frames.push(data)
      if (data[0] !== 0) return
      const typed = data.subarray(1).toString()
      // The connection drops (a network cut, an API server gone): no close frame, no status.
      if (typed === 'drop\r') return void ws.terminate()
      if (typed === 'exit 3\r') {
        ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify({ status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code: error executing command [sh], exit code 3', details: { causes: [{ reason: 'ExitCode', message: '3' }] } }))]))
        ws.close(1000)
        return
      }
      // "é" is two bytes in UTF-8: the frames cut it in half.
      const bytes = Buffer.from(`you typed ${typed} é`)
      ws.send(Buffer.concat([Buffer.from([1]), bytes.subarray(0, bytes.length - 1)]))
      ws.send(Buffer.concat([Buffer.from([1]), bytes.subarray(bytes.length - 1)]))
    })
  })
})
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
afterAll(() => new Promise((r) => (wss.close(), http.close(r))))
const config = new KubeConfig()
config.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, skipTLSVerify: true }], users: [{ name: 'u', token: 'the-token' }], contexts: [{ name: 'dev', cluster: 'c', user: 'u' }], currentContext: 'dev' })

describe('exec through the API server (channel protocol)', () => {
  it('asks with the kubeconfig token and the command, joins characters cut between frames, sends resizes, and ends with the exit code', async () => {
    let out = ''
    let end: ExecEnd | null = null
    const handle = await openPodExec(config, { namespace: 'shop', pod: 'web-1', container: 'web', command: ['sh', '-c', 'echo hi'], tty: true }, (text) => (out += text), (e) => (end = e))
    const request = seen.at(-1)!
    expect(request.auth).toBe('Bearer the-token')
    expect(request.protocol).toBe('v5.channel.k8s.io')
    const url = new URL(request.url, 'http://x')
    expect(url.pathname).toBe('/api/v1/namespaces/shop/pods/web-1/exec')
    expect(url.searchParams.getAll('command')).toEqual(['sh', '-c', 'echo hi'])
    expect(Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'command'))).toEqual({ container: 'web', stdin: 'true', stdout: 'true', stderr: 'false', tty: 'true' })
    handle.resize(120, 40)
    handle.write('ls')
    await expect.poll(() => out).toBe('you typed ls é')
    expect(request.frames[0]).toEqual(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":120,"Height":40}')]))
    handle.write('exit 3\r')
    await expect.poll(() => end).toEqual({ exitCode: 3, message: 'the command exited with code 3' })
  })

  it('says the connection dropped when it ends without a status', async () => {
    let end: ExecEnd | null = null
    const handle = await openPodExec(config, { namespace: 'shop', pod: 'web-1', container: 'web', command: ['sh'], tty: true }, () => undefined, (e) => (end = e))
    handle.write('drop\r')
    await expect.poll(() => end).toEqual({ message: 'the connection to the API server closed abnormally (dropped)' })
  })

  it("refuses with the API server's own message", async () => {
    await expect(openPodExec(config, { namespace: 'shop', pod: 'gone', container: 'web', command: ['sh'], tty: true }, () => undefined, () => undefined)).rejects.toThrow('gone: pods "gone" not found')
  })

  it('reads the end of a command from the error channel', () => {
    expect(execEndOf('{"metadata":{},"status":"Success"}')).toEqual({ exitCode: 0, message: 'the command exited with code 0' })
    expect(execEndOf('{"status":"Failure","message":"exec: \\"bash\\": executable file not found in $PATH"}')).toEqual({ message: 'exec: "bash": executable file not found in $PATH' })
  })
})

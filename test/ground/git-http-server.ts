import { spawn } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

export interface GitHttpServer {
  /** http(s)://127.0.0.1:PORT — append `/<folder>/.git` for a repo under the root. */
  baseUrl: string
  /** Every Authorization attempt seen, as `user` or `anonymous`, with whether it passed. */
  attempts: { user: string; ok: boolean }[]
  close(): Promise<void>
}

/**
 * A private Git server on loopback: git's own http-backend (CGI) behind HTTP basic auth, as a
 * hosted Git service answers a clone over HTTP.
 */
export async function startGitHttpServer(projectRoot: string, username: string, password: string, tls?: { key: string; cert: string }): Promise<GitHttpServer> {
  const attempts: GitHttpServer['attempts'] = []
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const auth = req.headers.authorization
    const user = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':')[0]! : 'anonymous'
    const ok = auth === expected
    attempts.push({ user, ok })
    if (!ok) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private git"' })
      return void res.end('Authentication required')
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: user,
        REMOTE_ADDR: '127.0.0.1',
      },
    })
    req.pipe(cgi.stdin)
    let head = Buffer.alloc(0)
    let headersDone = false
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk)
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      headersDone = true
      let status = 200
      const headers: Record<string, string> = {}
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [name, ...rest] = line.split(':')
        const value = rest.join(':').trim()
        if (name!.toLowerCase() === 'status') status = Number(value.split(' ')[0])
        else headers[name!] = value
      }
      res.writeHead(status, headers)
      res.write(head.subarray(end + 4))
    })
    cgi.on('close', () => res.end())
  }
  const server: Server = tls ? createTlsServer(tls, handle) : createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DeskEvent, GitopsApiHandlers, MenuAction } from '../../shared/api'
import { maxApiMessageBytes } from '../../shared/limits'
import { menuActions } from '../../shared/model'
import { dispatch } from '../api/dispatch'
import type { Logger } from '../engine/base/errors'
import { harnessCsp } from './csp'
import { isAllowedHostHeader, isAllowedOrigin, isLoopbackHost, tokensEqual } from './guards'

export interface WebHarnessOptions {
  handlers: GitopsApiHandlers
  /** The built renderer (out/renderer). */
  rendererDir: string
  host?: string
  port?: number
  /** Defaults to a fresh random token. */
  token?: string
  log?: Logger
  /** The engine's event stream; each batch is pushed to every connected page as {events}. */
  subscribe?: (listener: (events: DeskEvent[]) => void) => () => void
  /**
   * The desktop menu's stand-in: `POST /menu?token=…` with `{"action": "sync"}` sends the same
   * menu event the Electron menu sends (scripts and tests press menu items this way).
   */
  menu?: (action: MenuAction, app?: string) => void
}

export interface WebHarness {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
}

/**
 * The browser harness: the built renderer and the same API as the Electron window, over a
 * WebSocket on loopback. Calls need the token from the printed URL and our Origin.
 */
export async function startWebHarness(options: WebHarnessOptions): Promise<WebHarness> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) {
    throw new Error(`The web harness only listens on loopback (127.0.0.1, ::1, localhost), not on ${host}`)
  }
  const token = options.token ?? randomBytes(24).toString('base64url')
  const rendererDir = resolve(options.rendererDir)
  let port = 0

  const server = createServer((req, res) => {
    if (!isAllowedHostHeader(req.headers.host, port)) return refuse(res, 421, 'Unexpected Host header')
    if (req.method === 'POST' && new URL(req.url ?? '/', 'http://placeholder').pathname === '/menu') return void pressMenu(req, res, token, options.menu, port)
    serveFile(rendererDir, req, res, harnessCsp(port)).catch(() => {
      if (!res.headersSent) refuse(res, 400, 'Bad request')
      else res.destroy()
    })
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxApiMessageBytes })
  const unsubscribe = options.subscribe?.((events) => {
    const message = JSON.stringify({ events })
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message)
  })

  server.on('upgrade', (req, socket, head) => {
    // A client that resets mid-handshake is its own problem, not the process's.
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://placeholder')
    const reason =
      url.pathname !== '/api'
        ? '404 Not Found'
        : !isAllowedHostHeader(req.headers.host, port)
          ? '421 Misdirected Request'
          : !isAllowedOrigin(req.headers.origin, port)
            ? '403 Forbidden'
            : !tokensEqual(url.searchParams.get('token'), token)
              ? '401 Unauthorized'
              : null
    if (reason) {
      socket.end(`HTTP/1.1 ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveApi(ws, options.handlers, options.log))
  })

  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, host, () => done())
  })
  port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe?.()
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

function serveApi(ws: WebSocket, handlers: GitopsApiHandlers, log?: Logger): void {
  // Log streams and shells this page opened stop when it goes (a reload or a closed tab never
  // calls stopLogs or closeShell); port-forwards stay (they are listed, and stop with the engine).
  const streams = new Set<string>()
  const shells = new Set<string>()
  // A protocol error (a frame over maxPayload, text that is not UTF-8, a bad opcode): ws has
  // closed this socket with the code that says why (1009, 1007, 1002); the others go on.
  ws.on('error', (error) => log?.('web harness: closed a WebSocket after a protocol error', error.message))
  ws.on('close', () => {
    for (const stream of streams) void handlers.stopLogs(stream).catch(() => undefined)
    for (const shell of shells) void handlers.closeShell(shell).catch(() => undefined)
  })
  ws.on('message', async (data) => {
    let id: unknown = null
    try {
      const request = JSON.parse(data.toString()) as { id?: unknown; method?: unknown; args?: unknown }
      id = request.id ?? null
      const reply = await dispatch(handlers, request.method, request.args, log)
      if (request.method === 'streamLogs' && reply.ok) streams.add((reply.value as { stream: string }).stream)
      if (request.method === 'openShell' && reply.ok) shells.add((reply.value as { session: string }).session)
      ws.send(JSON.stringify({ id, ...reply }))
    } catch {
      ws.send(JSON.stringify({ id, ok: false, error: { code: 'BadRequest', message: 'Malformed API message: expected JSON {id, method, args}' } }))
    }
  })
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse, csp: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed')
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://placeholder').pathname)
  const file = resolve(root, '.' + (pathname === '/' ? '/index.html' : pathname))
  if (file !== root && !file.startsWith(root + sep)) return refuse(res, 404, 'Not found')
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return refuse(res, 404, 'Not found')
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(file).pipe(res)
}

async function pressMenu(req: IncomingMessage, res: ServerResponse, token: string, menu: WebHarnessOptions['menu'], port: number): Promise<void> {
  if (!menu) return refuse(res, 404, 'Not found')
  // A page may not press it on the user's behalf unless it is ours.
  if (req.headers.origin !== undefined && !isAllowedOrigin(req.headers.origin, port)) return refuse(res, 403, 'Forbidden')
  if (!tokensEqual(new URL(req.url ?? '/', 'http://placeholder').searchParams.get('token'), token)) return refuse(res, 401, 'Unauthorized')
  let body = ''
  for await (const chunk of req) {
    body += String(chunk)
    if (body.length > 4096) return refuse(res, 413, 'Too large')
  }
  let request: { action?: unknown; app?: unknown }
  try {
    request = JSON.parse(body) as typeof request
  } catch {
    return refuse(res, 400, 'Expected JSON {"action": ..., "app"?: ...}')
  }
  const action = menuActions.find((a) => a === request.action)
  if (!action || (request.app !== undefined && typeof request.app !== 'string')) return refuse(res, 400, `action must be one of ${menuActions.join(', ')}`)
  menu(action, request.app as string | undefined)
  res.writeHead(204)
  res.end()
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(message)
}

import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseNotificationsConfig } from './config'
import { closeNotifyWorkers } from './go-notify'
import { notificationsCatalog } from './manifests'
import { sendThrough } from './senders'
import { sendMail } from './smtp'
import { formatNotification, type RenderedNotification } from './templates'

// Each service as the laptop speaks it, to a server on 127.0.0.1: Slack's Web API (apiURL), a
// Teams incoming webhook, and SMTP (a minimal server in Node that records the mail it is given).
const requests: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = []
let http: Server
let smtp: TcpServer
let base = ''
let smtpPort = 0
const mails: string[] = []

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      if (req.url === '/trickle') {
        // An answer that never ends, one byte at a time: no single silence is long.
        res.writeHead(200)
        const drip = setInterval(() => res.write('.'), 500)
        res.on('close', () => clearInterval(drip))
        return
      }
      if (req.url?.startsWith('/echo')) res.writeHead(500).end(`bad request: ${JSON.stringify(req.headers)}`)
      else if (req.url === '/api/chat.postMessage') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }))
      else res.writeHead(200).end('1')
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`
  smtp = createTcpServer((socket) => {
    let data = false
    let mail = ''
    let buffer = ''
    socket.write('220 localhost ESMTP test\r\n')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      let end: number
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (data) {
          if (line === '.') {
            data = false
            mails.push(mail)
            socket.write('250 OK queued\r\n')
          } else mail += `${line}\n`
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250-localhost\r\n250 8BITMIME\r\n')
        else if (/^DATA/i.test(line)) {
          data = true
          socket.write('354 go ahead\r\n')
        }
        else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n')
        else socket.write('250 OK\r\n')
      }
    })
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  smtpPort = (smtp.address() as { port: number }).port
})
afterAll(async () => {
  await closeNotifyWorkers()
  await new Promise<void>((resolve) => http.close(() => resolve()))
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

const app = {
  metadata: { name: 'shop', namespace: 'argocd' },
  spec: { source: { repoURL: 'https://github.com/example/shop.git', path: 'deploy' } },
  status: { sync: { status: 'Synced', revision: 'abc123' }, health: { status: 'Healthy' }, operationState: { phase: 'Succeeded', finishedAt: '2026-12-01T10:00:00Z', syncResult: { revision: 'abc123' } } },
}
const rendered = (service: string) => formatNotification(notificationsCatalog().config, ['app-sync-succeeded'], { app, context: { argocdUrl: 'https://argocd.example.com' }, serviceType: service })

describe('delivery to each service', () => {
  it("Slack: chat.postMessage to the channel with the token, the message and the template's attachments", async () => {
    const config = parseNotificationsConfig({ 'service.slack': `token: xoxb-test\napiURL: ${base}/api/` }, 'cm')
    await sendThrough(config.services.slack!, config.services.slack!.options, { service: 'slack', recipient: 'deploys' }, await rendered('slack'), sendMail)
    const request = requests.find((r) => r.url === '/api/chat.postMessage')!
    expect(request.headers.authorization).toBe('Bearer xoxb-test')
    const body = JSON.parse(request.body)
    expect(body).toMatchObject({ channel: 'deploys', text: expect.stringContaining(':white_check_mark: Application shop has been successfully synced') })
    expect(body.attachments[0]).toMatchObject({ title: 'shop', color: '#18be52' })
  })

  it('Teams: a MessageCard to the recipient’s incoming webhook, with facts and actions', async () => {
    const config = parseNotificationsConfig({ 'service.teams': `recipientUrls:\n  ops: ${base}/teams/ops` }, 'cm')
    await sendThrough(config.services.teams!, config.services.teams!.options, { service: 'teams', recipient: 'ops' }, await rendered('teams'), sendMail)
    const card = JSON.parse(requests.find((r) => r.url === '/teams/ops')!.body)
    expect(card).toMatchObject({ '@type': 'MessageCard', title: 'Application shop has been successfully synced', themeColor: '#000080' })
    expect(card.sections[0].facts[0]).toEqual({ name: 'Sync Status', value: 'Synced' })
    await expect(sendThrough(config.services.teams!, config.services.teams!.options, { service: 'teams', recipient: 'nobody' }, await rendered('teams'), sendMail)).rejects.toThrow('no teams webhook configured for recipient nobody')
  })

  it("webhook: the headers notifications-engine sends: only the configured ones (no Content-Type of its own) and Go's User-Agent, unless configured", async () => {
    const call = { message: 'shop synced', webhook: { hook: { method: 'POST', path: '/plain', body: '{"app":"shop"}' } } }
    const plain = parseNotificationsConfig({ 'service.webhook.hook': `url: ${base}/hooks` }, 'cm')
    await sendThrough(plain.services.hook!, plain.services.hook!.options, { service: 'hook', recipient: '' }, call, sendMail)
    const sent = requests.find((r) => r.url === '/hooks/plain')!
    expect(sent.body).toBe('{"app":"shop"}')
    expect(sent.headers['content-type']).toBeUndefined()
    expect(sent.headers['user-agent']).toBe('Go-http-client/1.1')

    const configured = parseNotificationsConfig({ 'service.webhook.hook': `url: ${base}/hooks\nheaders:\n- name: content-type\n  value: text/html\n- name: Content-Type\n  value: application/json\n- name: User-Agent\n  value: shop-bot` }, 'cm')
    await sendThrough(configured.services.hook!, configured.services.hook!.options, { service: 'hook', recipient: '' }, { ...call, webhook: { hook: { ...call.webhook.hook, path: '/json' } } }, sendMail)
    const json = requests.find((r) => r.url === '/hooks/json')!
    expect(json.headers['content-type']).toBe('application/json') // the last one set wins, as Go's Header.Set
    expect(json.headers['user-agent']).toBe('shop-bot')
  })

  it('webhook without a call of its own: a GET of the url with the message as its body, as notifications-engine sends it; a refusal names the code', async () => {
    const config = parseNotificationsConfig({ 'service.webhook.ping': `url: ${base}/ping` }, 'cm')
    await sendThrough(config.services.ping!, config.services.ping!.options, { service: 'ping', recipient: '' }, { message: 'shop synced ✓' }, sendMail)
    const sent = requests.find((r) => r.url === '/ping')!
    expect([sent.method, sent.body, sent.headers['content-length']]).toEqual(['GET', 'shop synced ✓', String(Buffer.byteLength('shop synced ✓'))])
    expect(Object.keys(sent.headers).sort()).toEqual(['connection', 'content-length', 'host', 'user-agent'])
    const head = { message: '', webhook: { ping: { method: 'HEAD', path: '/head', body: '' } } }
    await sendThrough(config.services.ping!, config.services.ping!.options, { service: 'ping', recipient: '' }, head, sendMail)
    expect(requests.find((r) => r.url === '/ping/head')).toMatchObject({ method: 'HEAD', body: '' })
    const refused = parseNotificationsConfig({ 'service.webhook.gone': `url: ${base.replace(/:\d+$/, ':1')}/gone` }, 'cm')
    await expect(sendThrough(refused.services.gone!, refused.services.gone!.options, { service: 'gone', recipient: '' }, { message: 'x' }, sendMail)).rejects.toThrow(/request to GET http:\/\/127\.0\.0\.1:1\/gone: ECONNREFUSED/)
  })

  it('webhook with hostile settings: a header with a line break is refused naming the header (never its value, a secret), a bad method is refused, a password in the url is not shown', async () => {
    const send = (yaml: string, message: RenderedNotification) => {
      const config = parseNotificationsConfig({ 'service.webhook.bad': yaml }, 'cm')
      return sendThrough(config.services.bad!, config.services.bad!.options, { service: 'bad', recipient: '' }, message, sendMail)
    }
    const before = requests.length
    const injected = send(`url: ${base}/bad\nheaders:\n- name: X-Token\n  value: "tok-S3cret\\r\\nX-Injected: 1"`, { message: 'x' })
    await expect(injected).rejects.toMatchObject({ code: 'Invalid', message: expect.stringContaining('invalid header field "X-Token"') })
    await expect(injected).rejects.not.toThrow(/S3cret/)
    await expect(send(`url: ${base}/bad`, { message: '', webhook: { bad: { method: 'GE T', path: '', body: '' } } })).rejects.toMatchObject({ code: 'Unavailable', message: expect.stringContaining('invalid method "GE T"') })
    const withPassword = send('url: http://alice:pw-S3cret@127.0.0.1:1/x', { message: 'x' })
    await expect(withPassword).rejects.toThrow('request to GET http://alice:xxxxx@127.0.0.1:1/x: ECONNREFUSED')
    await expect(withPassword).rejects.not.toThrow(/S3cret/)
    expect(requests.length).toBe(before) // nothing was sent
  })

  it('webhook refused by a receiver that echoes the request: its answer is quoted without the credentials that were sent', async () => {
    const config = parseNotificationsConfig({ 'service.webhook.echo': `url: ${base}/echo\nheaders:\n- name: X-Token\n  value: tok-s3cret-value\nbasicAuth:\n  username: alice\n  password: pa55-word-xyz` }, 'cm')
    const failure = await sendThrough(config.services.echo!, config.services.echo!.options, { service: 'echo', recipient: '' }, { message: 'x' }, sendMail).then(() => null, (e: Error) => e.message)
    expect(failure).toMatch(/has failed with error code 500 : bad request: .*"x-token":"\*{6}"/)
    for (const secret of ['tok-s3cret-value', 'pa55-word-xyz', Buffer.from('alice:pa55-word-xyz').toString('base64')]) expect(failure).not.toContain(secret)
  })

  it('webhook to a server that never finishes its answer fails with a timeout instead of waiting for ever', async () => {
    const config = parseNotificationsConfig({ 'service.webhook.slow': `url: ${base}/trickle` }, 'cm')
    await expect(sendThrough(config.services.slow!, config.services.slow!.options, { service: 'slow', recipient: '' }, { message: 'x' }, sendMail)).rejects.toThrow(`request to GET ${base}/trickle: ETIMEDOUT`)
  }, 60_000)

  it('email: over SMTP with the subject and the message', async () => {
    const config = parseNotificationsConfig({ 'service.email': `host: 127.0.0.1\nport: ${smtpPort}\nfrom: desk@example.com` }, 'cm')
    await sendThrough(config.services.email!, config.services.email!.options, { service: 'email', recipient: 'team@example.com' }, await rendered('email'), sendMail)
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatch(/^Subject: Application shop has been successfully synced\.$/m)
    expect(mails[0]).toMatch(/^To: team@example.com$/m)
    expect(mails[0]).toContain('Application shop has been successfully synced at 2026-12-01T10:00:00Z')
  })
})

import { request as httpRequest, validateHeaderName, validateHeaderValue } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { UserError } from '../base/errors'
import type { NotificationService } from './config'
import type { Destination } from './subscriptions'
import type { RenderedNotification } from './templates'

/** Sends an email over SMTP (a lifecycle-free function the delivery is given; see smtp.ts). */
export type MailSender = (options: { host: string; port: number; secure: boolean; insecureSkipVerify: boolean; username?: string; password?: string }, mail: { from: string; to: string[]; subject: string; text: string; html: boolean }) => Promise<void>

/** How long one request may take before it counts as failed (and is retried). */
const requestTimeoutMs = 15_000

/**
 * The User-Agent Argo CD's notifications controller sends (Go's HTTP client default), unless a
 * service's headers set another: a receiver that filters or logs by it sees the same sender.
 */
const goUserAgent = 'Go-http-client/1.1'

async function post(url: string, init: { method?: string; headers?: Headers | Record<string, string>; body?: string }, what: string): Promise<Response> {
  const headers = new Headers(init.headers)
  if (!headers.has('User-Agent')) headers.set('User-Agent', goUserAgent)
  let response: Response
  try {
    // The body as bytes: fetch adds `Content-Type: text/plain` to a string body, Go's client adds none.
    response = await fetch(url, { method: init.method ?? 'POST', headers, body: init.body === undefined ? undefined : Buffer.from(init.body, 'utf8'), redirect: 'error', signal: AbortSignal.timeout(requestTimeoutMs) })
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    throw new UserError('Unavailable', `${what}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, 'notifications')
  }
  return response
}

async function failUnlessOk(response: { status: number; text(): Promise<string> }, what: string, sent: readonly string[] = []): Promise<void> {
  // What was sent that may be a credential (a header's value, the basic auth) is not quoted back
  // when a receiver echoes the request in its error page.
  const text = sent.filter((value) => value.length >= 4).reduce((answer, value) => answer.split(value).join('******'), await response.text()).slice(0, 500)
  if (response.status < 200 || response.status > 299) throw new UserError('Unavailable', `${what} has failed with error code ${response.status} : ${text}`, 'notifications')
}

/**
 * A request as Go's client sends it, for the webhook: a GET or HEAD carries its body too
 * (notifications-engine GETs the url with the message as the body; fetch refuses a body there),
 * and only the headers given (no Accept, Accept-Language or Sec-Fetch-Mode of fetch's own). A
 * redirect is an answer, not followed, as with the other services.
 */
function goRequest(url: string, init: { method: string; headers: Headers; body: string }, what: string): Promise<{ status: number; text(): Promise<string> }> {
  const failed = (reason: string) => new UserError('Unavailable', `${what}: ${reason}`, 'notifications')
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return Promise.reject(failed('not a valid URL'))
  }
  const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined
  if (!send) return Promise.reject(failed(`${target.protocol} is not http: or https:`))
  // Go's NewRequest refuses a method that is not a token; Node would throw a bare TypeError.
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(init.method)) return Promise.reject(failed(`invalid method ${JSON.stringify(init.method)}`))
  const body = Buffer.from(init.body, 'utf8')
  const headers: Record<string, string> = Object.fromEntries(init.headers)
  if (!init.headers.has('User-Agent')) headers['user-agent'] = goUserAgent
  if (body.length > 0) headers['content-length'] = String(body.length)
  return new Promise((resolve, reject) => {
    // The whole exchange is bounded, not only each silence: a server trickling its answer a byte
    // at a time would otherwise hold the delivery for ever.
    const deadline = setTimeout(() => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), requestTimeoutMs)
    const settle = () => clearTimeout(deadline)
    const request = send(target, { method: init.method, headers, timeout: requestTimeoutMs }, (response) => {
      // Only the start of the answer is kept (an error message quotes 500 characters of it).
      const kept: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if (size < 4096) kept.push(chunk)
        size += chunk.length
      })
      response.on('end', () => {
        settle()
        resolve({ status: response.statusCode ?? 0, text: async () => Buffer.concat(kept).toString('utf8') })
      })
      response.on('error', (error: NodeJS.ErrnoException) => {
        settle()
        reject(failed(error.code === 'ETIMEDOUT' ? error.code : error.message))
      })
    })
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })))
    request.on('error', (error: NodeJS.ErrnoException) => {
      settle()
      reject(failed(error.code ?? error.message))
    })
    request.end(body.length > 0 ? body : undefined)
  })
}

/** A URL as Go's URL.Redacted() prints it: a password in it replaced by `xxxxx`. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (!parsed.password) return url
    parsed.password = 'xxxxx'
    return parsed.toString()
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:xxxxx@')
  }
}

/** notifications-engine's webhook: GET the url with the message, unless the template has a call for this service (method, path, body). */
async function sendWebhook(options: Record<string, unknown>, service: string, notification: RenderedNotification): Promise<void> {
  const call = notification.webhook?.[service]
  let url = String(options.url)
  if (call?.path) url = `${url.replace(/\/+$/, '')}/${call.path.replace(/^\/+/, '')}`
  const method = call?.method || 'GET'
  // Only the configured headers, set as Go's Header.Set does (names case-insensitive, the last one wins).
  const what = `request to ${method} ${redactedUrl(url)}`
  const headers = new Headers()
  for (const header of (options.headers ?? []) as { name: string; value: string }[]) {
    // Refused as Go's transport refuses it, naming the header, never quoting its value (it may be a secret).
    try {
      validateHeaderName(header.name)
      validateHeaderValue(header.name, header.value)
    } catch {
      throw new UserError('Invalid', `${what}: invalid header field ${JSON.stringify(header.name).slice(0, 80)} (a name or value with a line break or control character)`, 'notifications')
    }
    headers.set(header.name, header.value)
  }
  const auth = options.basicAuth as { username: string; password: string } | undefined
  if (auth) headers.set('Authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`)
  const body = call ? call.body : (notification.message ?? '')
  const sent = [...headers.values()].flatMap((value) => [value, value.replace(/^Basic /, '')])
  if (auth) sent.push(auth.password)
  await failUnlessOk(await goRequest(url, { method, headers, body }, what), what, sent)
}

/** Slack's chat.postMessage (the Web API the token is for), to each recipient channel. */
async function sendSlack(options: Record<string, unknown>, destination: Destination, notification: RenderedNotification): Promise<void> {
  const api = String(options.apiURL || 'https://slack.com/api/')
  const url = `${api.replace(/\/+$/, '')}/chat.postMessage`
  const slack = notification.slack ?? {}
  const parse = (text: unknown) => (typeof text === 'string' && text.trim() ? (JSON.parse(text) as unknown) : undefined)
  let attachments: unknown
  let blocks: unknown
  try {
    attachments = parse(slack.attachments)
    blocks = parse(slack.blocks)
  } catch (error) {
    throw new UserError('Invalid', `slack: the template's attachments or blocks are not JSON (${(error as Error).message})`, 'notifications')
  }
  const body = { channel: destination.recipient, text: notification.message ?? '', username: slack.username ?? options.username, icon_emoji: slack.icon ?? options.icon, attachments, blocks, unfurl_links: options.disableUnfurl ? false : undefined }
  const what = `slack chat.postMessage to ${destination.recipient}`
  const response = await post(url, { headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${String(options.token)}` }, body: JSON.stringify(body) }, what)
  const text = await response.text()
  if (response.status !== 200) throw new UserError('Unavailable', `${what} has failed with error code ${response.status}`, 'notifications')
  const answer = JSON.parse(text || '{}') as { ok?: boolean; error?: string }
  if (!answer.ok) throw new UserError('Unavailable', `${what}: ${answer.error ?? 'not ok'}`, 'notifications')
}

/** A Microsoft Teams incoming webhook (a MessageCard), the recipient's URL from recipientUrls. */
async function sendTeams(options: Record<string, unknown>, destination: Destination, notification: RenderedNotification): Promise<void> {
  const url = (options.recipientUrls as Record<string, string>)[destination.recipient]
  if (!url) throw new UserError('Invalid', `no teams webhook configured for recipient ${destination.recipient}`, 'notifications')
  const teams = notification.teams ?? {}
  const json = (field: string) => {
    const text = teams[field]
    if (!text?.trim()) return undefined
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new UserError('Invalid', `teams: the template's ${field} is not JSON`, 'notifications')
    }
  }
  const card = { '@type': 'MessageCard', '@context': 'https://schema.org/extensions', text: teams.text || notification.message || '', title: teams.title, summary: teams.summary || teams.title, themeColor: teams.themeColor, sections: json('sections') ?? (json('facts') ? [{ facts: json('facts') }] : undefined), potentialAction: json('potentialAction') }
  const what = 'teams webhook post'
  const response = await post(url, { headers: { 'Content-Type': 'application/json' }, body: teams.template || JSON.stringify(card) }, what)
  const text = await response.text()
  if (response.status < 200 || response.status > 299 || (text !== '1' && text !== '')) throw new UserError('Unavailable', `teams webhook post error: ${response.status} ${text.slice(0, 200)}`, 'notifications')
}

/** Sends a rendered notification through a configured service (its options' `$key`s already resolved). */
export async function sendThrough(service: NotificationService, options: Record<string, unknown>, destination: Destination, notification: RenderedNotification, mail: MailSender): Promise<void> {
  switch (service.type) {
    case 'webhook':
      return sendWebhook(options, destination.service, notification)
    case 'slack':
      return sendSlack(options, destination, notification)
    case 'teams':
      return sendTeams(options, destination, notification)
    case 'email': {
      const port = Number(options.port)
      return mail(
        { host: String(options.host), port, secure: port === 465, insecureSkipVerify: options.insecure_skip_verify === true, username: options.username as string | undefined, password: options.password as string | undefined },
        { from: String(options.from), to: destination.recipient.split(',').map((r) => r.trim()).filter(Boolean), subject: notification.email?.subject ?? '', text: notification.email?.body || notification.message || '', html: options.html === true },
      )
    }
  }
}

import { request as httpRequest } from 'node:http'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import { UserError } from '../base/errors'

export interface HttpCredentials {
  username?: string
  password?: string
  /** PEM of a CA to trust for this server. */
  caData?: string
  insecure?: boolean
  /** Send the credentials to another host a redirect leads to (Helm's --pass-credentials). */
  passCredentials?: boolean
  /** A bearer token (an OCI registry's) instead of basic auth. */
  bearer?: string
}

/** An HTTP refusal, with the server's WWW-Authenticate challenge when it sent one. */
export class HttpError extends UserError {
  challenge?: string
}

const statusHint: Record<number, string> = { 401: 'the credentials were refused (wrong username or password?)', 403: 'access denied', 404: 'not found' }

/**
 * A GET that follows redirects (a chart repository on GitHub Pages points elsewhere), with basic
 * auth and a private CA. Credentials go only to the host asked for unless passCredentials says
 * otherwise, as Helm does. Errors name the URL and the reason, never a secret.
 */
export async function httpGet(url: string, credentials: HttpCredentials = {}, options: { maxBytes?: number; timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<Buffer> {
  let firstHost: string
  try {
    firstHost = new URL(url).host
  } catch {
    throw new UserError('Invalid', `${url} is not a URL (a chart repository needs https://…; an OCI registry oci://…)`, url)
  }
  let current = url
  for (let hop = 0; hop < 6; hop++) {
    const target = new URL(current)
    const sendAuth = (!!credentials.username || !!credentials.bearer) && (target.host === firstHost || !!credentials.passCredentials)
    const { username: _u, password: _p, bearer: _b, ...anonymous } = credentials
    const result = await getOnce(target, sendAuth ? credentials : anonymous, options)
    if ('redirect' in result) {
      current = new URL(result.redirect, target).toString()
      continue
    }
    return result.body
  }
  throw new UserError('Unavailable', `cannot fetch ${url}: too many redirects`, url)
}

function getOnce(url: URL, credentials: HttpCredentials, options: { maxBytes?: number; timeoutMs?: number; headers?: Record<string, string> }): Promise<{ body: Buffer } | { redirect: string }> {
  const where = `${url.origin}${url.pathname}`
  return new Promise((resolve, reject) => {
    const requestOptions: RequestOptions = {
      method: 'GET',
      timeout: options.timeoutMs ?? 60_000,
      headers: { 'user-agent': 'gitops-desk', ...options.headers, ...(credentials.bearer ? { authorization: `Bearer ${credentials.bearer}` } : credentials.username ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}` } : {}) },
      ...(url.protocol === 'https:' ? { ...(credentials.caData ? { ca: credentials.caData } : {}), rejectUnauthorized: !credentials.insecure } : {}),
    }
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null
    if (!send) return reject(new UserError('Invalid', `unsupported URL scheme ${url.protocol} (http or https)`, where))
    const req = send(url, requestOptions, (res) => {
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume()
        return resolve({ redirect: res.headers.location })
      }
      if (status !== 200) {
        res.resume()
        const refusal = new HttpError(status === 401 || status === 403 ? 'Forbidden' : status === 404 ? 'NotFound' : 'Unavailable', `cannot fetch ${where}: HTTP ${status}${statusHint[status] ? ` (${statusHint[status]})` : ''}`, where)
        const challenge = res.headers['www-authenticate']
        if (challenge) refusal.challenge = challenge
        return reject(refusal)
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (options.maxBytes && size > options.maxBytes) {
          req.destroy()
          reject(new UserError('Invalid', `cannot fetch ${where}: larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`, where))
        } else chunks.push(chunk)
      })
      res.on('end', () => resolve({ body: Buffer.concat(chunks) }))
      res.on('error', (error) => reject(new UserError('Unavailable', `cannot fetch ${where}: ${error.message}`, where)))
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', (error: NodeJS.ErrnoException) => {
      const tls = /certificate|self.signed|unable to verify/i.test(error.message)
      reject(new UserError('Unavailable', `cannot fetch ${where}: ${error.message}${tls ? ' (the server certificate is not trusted: add its CA to the repository, or --insecure)' : ''}`, where))
    })
    req.end()
  })
}

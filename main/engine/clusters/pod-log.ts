import type { IncomingMessage } from 'node:http'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'

/** One container of one pod (the clusters layer owns it; resources/log-streams streams it). */
export interface LogTarget {
  namespace: string
  pod: string
  container: string
}

export interface LogOpenOptions {
  follow: boolean
  previous: boolean
  tailLines: number
}

/**
 * One container's log through the API server (GET pods/log with timestamps, as kubectl logs),
 * split into lines: a line cut between two chunks is joined, the last partial one given at the
 * end. client-node's Log neither reports the end of a stream nor the server's reason for a
 * refusal ("previous terminated container not found"), so this asks with the kubeconfig's own
 * credentials and agent.
 */
export async function openPodLog(config: KubeConfig, target: LogTarget, options: LogOpenOptions, onLine: (line: string) => void, onEnd: (error?: unknown) => void): Promise<() => void> {
  const server = config.getCurrentCluster()?.server
  if (!server) throw new Error('the context has no API server')
  const url = new URL(`${server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log`)
  url.searchParams.set('container', target.container)
  url.searchParams.set('timestamps', 'true')
  url.searchParams.set('tailLines', String(options.tailLines))
  if (options.follow) url.searchParams.set('follow', 'true')
  if (options.previous) url.searchParams.set('previous', 'true')
  const requestOptions: RequestOptions = { method: 'GET', headers: {} }
  await config.applyToHTTPSOptions(requestOptions)
  const response = await new Promise<{ res: IncomingMessage; close: () => void }>((resolve, reject) => {
    const req = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, requestOptions, (res) => resolve({ res, close: () => req.destroy() }))
    req.on('error', reject)
    req.end()
  })
  const { res } = response
  if (res.statusCode !== 200) {
    const body = await readAll(res)
    let message = body.trim() || `HTTP ${res.statusCode}`
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message
    } catch {
      /* not a Status body */
    }
    response.close()
    throw new Error(`${target.pod}/${target.container}: ${message}`)
  }
  let rest = ''
  let ended = false
  const end = (error?: unknown) => {
    if (ended) return
    ended = true
    if (rest) onLine(rest)
    rest = ''
    onEnd(error)
  }
  res.setEncoding('utf8')
  res.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) onLine(line.endsWith('\r') ? line.slice(0, -1) : line)
  })
  res.on('end', () => end())
  res.on('error', (error) => end(error))
  return () => {
    ended = true
    response.close()
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    res.setEncoding('utf8')
    res.on('data', (c: string) => (text += c.length + text.length < 100_000 ? c : ''))
    res.on('end', () => resolve(text))
    res.on('error', () => resolve(text))
  })
}

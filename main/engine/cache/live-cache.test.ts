import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ClusterClient } from '../clusters/cluster-client'
import { LiveCache } from './live-cache'

/** A promise settled from outside (a request the test decides when to answer). */
function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Whether a promise has settled after everything queued now has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(
    () => (done = true),
    () => (done = true),
  )
  await new Promise((r) => setImmediate(r))
  return done
}

const configMaps = { apiVersion: 'v1', kind: 'ConfigMap' }
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: name, resourceVersion: '1' } })

/** An API server's watch endpoint (a real HTTP server): the test holds or ends each watch request. */
async function watchServer() {
  const requests: { req: IncomingMessage; res: ServerResponse; closed: Promise<void> }[] = []
  let holdHeaders: Promise<void> | undefined
  const server = createServer((req, res) => {
    const closed = new Promise<void>((r) => res.on('close', () => r()))
    requests.push({ req, res, closed })
    void (holdHeaders ?? Promise.resolve()).then(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const config = new KubeConfig()
  const server_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  config.loadFromOptions({ clusters: [{ name: 'c', server: server_, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'c', user: 'u' }], currentContext: 'c' })
  return {
    config,
    requests,
    hold: (until: Promise<void>) => (holdHeaders = until),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  }
}

function fakeClient(overrides: Partial<Pick<ClusterClient, 'resourceInfo' | 'list'>> = {}) {
  const calls = { resourceInfo: 0, list: 0 }
  const client = {
    resourceInfo: async (...args: Parameters<ClusterClient['resourceInfo']>) => {
      calls.resourceInfo++
      return overrides.resourceInfo ? overrides.resourceInfo(...args) : { plural: 'configmaps', namespaced: true }
    },
    list: async (...args: Parameters<ClusterClient['list']>) => {
      calls.list++
      return overrides.list ? overrides.list(...args) : { items: [configMap('one')], metadata: { resourceVersion: '5' } }
    },
  } as unknown as ClusterClient
  return { client, calls }
}

describe('live cache lifecycle', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  it('stop while discovery is pending waits for it, and no list or watch starts afterwards', async () => {
    const server = await watchServer()
    cleanups.push(server.close)
    const discovery = deferred<{ plural: string; namespaced: boolean } | null>()
    const { client, calls } = fakeClient({ resourceInfo: () => discovery.promise })
    const cache = new LiveCache(client, server.config)
    const watching = cache.ensureWatching([configMaps])
    const stopping = cache.stop()
    expect(cache.closed).toBe(true)
    expect(await settled(stopping)).toBe(false)
    discovery.resolve({ plural: 'configmaps', namespaced: true })
    await stopping
    await watching
    expect(calls.list).toBe(0)
    expect(cache.watchCalls).toBe(0)
    expect(server.requests).toHaveLength(0)
  })

  it('stop while the first list is in flight waits for it; no watch request is made', async () => {
    const server = await watchServer()
    cleanups.push(server.close)
    const listed = deferred<{ items: never[]; metadata: { resourceVersion: string } }>()
    const { client } = fakeClient({ list: () => listed.promise })
    const cache = new LiveCache(client, server.config)
    const watching = cache.ensureWatching([configMaps])
    await vi.waitFor(() => expect(cache.listCalls).toBe(1))
    const stopping = cache.stop()
    expect(await settled(stopping)).toBe(false)
    listed.resolve({ items: [], metadata: { resourceVersion: '5' } })
    await stopping
    await watching
    expect(cache.watchCalls).toBe(0)
    expect(server.requests).toHaveLength(0)
  })

  it('stop closes the open watch; after stop, nothing is watched, listed or retried', async () => {
    const server = await watchServer()
    cleanups.push(server.close)
    const { client, calls } = fakeClient()
    const cache = new LiveCache(client, server.config)
    const heard: string[] = []
    cache.onChange((obj) => heard.push(obj.metadata.name ?? ''))
    await cache.ensureWatching([configMaps])
    expect(cache.get('/ConfigMap/default/one')?.metadata.name).toBe('one')
    // The first list fills the cache without events, and says so (a re-diff then looks at every tracked object).
    expect(heard).toEqual([])
    expect(cache.quietFills).toBe(1)
    await vi.waitFor(() => expect(server.requests).toHaveLength(1))
    await cache.stop()
    await server.requests[0]!.closed
    await cache.ensureWatching([{ apiVersion: 'v1', kind: 'Secret' }])
    await cache.retryNow()
    expect(calls).toEqual({ resourceInfo: 1, list: 1 })
    expect(server.requests).toHaveLength(1)
    // What it had stays readable.
    expect(cache.get('/ConfigMap/default/one')?.metadata.name).toBe('one')
  })

  it('a watch the server ended is resumed; stop during that resume waits for it and closes the new watch', async () => {
    const server = await watchServer()
    cleanups.push(server.close)
    const { client } = fakeClient()
    const cache = new LiveCache(client, server.config)
    await cache.ensureWatching([configMaps])
    await vi.waitFor(() => expect(server.requests).toHaveLength(1))
    const answer = deferred<void>()
    server.hold(answer.promise)
    server.requests[0]!.res.end()
    await vi.waitFor(() => expect(server.requests).toHaveLength(2))
    const stopping = cache.stop()
    expect(await settled(stopping)).toBe(false)
    answer.resolve()
    await stopping
    await server.requests[1]!.closed
    expect(server.requests).toHaveLength(2)
  })
})

import { describe, expect, it } from 'vitest'
import { DiscoveryCache } from './discovery'

/** A cluster whose `/openapi/v3` answers are released by the test, one by one. */
function schemaServer() {
  const pending: ((hashes: Record<string, string>) => void)[] = []
  let asked = 0
  const clusters = {
    runtime: () => ({ readSchemaHashes: () => (asked++, new Promise<Record<string, string>>((resolve) => pending.push(resolve))) }),
    contexts: { configFor: () => ({}) },
    oneShotConfig: () => ({}),
    loadContexts: async () => ({ resolve: () => 'ctx' }),
  } as unknown as ConstructorParameters<typeof DiscoveryCache>[0]
  return { clusters, pending, asked: () => asked }
}

describe('schema hashes', () => {
  it('the first call waits for the answer; later ones get the last answer at once while a newer one is asked for', async () => {
    const server = schemaServer()
    const discovery = new DiscoveryCache(server.clusters)
    const first = discovery.schemaHashes('ctx', 0)
    expect(server.asked()).toBe(1)
    server.pending[0]!({ 'api/v1': 'A' })
    expect(await first).toEqual({ 'api/v1': 'A' })
    // Older than maxAge (0 ms): asked again, but answered with the last hashes without waiting.
    const second = await discovery.schemaHashes('ctx', 0)
    expect(second).toEqual({ 'api/v1': 'A' })
    expect(server.asked()).toBe(2)
    server.pending[1]!({ 'api/v1': 'B' })
    await new Promise((resolve) => setImmediate(resolve)) // the answer's callbacks run
    expect(await discovery.schemaHashes('ctx', 60_000)).toEqual({ 'api/v1': 'B' })
    expect(server.asked()).toBe(2)
  })
})

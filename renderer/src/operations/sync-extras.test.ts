import { describe, expect, it } from 'vitest'
import { SyncIntent } from '../../../shared/schemas'
import { extrasIntent, extrasProblem, initialExtras, syncOptionsOf } from './sync-extras'

describe("the sync panel's options", () => {
  it("start from the app's sync options and send only what the user changed", () => {
    const app = ['CreateNamespace=true', 'ServerSideApply=false']
    const start = initialExtras(app)
    expect(start.options).toMatchObject({ CreateNamespace: true, ServerSideApply: false, PruneLast: false, Validate: false })
    expect(extrasIntent(start, app)).toEqual({})
    const changed = { ...start, options: { ...start.options, PruneLast: true, CreateNamespace: false, Validate: true }, propagation: 'background' as const }
    const intent = extrasIntent(changed, app)
    expect(intent).toEqual({ syncOptions: ['PruneLast=true', 'Validate=false', 'CreateNamespace=false', 'PrunePropagationPolicy=background'] })
    expect(SyncIntent.safeParse(intent).success).toBe(true)
  })

  it('send a retry and a revision the engine accepts; bad fields are named', () => {
    const extras = { ...initialExtras([]), retry: { on: true, limit: '3', duration: '10s', factor: '2', maxDuration: '1h30m' }, revision: ' v1.2 ' }
    expect(extrasProblem(extras)).toBeNull()
    const intent = extrasIntent(extras, [])
    expect(intent).toEqual({ retry: { limit: 3, backoff: { duration: '10s', factor: 2, maxDuration: '1h30m' } }, revision: 'v1.2' })
    expect(SyncIntent.safeParse(intent).success).toBe(true)
    expect(extrasProblem({ ...extras, retry: { ...extras.retry, duration: '10 seconds' } })).toBe('Backoff duration: a duration like 5s, 3m or 1h30m')
    expect(extrasProblem({ ...extras, retry: { ...extras.retry, limit: 'x' } })).toMatch(/^Retry limit/)
    expect(SyncIntent.safeParse({ retry: { limit: 1, backoff: { duration: '10 seconds' } } }).success).toBe(false)
    expect(SyncIntent.safeParse({ syncOptions: ['PruneLast'] }).success).toBe(false)
  })

  it("reads the app's syncOptions from its YAML", () => {
    expect(syncOptionsOf('spec:\n  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n')).toEqual(['CreateNamespace=true'])
    expect(syncOptionsOf('spec: {}')).toEqual([])
    expect(syncOptionsOf('spec: [')).toEqual([])
  })
})

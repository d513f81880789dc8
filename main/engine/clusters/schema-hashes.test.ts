import { describe, expect, it } from 'vitest'
import { schemaHashesOf, schemaPathOf } from './schema-hashes'

describe("the API server's schema hashes", () => {
  it('are read per group version from /openapi/v3, and an object finds its own by apiVersion', () => {
    const hashes = schemaHashesOf({ paths: { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=ABC' }, 'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=DEF&x=1' }, 'apis/odd/v1': { serverRelativeURL: '/openapi/v3/apis/odd/v1' }, version: {} } })
    expect(hashes[schemaPathOf('v1')]).toBe('ABC')
    expect(hashes[schemaPathOf('apps/v1')]).toBe('DEF')
    // Without a hash, the URL itself stands for the schema; an entry without a URL is empty.
    expect(hashes[schemaPathOf('odd/v1')]).toBe('/openapi/v3/apis/odd/v1')
    expect(hashes.version).toBe('')
    expect(schemaHashesOf(null)).toEqual({})
  })
})

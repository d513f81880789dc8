import { describe, expect, it } from 'vitest'
import { localSchemaRef } from './helm-schema'

describe("a chart schema's references", () => {
  it('may point inside the schema or to http(s) URLs', () => {
    expect(localSchemaRef({ $schema: 'https://json-schema.org/draft-07/schema#', properties: { a: { $ref: '#/definitions/a' }, b: { $ref: 'https://kubernetesjsonschema.dev/v1.18.0/_definitions.json#/definitions/x' } }, definitions: { a: { type: 'string' } } })).toBeNull()
  })
  it('may not make helm read this machine: file URLs, relative paths (helm resolves them from /), any other scheme', () => {
    expect(localSchemaRef({ $ref: 'file:///home/user/.docker/config.json' })).toEqual({ pointer: '', keyword: '$ref', value: 'file:///home/user/.docker/config.json' })
    expect(localSchemaRef({ properties: { a: { allOf: [{ $ref: '../../etc/x.json' }] } } })).toEqual({ pointer: '/properties/a/allOf/0', keyword: '$ref', value: '../../etc/x.json' })
    expect(localSchemaRef({ $defs: { x: { $dynamicRef: 'other.json#meta' } } })).toMatchObject({ keyword: '$dynamicRef' })
    expect(localSchemaRef({ $schema: 'file:///tmp/meta.json' })).toMatchObject({ keyword: '$schema' })
  })
  it('are only keywords: a property named $ref in data is a key, a "$ref" string elsewhere is text', () => {
    expect(localSchemaRef({ properties: { x: { default: 'file:///etc/passwd', description: '$ref' } } })).toBeNull()
  })
})

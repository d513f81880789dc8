import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkChartSchemas, localSchemaRef } from './helm-schema'

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

describe('checkChartSchemas', () => {
  it('reads the schemas of subchart folders and of packaged subcharts (inside packages too), naming where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-helm-schema-'))
    try {
      const chart = join(dir, 'chart')
      mkdirSync(join(chart, 'charts', 'local'), { recursive: true })
      writeFileSync(join(chart, 'values.schema.json'), JSON.stringify({ properties: { a: { $ref: '#/definitions/a' } } }))
      writeFileSync(join(chart, 'charts', 'local', 'values.schema.json'), JSON.stringify({ $ref: 'https://example.com/s.json' }))
      await expect(checkChartSchemas(chart, 'apps/chart')).resolves.toBeUndefined()
      // inner-0.1.0.tgz inside sub-0.1.0.tgz, whose schema reads a file.
      mkdirSync(join(dir, 'pkg', 'inner'), { recursive: true })
      writeFileSync(join(dir, 'pkg', 'inner', 'values.schema.json'), JSON.stringify({ properties: { x: { $ref: 'file:///etc/hostname' } } }))
      mkdirSync(join(dir, 'pkg', 'sub', 'charts'), { recursive: true })
      execFileSync('tar', ['-czf', join(dir, 'pkg', 'sub', 'charts', 'inner-0.1.0.tgz'), '-C', join(dir, 'pkg'), 'inner'])
      execFileSync('tar', ['-czf', join(chart, 'charts', 'sub-0.1.0.tgz'), '-C', join(dir, 'pkg'), 'sub'])
      await expect(checkChartSchemas(chart, 'apps/chart')).rejects.toMatchObject({
        where: 'apps/chart/charts/sub-0.1.0.tgz',
        message: expect.stringContaining('apps/chart/charts/sub-0.1.0.tgz: sub/charts/inner-0.1.0.tgz: inner/values.schema.json: $ref "file:///etc/hostname" at "/properties/x" would be read from this machine'),
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

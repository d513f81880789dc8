import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { RenderCache } from './render-cache'

const marker = `marker-${randomBytes(8).toString('hex')}`
const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { note: marker } }, data: { password: Buffer.from(marker).toString('base64') }, stringData: { token: marker } } as K8sObject
const config: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } } as K8sObject

const onDisk = (dir: string) => readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n')

describe('RenderCache on disk', () => {
  it('seals a render with a Secret: no value in the file, the same objects back in a new process', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'render-cache-')), 'render')
    const key = randomBytes(32)
    await new RenderCache(dir, 256, async () => key).set('k', [config, secret])
    const text = onDisk(dir)
    expect(text).not.toContain(marker)
    expect(text).not.toContain(Buffer.from(marker).toString('base64'))
    expect(await new RenderCache(dir, 256, async () => key).get('k')).toEqual([config, secret])
    // Another key (the keychain entry was replaced) cannot read it: rendered again.
    expect(await new RenderCache(dir, 256, async () => randomBytes(32)).get('k')).toBeUndefined()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600)
  })

  it('keeps a render with a Secret in memory only when there is no key', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'render-cache-')), 'render')
    const cache = new RenderCache(dir, 256, async () => null)
    await cache.set('k', [secret])
    await cache.set('plain', [config])
    expect(await cache.get('k')).toEqual([secret])
    expect(readdirSync(dir)).toEqual(['plain.json'])
    expect(await new RenderCache(dir).get('plain')).toEqual([config])
  })

  it('removes a render with a Secret that an older version wrote in clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-cache-'))
    writeFileSync(join(dir, 'old.json'), JSON.stringify([secret]))
    expect(await new RenderCache(dir, 256, async () => randomBytes(32)).get('old')).toBeUndefined()
    expect(readdirSync(dir)).toEqual([])
  })

  it('treats a Secret nested in an object (a List inside a List, which Argo CD does not expand) as a Secret: never written in clear', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'render-cache-')), 'render')
    const nested = { apiVersion: 'v1', kind: 'List', metadata: { name: 'inner' }, items: [secret] } as unknown as K8sObject
    const unkeyed = new RenderCache(dir, 256, async () => null)
    await unkeyed.set('plain', [config])
    await unkeyed.set('nested', [config, nested])
    expect(readdirSync(dir)).toEqual(['plain.json'])
    await new RenderCache(dir, 256, async () => randomBytes(32)).set('sealed', [nested])
    expect(onDisk(dir)).not.toContain(marker)
    expect(onDisk(dir)).not.toContain(Buffer.from(marker).toString('base64'))
  })

  it('never serves a render an earlier version cached (its checks may have let a read outside the repository through): removed, rendered again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-cache-'))
    const leaked = { ...config, data: { stolen: marker } } as K8sObject
    writeFileSync(join(dir, 'old.json'), JSON.stringify([leaked]))
    writeFileSync(join(dir, 'older-rules.json'), JSON.stringify({ rules: 0, render: [leaked] }))
    const cache = new RenderCache(dir, 256, async () => randomBytes(32))
    expect(await cache.get('old')).toBeUndefined()
    expect(await cache.get('older-rules')).toBeUndefined()
    expect(readdirSync(dir)).toEqual([])
    await cache.set('now', [config])
    expect(await new RenderCache(dir).get('now')).toEqual([config])
  })
})

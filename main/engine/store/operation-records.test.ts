import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Operation } from '../../../shared/model'
import { OperationRecords } from './operation-records'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-records-'))
  dirs.push(dir)
  return dir
}
const operation = (app: string, id = 'op-1'): Operation => ({
  id,
  app,
  kind: 'sync',
  initiator: 'user',
  dryRun: false,
  context: 'ground-1',
  revision: 'abc',
  attempts: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  phase: 'Running',
  message: 'Sync wave 0: applying',
  resources: [{ key: '/ConfigMap/ns/a', phase: 'Sync', wave: 0, action: 'apply', code: 'Synced', message: 'applied' }],
  applied: ['/ConfigMap/ns/a'],
})
const record = (op: Operation) => ({ pid: 42, operation: op, savedAt: '2026-01-01T00:00:01.000Z', recorded: false })

describe('operation records', () => {
  it('one private file per app in operations/, replaced atomically, read back as written', () => {
    const records = new OperationRecords(folder())
    records.write(record(operation('shop')))
    records.write(record({ ...operation('shop'), message: 'Sync wave 1: applying' }))
    records.write(record(operation('cart', 'op-2')))
    expect(readdirSync(records.dir).sort()).toEqual(['cart.json', 'shop.json']) // no temporary file left
    expect(statSync(join(records.dir, 'shop.json')).mode & 0o777).toBe(0o600)
    expect(statSync(records.dir).mode & 0o777).toBe(0o700)
    expect(records.read('shop')).toEqual(record({ ...operation('shop'), message: 'Sync wave 1: applying' }))
    expect(records.list().map((r) => r.operation.app).sort()).toEqual(['cart', 'shop'])
  })

  it('an empty folder, a damaged or foreign file: no record, no error', () => {
    const records = new OperationRecords(folder())
    expect(records.list()).toEqual([])
    expect(records.read('shop')).toBeNull()
    records.write(record(operation('shop')))
    writeFileSync(join(records.dir, 'cart.json'), '{"pid": 1, "operation": {"id": ')
    writeFileSync(join(records.dir, 'other.json'), '{"pid": "me"}')
    expect(records.list().map((r) => r.operation.app)).toEqual(['shop'])
  })

  it('remove() takes the app\'s record only while it is still the same operation', () => {
    const records = new OperationRecords(folder())
    records.write(record(operation('shop', 'old')))
    records.write(record(operation('shop', 'new')))
    records.remove('shop', 'old')
    expect(records.read('shop')?.operation.id).toBe('new')
    records.remove('shop', 'new')
    expect(records.read('shop')).toBeNull()
  })

  it('a name with slashes or dots never leaves the folder', () => {
    const dir = folder()
    const records = new OperationRecords(dir)
    records.write(record(operation('../../escape')))
    expect(readdirSync(dir)).toEqual(['operations'])
    expect(records.read('../../escape')?.operation.app).toBe('../../escape')
  })
})

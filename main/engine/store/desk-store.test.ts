import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import { openDeskStore, storeFileName } from './desk-store'

const guestbook = Application.parse({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'guestbook' },
  spec: { source: { repoURL: 'https://example.com/r.git', path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'g' } },
})

// Real files through conf: these are the guarantees a user relies on after a crash.
describe('DeskStore', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'gitops-desk-store-'))

  it('keeps what was written, across re-opening', () => {
    const d = dir()
    openDeskStore(d).update((s) => void s.apps.push(guestbook))
    const again = openDeskStore(d)
    expect(again.recovery).toBeNull()
    expect(again.read().apps).toEqual([guestbook])
  })

  it('writes nothing when a change is invalid', () => {
    const d = dir()
    const store = openDeskStore(d)
    store.update((s) => void s.apps.push(guestbook))
    const before = readFileSync(join(d, storeFileName), 'utf8')
    expect(() => store.update((s) => void ((s.settings as { reconcileIntervalSeconds: unknown }).reconcileIntervalSeconds = 'often'))).toThrow()
    expect(readFileSync(join(d, storeFileName), 'utf8')).toBe(before)
    expect(store.read().settings.reconcileIntervalSeconds).toBe(120)
  })

  it('restores a truncated file from its backup, keeps the damaged one, and says so', () => {
    const d = dir()
    openDeskStore(d).update((s) => void s.apps.push(guestbook))
    const path = join(d, storeFileName)
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40))
    const store = openDeskStore(d)
    expect(store.recovery).toMatch(/damaged .* restored from its last good copy/)
    expect(store.read().apps).toEqual([guestbook])
    expect(readdirSync(d).some((f) => f.startsWith(`${storeFileName}.corrupt-`))).toBe(true)
  })

  it('sets aside a file that does not match the schema', () => {
    const d = dir()
    writeFileSync(join(d, storeFileName), JSON.stringify({ apps: [{ kind: 'Nope' }] }))
    const store = openDeskStore(d)
    expect(store.recovery).toMatch(/had no backup; starting with empty settings/)
    expect(store.read().apps).toEqual([])
  })

  it('stops on a store it cannot read (a folder in its place) with the reason, and changes nothing', () => {
    const d = dir()
    mkdirSync(join(d, storeFileName))
    expect(() => openDeskStore(d)).toThrow(expect.objectContaining({ code: 'Unavailable', where: join(d, storeFileName), message: expect.stringMatching(/^The settings file .+ cannot be read \(EISDIR\); nothing was changed/) }))
    expect(readdirSync(d)).toEqual([storeFileName])
  })

  it('stops on a file of a newer version and changes nothing (no backup written, no copy made)', () => {
    const d = dir()
    openDeskStore(d).update((s) => void s.apps.push(guestbook))
    const path = join(d, storeFileName)
    const newer = JSON.stringify({ schemaVersion: 99, apps: 'a shape this version does not know' })
    writeFileSync(path, newer)
    const backup = readFileSync(`${path}.bak`, 'utf8')
    expect(() => openDeskStore(d)).toThrow(/gitops-desk\.json was written by a newer GitOps Desk \(schema version 99; this one reads version 1\)\. Nothing was changed/)
    expect(readFileSync(path, 'utf8')).toBe(newer)
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(backup)
    expect(readdirSync(d).sort()).toEqual([storeFileName, `${storeFileName}.bak`])
  })

  it('stops when the file and its backup are both damaged: names both, quotes neither, changes nothing', () => {
    const d = dir()
    const path = join(d, storeFileName)
    writeFileSync(path, '{"apps": [trunc')
    writeFileSync(`${path}.bak`, 'SECRET-LOOKING GARBAGE')
    let message = ''
    for (let run = 0; run < 3; run++) {
      try {
        openDeskStore(d)
      } catch (error) {
        message = (error as Error).message
      }
    }
    expect(message).toContain(`The settings file ${path} is damaged (it is not JSON (truncated or overwritten)), and so is its backup ${path}.bak (it is not JSON`)
    expect(message).toContain('move both files away to start with empty settings')
    expect(message).not.toContain('GARBAGE')
    expect(readFileSync(path, 'utf8')).toBe('{"apps": [trunc')
    expect(readdirSync(d).sort()).toEqual([storeFileName, `${storeFileName}.bak`])
  })

  it('keeps one copy of the same damage however often it is restored', () => {
    const d = dir()
    openDeskStore(d).update((s) => void s.apps.push(guestbook))
    const path = join(d, storeFileName)
    for (let run = 0; run < 3; run++) {
      writeFileSync(path, 'truncat')
      const store = openDeskStore(d)
      expect(store.recovery).toContain(`restored from its last good copy ${path}.bak`)
      expect(store.read().apps).toEqual([guestbook])
    }
    expect(readdirSync(d).filter((f) => f.includes('.corrupt-'))).toHaveLength(1)
    expect(existsSync(path)).toBe(true)
  })
})

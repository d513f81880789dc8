import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDeskStore, storeFileName } from './desk-store'

// Stores written before there was one exec timeout and before Jsonnet ran built in still open.
describe('settings from older stores', () => {
  const open = (settings: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-settings-'))
    writeFileSync(join(dir, storeFileName), JSON.stringify({ schemaVersion: 1, settings }))
    return { dir, store: openDeskStore(dir) }
  }

  it('turns the plugin timeout into the exec timeout and drops the jsonnet path', () => {
    const { dir, store } = open({ pluginTimeoutSeconds: 30, jsonnetPath: '/usr/local/bin/jsonnet', helmPath: '/opt/helm' })
    expect(store.recovery).toBeNull()
    expect(store.read().settings).toMatchObject({ execTimeoutSeconds: 30, helmPath: '/opt/helm' })
    expect(store.read().settings).not.toHaveProperty('jsonnetPath')
    expect(store.read().settings).not.toHaveProperty('pluginTimeoutSeconds')
    store.update((d) => void (d.settings.theme = 'dark'))
    const written = JSON.parse(readFileSync(join(dir, storeFileName), 'utf8')) as { settings: Record<string, unknown> }
    expect(written.settings).toMatchObject({ execTimeoutSeconds: 30, theme: 'dark' })
    expect(Object.keys(written.settings)).not.toContain('pluginTimeoutSeconds')
    expect(Object.keys(written.settings)).not.toContain('jsonnetPath')
  })

  it('keeps the exec timeout when both are there, and defaults to 90 s as Argo CD', () => {
    expect(open({ pluginTimeoutSeconds: 30, execTimeoutSeconds: 120 }).store.read().settings.execTimeoutSeconds).toBe(120)
    expect(open({}).store.read().settings.execTimeoutSeconds).toBe(90)
  })
})

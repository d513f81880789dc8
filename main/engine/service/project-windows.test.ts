import { describe, expect, it } from 'vitest'
import type { AppProject } from '../model/app-schema'
import { appWindowState } from './project-windows'

const project = (syncWindows: NonNullable<AppProject['spec']['syncWindows']>): AppProject => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team' }, spec: { syncWindows } }) as AppProject
const target = { app: 'shop', namespace: 'shop', server: 'https://10.0.0.1:6443', cluster: 'dev' }
const now = new Date('2026-01-01T23:00:00Z')

describe("an app's sync windows now", () => {
  it('an active deny window that allows manual syncs blocks only the automated one', () => {
    expect(appWindowState(project([{ kind: 'deny', schedule: '0 22 * * *', duration: '4h', timeZone: 'UTC', applications: ['shop'], manualSync: true }]), target, now)).toEqual({
      project: 'team',
      matching: 1,
      manual: null,
      automated: 'blocked by the active deny window "0 22 * * *" for 4h (UTC)',
    })
  })

  it('windows for other apps do not apply; outside every allow window both are blocked', () => {
    expect(appWindowState(project([{ kind: 'deny', schedule: '* * * * *', duration: '1h', applications: ['other'] }]), target, now)).toMatchObject({ matching: 0, manual: null, automated: null })
    const outside = appWindowState(project([{ kind: 'allow', schedule: '0 6 * * *', duration: '1h', timeZone: 'UTC', clusters: ['dev'] }]), target, now)
    expect(outside.manual).toMatch(/^outside every allow window/)
    expect(outside.automated).toBe(outside.manual)
  })
})

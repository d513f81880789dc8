import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterEach(async () => {
  vi.unstubAllEnvs()
  await desks.cleanup()
})

describe('Argo CD commands', () => {
  it('an import or export names a context the kubeconfig does not have, before reading anything', async () => {
    vi.stubEnv('KUBECONFIG', desks.kubeconfig(['dev']))
    const { desk } = desks.open()
    await expect(desk.argocd.import('argo')).rejects.toThrow(/no context "argo" in the kubeconfig or among imported clusters \(dev\)/)
    await expect(desk.argocd.export('argo')).rejects.toThrow(/no context "argo"/)
    await expect(desk.argocd.importSettingsFrom('argo')).rejects.toThrow(/no context "argo"/)
    expect(desk.applications.list()).toEqual([])
  })

  it('an export with no apps says so', async () => {
    vi.stubEnv('KUBECONFIG', desks.kubeconfig(['dev']))
    const { desk } = desks.open()
    await expect(desk.argocd.export('dev')).rejects.toThrow(/no apps to export/)
    await expect(desk.argocd.export('dev', 'argocd', ['shop'])).rejects.toThrow(/no app named "shop"/)
  })
})

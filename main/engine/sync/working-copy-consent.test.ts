import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import { requireWorkingCopyConsent } from './consent'

const app = (automated = false) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'wc' }, spec: { source: { repoURL: 'https://example.com/r', path: 'a' }, destination: { server: 'https://kubernetes.default.svc' }, ...(automated ? { syncPolicy: { automated: {} } } : {}) } })
const reason = (f: () => void) => {
  try {
    f()
    return null
  } catch (error) {
    return (error as Error).message
  }
}

describe('a sync from a working copy', () => {
  it('needs the "deploy uncommitted changes" consent, which the typed context name does not give', () => {
    expect(reason(() => requireWorkingCopyConsent(app(), 'dev', [], {}))).toContain('deploy uncommitted changes')
    expect(reason(() => requireWorkingCopyConsent(app(), 'dev', [], { consent: { context: 'dev' } }))).toContain('deploy uncommitted changes')
    expect(reason(() => requireWorkingCopyConsent(app(), 'dev', [], { consent: { uncommitted: true } }))).toBeNull()
  })
  it('is refused on a protected context, even with every consent', () => {
    expect(reason(() => requireWorkingCopyConsent(app(), 'prod', ['prod'], { consent: { uncommitted: true, context: 'prod' } }))).toContain('prod is a protected context: a working copy is never deployed to it')
  })
  it('is refused while auto-sync is on, and with a revision', () => {
    expect(reason(() => requireWorkingCopyConsent(app(true), 'dev', [], { consent: { uncommitted: true } }))).toContain('while auto-sync is on')
    expect(reason(() => requireWorkingCopyConsent(app(), 'dev', [], { revision: 'v1', consent: { uncommitted: true } }))).toContain('--revision v1')
  })
})

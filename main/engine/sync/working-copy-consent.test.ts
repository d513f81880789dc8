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
  it('on a protected context needs its typed name as well as the uncommitted consent', () => {
    expect(reason(() => requireWorkingCopyConsent(app(), 'prod', ['prod'], { consent: { uncommitted: true } }))).toContain('prod is a protected context: confirm deploying the working copy by typing its name')
    expect(reason(() => requireWorkingCopyConsent(app(), 'prod', ['prod'], { consent: { context: 'prod' } }))).toContain('deploy uncommitted changes')
    expect(reason(() => requireWorkingCopyConsent(app(), 'prod', ['prod'], { consent: { uncommitted: true, context: 'staging' } }))).toContain('the confirmation "staging" does not match the destination context prod')
    expect(reason(() => requireWorkingCopyConsent(app(), 'prod', ['prod'], { consent: { uncommitted: true, context: 'prod' } }))).toBeNull()
  })
  it('as a dry run needs neither consent, even on a protected context', () => {
    expect(reason(() => requireWorkingCopyConsent(app(), 'prod', ['prod'], { dryRun: true }))).toBeNull()
  })
  it('is refused while auto-sync is on, and with a revision', () => {
    expect(reason(() => requireWorkingCopyConsent(app(true), 'dev', [], { consent: { uncommitted: true } }))).toContain('while auto-sync is on')
    expect(reason(() => requireWorkingCopyConsent(app(), 'dev', [], { revision: 'v1', consent: { uncommitted: true } }))).toContain('--revision v1')
  })
})

import { describe, expect, it } from 'vitest'
import { appSyncOptions, argoSyncOptions } from './argo-sync-options'

describe("an Argo CD app's sync options, as its sync panel sends them", () => {
  it("reads the Application's own options from its spec", () => {
    expect(appSyncOptions('syncPolicy:\n  syncOptions: [CreateNamespace=true, PruneLast=true]\n')).toEqual(['CreateNamespace=true', 'PruneLast=true'])
    expect(appSyncOptions('source: {}\n')).toEqual([])
    expect(appSyncOptions(': : not yaml [')).toEqual([])
  })

  it("sends the app's options with the panel's changes (Argo CD's server replaces the app's with the request's)", () => {
    expect(argoSyncOptions(['CreateNamespace=true', 'PruneLast=true'], ['PruneLast=false', 'Replace=true'])).toEqual(['CreateNamespace=true', 'PruneLast=false', 'Replace=true'])
    expect(argoSyncOptions([], ['ServerSideApply=true'])).toEqual(['ServerSideApply=true'])
  })
})

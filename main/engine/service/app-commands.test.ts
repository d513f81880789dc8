import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterEach(() => desks.cleanup())

const appYaml = (name: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  project: default
  source:
    repoURL: https://git.example/apps.git
    path: ${name}
  destination:
    name: dev
    namespace: ${name}
${extra}`

describe('app commands', () => {
  it('a new revision goes to the source that renders: the first of `sources` when an app has both fields', () => {
    const { desk } = desks.open()
    const both = appYaml('shop').replace('  destination:', '  sources:\n    - repoURL: https://git.example/other.git\n      path: shop\n      targetRevision: v1\n  destination:')
    desk.applications.saveYaml(both, 'shop.yaml')
    desk.stored.setRevision('shop', 'v2')
    const app = desk.stored.app('shop')
    expect(app.spec.sources?.[0]?.targetRevision).toBe('v2')
    expect(app.spec.source?.targetRevision).toBeUndefined()
    desk.applications.saveYaml(appYaml('one'), 'one.yaml')
    desk.stored.setRevision('one', 'v3')
    expect(desk.stored.app('one').spec.source?.targetRevision).toBe('v3')
  })

  it('an app with an unknown field is refused, naming the field and where it was; nothing is stored', () => {
    const { desk } = desks.open()
    expect(() => desk.applications.saveYaml(appYaml('shop', '  syncPolicee: {}\n'), 'shop.yaml')).toThrow(/shop\.yaml.*syncPolicee|syncPolicee.*shop\.yaml/s)
    expect(desk.applications.list()).toEqual([])
  })

  it('a text with one bad document stores none of its documents', () => {
    const { desk } = desks.open()
    const text = `${appYaml('shop')}---\n${appYaml('Bad_Name')}`
    expect(() => desk.applications.saveYaml(text, 'apps.yaml')).toThrow(/apps\.yaml/)
    expect(desk.applications.list()).toEqual([])
  })

  it('a saved app is listed with its source and destination, and read back as YAML', () => {
    const { desk } = desks.open()
    expect(desk.applications.saveYaml(appYaml('shop'), 'shop.yaml')).toEqual({ apps: ['shop'], projects: [] })
    const [summary] = desk.applications.list()
    expect(summary).toMatchObject({ name: 'shop', repoURL: 'https://git.example/apps.git', path: 'shop' })
    const got = desk.applications.get('shop')
    expect(got.yaml).toContain('name: shop')
    expect(got.status).toBeNull() // no loop has compared it
    expect(got.operation).toBeNull()
    expect(got.history).toEqual([])
  })

  it('an unknown app is a NotFound that names it', () => {
    const { desk } = desks.open()
    expect(() => desk.applications.get('nope')).toThrow(/no app named "nope"/)
    return expect(desk.applications.refresh('nope')).rejects.toThrow(/no app named "nope"/)
  })

  it('a project its apps use is not deleted; once they are gone it is', async () => {
    const { desk } = desks.open()
    desk.applications.saveYaml(`apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: team\nspec: {}\n---\n${appYaml('shop').replace('project: default', 'project: team')}`, 'team.yaml')
    expect(() => desk.applications.deleteProject('team')).toThrow(/project team is used by apps/)
    expect(desk.applications.listProjects().map((p) => p.name)).toContain('team')
    await desk.deleteApp('shop') // no resources finalizer: forgotten, no cluster touched
    expect(desk.applications.deleteProject('team')).toBe(true)
    expect(desk.applications.listProjects().map((p) => p.name)).not.toContain('team')
  })

  it('a project reads back as YAML with the apps that use it; its windows come as active ranges from now; a bad window is refused at its line', () => {
    const { desk } = desks.open()
    const project = ['apiVersion: argoproj.io/v1alpha1', 'kind: AppProject', 'metadata:', '  name: team', 'spec:', '  syncWindows:', '  - {kind: deny, schedule: "0 22 * * *", duration: 4h, timeZone: UTC, applications: [shop], manualSync: true}', '']
    desk.saveYaml(`${project.join('\n')}---\n${appYaml('shop').replace('project: default', 'project: team')}`, 'team.yaml')
    const read = desk.getProject('team')
    expect(read.apps).toEqual(['shop'])
    expect(read.yaml).toMatch(/schedule: 0 22 \* \* \*/)
    const timeline = desk.projectWindows('team', 24, new Date('2026-01-01T23:00:00Z'))
    expect(timeline).toEqual({
      now: '2026-01-01T23:00:00.000Z',
      from: '2026-01-01T20:00:00.000Z',
      to: '2026-01-02T23:00:00.000Z',
      windows: [
        {
          kind: 'deny', schedule: '0 22 * * *', duration: '4h', timeZone: 'UTC', applications: ['shop'], namespaces: [], clusters: [], manualSync: true, activeNow: true,
          ranges: [
            { start: '2026-01-01T22:00:00.000Z', end: '2026-01-02T02:00:00.000Z' },
            { start: '2026-01-02T22:00:00.000Z', end: '2026-01-02T23:00:00.000Z' },
          ],
        },
      ],
    })
    const bad = project.join('\n').replace('duration: 4h', 'duration: soon')
    expect(() => desk.saveYaml(bad, 'YAML')).toThrow(/YAML:7.*duration.*"soon" is not a duration/s)
    expect(desk.getProject('team').yaml).toMatch(/duration: 4h/)
    expect(() => desk.getProject('nope')).toThrow(/no project named "nope"/)
  })

  it('the service keeps its method names, passing each call to the group', () => {
    const { desk } = desks.open()
    desk.saveYaml(appYaml('shop'), 'shop.yaml')
    expect(desk.listApps().map((a) => a.name)).toEqual(['shop'])
    expect(desk.app('shop').metadata.name).toBe('shop')
  })

  it('the sync policy toggles change only spec.syncPolicy.automated; turning auto-sync off keeps the other policy fields', async () => {
    vi.stubEnv('KUBECONFIG', desks.kubeconfig(['dev']))
    const { desk } = desks.open()
    desk.saveYaml(appYaml('shop', '  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n'), 'shop.yaml')
    const before = desk.app('shop')
    await desk.setSyncPolicy('shop', { automated: true, prune: true, selfHeal: false })
    const on = desk.app('shop')
    expect(on.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'], automated: { prune: true, selfHeal: false } })
    expect({ ...on.spec, syncPolicy: undefined }).toEqual({ ...before.spec, syncPolicy: undefined })
    expect(on.metadata).toEqual(before.metadata)
    await desk.setSyncPolicy('shop', { automated: false, prune: false, selfHeal: false })
    expect(desk.app('shop').spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] })
    expect(desk.getApp('shop').yaml).not.toContain('automated')
  })

  it('turning auto-sync on to a protected context needs its name typed; a wrong name or none stores nothing', async () => {
    vi.stubEnv('KUBECONFIG', desks.kubeconfig(['dev']))
    const { desk } = desks.open()
    desk.saveYaml(appYaml('shop'), 'shop.yaml')
    await desk.protectCluster('dev', true)
    await expect(desk.setSyncPolicy('shop', { automated: true, prune: false, selfHeal: false })).rejects.toThrow(/dev is a protected context/)
    await expect(desk.setSyncPolicy('shop', { automated: true, prune: false, selfHeal: false }, { context: 'prod' })).rejects.toThrow(/does not match/)
    expect(desk.app('shop').spec.syncPolicy).toBeUndefined()
    await desk.setSyncPolicy('shop', { automated: true, prune: false, selfHeal: true }, { context: 'dev' })
    expect(desk.app('shop').spec.syncPolicy?.automated).toEqual({ prune: false, selfHeal: true })
    // Changing prune or self-heal of an app already on auto-sync, or turning it off, syncs nothing new: no name asked.
    await desk.setSyncPolicy('shop', { automated: true, prune: true, selfHeal: true })
    await desk.setSyncPolicy('shop', { automated: false, prune: false, selfHeal: false })
    expect(desk.app('shop').spec.syncPolicy).toBeUndefined()
  })

  it('a sync policy change for an unknown app is refused, naming it', async () => {
    const { desk } = desks.open()
    await expect(desk.setSyncPolicy('nope', { automated: false, prune: false, selfHeal: false })).rejects.toThrow(/no app named "nope"/)
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AppStatus } from '../../../shared/model'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { BundledScripts } from '../customizations/bundled-scripts'
import { LuaScripts } from '../lua/lua-scripts'
import { openDeskStore } from '../store/desk-store'
import { saveDeletion } from '../sync/deletions'
import { eventsOf } from '../sync/history'
import { LiveResourceCommands } from './live-resource-commands'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const deployment: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2, template: { metadata: {}, spec: {} } } } as K8sObject
const key = 'apps/Deployment/shop/web'
const argoApp = 'argocd@ctx/guestbook'
const ownedPod = '/Pod/shop/web-1'

/** The commands over a real store file and an in-memory cluster; the app "shop" has the Deployment in `context`. */
function setup(context: string, protectedContexts: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-live-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  store.update((d) => void (d.settings.protectedContexts = protectedContexts))
  const kube = new MemoryKube(context).seed(deployment)
  const compared: string[] = []
  const status = { app: 'shop', context, sync: 'Synced', health: 'Healthy', resources: [{ key, status: 'Synced' }] } as unknown as AppStatus
  const commands = new LiveResourceCommands({
    store,
    settings: () => store.read().settings,
    refresh: async (name) => (name === 'shop' ? status : null),
    live: (ctx, k) => (ctx === context ? kube.objects.get(k) : undefined),
    client: () => kube,
    luaScripts: () => LuaScripts.create(),
    bundled: new BundledScripts(),
    compareSoon: (names) => void compared.push(...names),
    // The Argo CD app argocd@ctx/guestbook manages the same Deployment (its pod is only owned).
    argoResource: async (id, k) => {
      if (id !== argoApp || (k !== key && k !== ownedPod)) throw new Error(`${id} has no resource ${k}`)
      return { context, live: kube.objects.get(k) ?? null, managed: k === key }
    },
  })
  return { store, kube, commands, compared }
}

describe('live-resource commands', () => {
  it('an action on a protected context needs its name typed; refused, nothing changes and no event is recorded', async () => {
    const { commands, kube, store, compared } = setup('prod', ['prod'])
    await expect(commands.runAction('shop', key, 'restart')).rejects.toThrow(/prod is a protected context/)
    await expect(commands.runAction('shop', key, 'restart', { consent: { context: 'dev' } })).rejects.toThrow(/does not match the destination context prod/)
    expect(kube.writes).toEqual([])
    expect(eventsOf(store, 'shop')).toEqual([])
    expect(compared).toEqual([])
  })

  it('with the context typed the action runs, is recorded as an app event and the app is compared again', async () => {
    const { commands, kube, store, compared } = setup('prod', ['prod'])
    const done = await commands.runAction('shop', key, 'restart', { consent: { context: 'prod' } })
    expect(done.message).toMatch(/^restart: .* in prod$/)
    expect(kube.writes).toEqual([`patch ${key}`])
    expect((kube.objects.get(key) as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy()
    expect(eventsOf(store, 'shop')).toMatchObject([{ app: 'shop', context: 'prod', resource: key, action: 'restart' }])
    expect(compared).toEqual(['shop'])
  })

  it('a dry run needs no consent and changes nothing', async () => {
    const { commands, kube } = setup('prod', ['prod'])
    expect((await commands.runAction('shop', key, 'scale', { dryRun: true, params: { replicas: '5' } })).message).toMatch(/^dry run: scale on .* would be accepted by prod/)
    expect(kube.writes).toEqual([])
  })

  it('an unknown action names the ones there are; a missing parameter is named', async () => {
    const { commands } = setup('dev')
    await expect(commands.runAction('shop', key, 'explode')).rejects.toThrow(/has no action "explode" \(it has: .*restart.*scale/)
    await expect(commands.runAction('shop', key, 'scale')).rejects.toThrow(/"scale" needs replicas/)
    expect((await commands.actions('shop', key)).map((a) => a.name)).toEqual(expect.arrayContaining(['restart', 'scale']))
  })

  it('nothing runs while the app is being deleted', async () => {
    const { commands, kube, store } = setup('dev')
    saveDeletion(store, { app: 'shop', context: 'dev', startedAt: new Date().toISOString(), cascade: 'foreground', phase: 'Deleting', consent: { resources: true }, pid: process.pid })
    await expect(commands.runAction('shop', key, 'restart')).rejects.toThrow(/shop is being deleted: no resource action may start/)
    expect(kube.writes).toEqual([])
  })

  it('a key outside the app, or a resource that is Missing, is refused by name', async () => {
    const { commands, kube } = setup('dev')
    await expect(commands.delete('shop', 'apps/Deployment/other/db')).rejects.toThrow(/shop has no resource apps\/Deployment\/other\/db/)
    kube.objects.delete(key)
    await expect(commands.delete('shop', key)).rejects.toThrow(/is not in dev \(Missing\)/)
  })

  it('deleting a resource on a protected context needs its name; then it is deleted and recorded', async () => {
    const { commands, kube, store } = setup('prod', ['prod'])
    await expect(commands.delete('shop', key, { propagation: 'background' })).rejects.toThrow(/protected context/)
    expect(kube.writes).toEqual([])
    expect((await commands.delete('shop', key, { propagation: 'background', consent: { context: 'prod' } })).message).toBe(`deleted ${key} from prod (background)`)
    expect(kube.writes).toEqual([`delete ${key}`])
    expect(eventsOf(store, 'shop')).toMatchObject([{ action: 'delete', resource: key }])
  })

  it('an edit: the dry run writes nothing and needs no consent; the change needs the typed name on a protected context, then is recorded', async () => {
    const { commands, kube, store, compared } = setup('prod', ['prod'])
    const text = (await commands.editable('shop', key)).yaml.replace('replicas: 2', 'replicas: 3')
    const dry = await commands.edit('shop', key, text, { dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, context: 'prod', diff: { status: 'OutOfSync' } })
    expect(dry.diff.unifiedDiff).toContain('+  replicas: 3')
    expect(kube.writes).toEqual([])
    await expect(commands.edit('shop', key, text)).rejects.toThrow(/prod is a protected context/)
    expect(kube.writes).toEqual([])
    expect((await commands.edit('shop', key, text, { consent: { context: 'prod' } })).message).toBe(`edited ${key} in prod (field manager gitops-desk-edit)`)
    expect(kube.writes).toEqual([`apply ${key}`])
    expect(eventsOf(store, 'shop')).toMatchObject([{ action: 'edit', resource: key }])
    expect(compared).toEqual(['shop'])
  })

  it('an edit of a key outside the app is refused by name; one that changes nothing says so', async () => {
    const { commands, kube } = setup('dev')
    await expect(commands.edit('shop', 'apps/Deployment/other/db', 'kind: Deployment')).rejects.toThrow(/shop has no resource apps\/Deployment\/other\/db/)
    await expect(commands.edit('shop', key, (await commands.editable('shop', key)).yaml)).rejects.toThrow(/changes nothing/)
    expect(kube.writes).toEqual([])
  })

  describe("an Argo CD app's resources", () => {
    it('an action asks the same consent on a protected context, then patches the live resource and stores nothing about the app', async () => {
      const { commands, kube, store, compared } = setup('prod', ['prod'])
      expect((await commands.actions(argoApp, key)).map((a) => a.name)).toEqual(expect.arrayContaining(['restart', 'scale']))
      await expect(commands.runAction(argoApp, key, 'restart')).rejects.toThrow(/prod is a protected context/)
      expect(kube.writes).toEqual([])
      expect((await commands.runAction(argoApp, key, 'scale', { params: { replicas: '4' }, consent: { context: 'prod' } })).message).toMatch(/^scale: .* in prod$/)
      expect(kube.writes).toEqual([`patch ${key}`])
      expect((kube.objects.get(key) as unknown as { spec: { replicas: number } }).spec.replicas).toBe(4)
      expect(eventsOf(store, argoApp)).toEqual([])
      expect(compared).toEqual([])
    })

    it('a resource the app only owns gets no action; editing and deleting are refused', async () => {
      const { commands, kube } = setup('dev')
      await expect(commands.actions(argoApp, ownedPod)).rejects.toThrow(/Argo CD lists it as owned by another/)
      await expect(commands.delete(argoApp, key, { consent: { context: 'dev' } })).rejects.toThrow(/is an Argo CD app: deleting one of its resources is not offered here/)
      await expect(commands.edit(argoApp, key, 'kind: Deployment')).rejects.toThrow(/is an Argo CD app: editing its live resources is not offered here/)
      expect(kube.writes).toEqual([])
    })
  })
})

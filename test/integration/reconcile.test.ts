import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { Engine } from '../../main/engine/reconcile/engine'
import { parentAnnotation } from '../../main/engine/render/app-of-apps'
import { ReconcileController } from '../../main/engine/reconcile/controller'
import type { DeskEvent, Notification } from '../../main/engine/reconcile/types'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { kubectl } from '../support/kubectl'

const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook', 'apps'])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig

function newEngine(): Engine {
  const engine = new Engine({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-reconcile-')), secrets: new MemorySecrets(), syncPollMs: 250 })
  engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
  return engine
}

const guestbookApp = (name: string, more: { automated?: Record<string, boolean>; cluster?: string } = {}) =>
  Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL: repo.url, path: 'guestbook' },
      destination: { name: more.cluster ?? 'ground-1', namespace: name },
      syncPolicy: { syncOptions: ['CreateNamespace=true'], ...(more.automated ? { automated: more.automated } : {}) },
    },
  })

function setImage(image: string): string {
  const path = join(repo.dir, 'guestbook/guestbook-ui-deployment.yaml')
  const doc = YAML.parse(readFileSync(path, 'utf8'))
  doc.spec.template.spec.containers[0].image = image
  writeFileSync(path, YAML.stringify(doc))
  return repo.commit(`image ${image}`)
}
const image = (context: string, namespace: string) => kubectl(context, '-n', namespace, 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')
const replicas = (namespace: string) => kubectl('ground-1', '-n', namespace, 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}')

afterAll(() => {
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
})

describe('the reconciliation loop', () => {
  const engine = newEngine()
  const notifications: Notification[] = []
  const controller = new ReconcileController(engine, { intervalMs: 60_000, jitterMs: 0, watchDebounceMs: 200, notifier: { notify: (n) => notifications.push(n) } })
  beforeAll(() => {
    engine.store.update((d) => {
      d.apps = [guestbookApp('rc-manual'), guestbookApp('rc-auto', { automated: { prune: true, selfHeal: true } }), guestbookApp('rc-noheal', { automated: { prune: true } })]
    })
    controller.start()
  })
  afterAll(async () => {
    await controller.stop()
    await engine.close()
  })

  it('auto-sync brings new apps to Synced; a manual app stays OutOfSync until synced by hand', async () => {
    await expect.poll(() => controller.status('rc-auto')?.sync, { timeout: 60_000 }).toBe('Synced')
    await expect.poll(() => controller.status('rc-noheal')?.sync, { timeout: 60_000 }).toBe('Synced')
    expect(controller.status('rc-manual')?.sync).toBe('OutOfSync')
    const app = engine.store.read().apps.find((a) => a.metadata.name === 'rc-manual')!
    await engine.operations.start(app, {}, { initiator: 'user' })
    expect((await engine.operations.wait('rc-manual'))?.phase).toBe('Succeeded')
    // The end of an operation is followed by a compare, whoever started it.
    await expect.poll(() => controller.status('rc-manual')?.sync, { timeout: 30_000 }).toBe('Synced')
    await expect.poll(() => notifications.map((n) => `${n.kind}:${n.app}`)).toContain('sync-succeeded:rc-manual')
    await expect.poll(() => controller.status('rc-manual')?.health, { timeout: 60_000 }).toBe('Healthy')
  })

  it('a new commit is noticed on refresh: auto-sync follows it; a manual app turns OutOfSync and notifies', async () => {
    const original = image('ground-1', 'rc-manual')
    const commit = setImage('gcr.io/heptio-images/ks-guestbook-demo:0.2')
    const manual = await controller.refresh('rc-manual')
    expect(manual).toMatchObject({ sync: 'OutOfSync', revision: commit, revisionMessage: 'image gcr.io/heptio-images/ks-guestbook-demo:0.2' })
    await expect.poll(() => notifications.find((n) => n.kind === 'out-of-sync' && n.app === 'rc-manual')).toBeDefined()
    await controller.refresh('rc-auto')
    await expect.poll(() => image('ground-1', 'rc-auto'), { timeout: 60_000 }).toBe('gcr.io/heptio-images/ks-guestbook-demo:0.2')
    await expect.poll(() => controller.status('rc-auto')?.sync, { timeout: 30_000 }).toBe('Synced')
    expect(image('ground-1', 'rc-manual')).toBe(original)
  })

  it('self-heal reverts a kubectl edit after its backoff; without selfHeal the app stays OutOfSync', async () => {
    await controller.refresh('rc-noheal')
    await expect.poll(() => controller.status('rc-noheal')?.sync, { timeout: 60_000 }).toBe('Synced')
    kubectl('ground-1', '-n', 'rc-auto', 'scale', 'deployment', 'guestbook-ui', '--replicas=3')
    kubectl('ground-1', '-n', 'rc-noheal', 'scale', 'deployment', 'guestbook-ui', '--replicas=3')
    // The watch event alone makes the drift visible (no refresh asked for).
    await expect.poll(() => controller.status('rc-noheal')?.sync, { timeout: 15_000 }).toBe('OutOfSync')
    await expect.poll(() => replicas('rc-auto'), { timeout: 30_000, interval: 500 }).toBe('1')
    await expect.poll(() => controller.status('rc-auto')?.sync, { timeout: 15_000 }).toBe('Synced')
    await new Promise((r) => setTimeout(r, 4000)) // longer than the first self-heal backoff
    expect(replicas('rc-noheal')).toBe('3')
    expect(controller.status('rc-noheal')?.sync).toBe('OutOfSync')
  })
})

describe('a render that fails', () => {
  it('is a ComparisonError naming the real cause; a missing helm does not make the cluster unreachable', async () => {
    const engine = newEngine()
    const helmRepo = FixtureRepo.create(['helm-guestbook'])
    try {
      engine.store.update((d) => {
        d.settings.helmPath = '/nonexistent/helm'
        d.apps = [Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'rc-nohelm' }, spec: { source: { repoURL: helmRepo.url, path: 'helm-guestbook' }, destination: { name: 'ground-1', namespace: 'rc-nohelm' } } })]
      })
      const events: DeskEvent[] = []
      const controller = new ReconcileController(engine, { autoSync: false })
      controller.events.subscribe((batch) => events.push(...batch))
      const status = await controller.refresh('rc-nohelm')
      await controller.stop()
      expect(status).toMatchObject({ sync: 'Unknown', conditions: [{ type: 'ComparisonError', message: expect.stringMatching(/^helm not found at \/nonexistent\/helm/) }] })
      expect(status?.conditions[0]?.message).not.toMatch(/unreachable/)
      expect(events.filter((e) => e.type === 'cluster')).toEqual([])
    } finally {
      helmRepo.remove()
      await engine.close()
    }
  })
})

describe('an unreachable cluster', () => {
  it('marks its apps Unknown with the reason; other clusters keep their schedule; it recovers without a restart', async () => {
    const engine = newEngine()
    engine.store.update((d) => void (d.apps = [guestbookApp('rc-one', { cluster: 'ground-1' }), guestbookApp('rc-two', { cluster: 'ground-2' })]))
    const events: DeskEvent[] = []
    const controller = new ReconcileController(engine, { intervalMs: 1500, jitterMs: 0, autoSync: false })
    controller.events.subscribe((batch) => events.push(...batch))
    controller.start()
    try {
      await expect.poll(() => controller.status('rc-two')?.sync, { timeout: 30_000 }).toBe('OutOfSync')
      await stopApiserver(inject('groundDir'), 2)
      try {
        await expect.poll(() => controller.status('rc-two')?.sync, { timeout: 30_000 }).toBe('Unknown')
        expect(controller.status('rc-two')?.conditions[0]?.message).toMatch(/cluster ground-2 is unreachable: .*(refused|reach)/)
        await expect.poll(() => events.some((e) => e.type === 'cluster' && e.context === 'ground-2' && !e.reachable)).toBe(true)
        const before = controller.status('rc-one')!.reconciledAt
        await new Promise((r) => setTimeout(r, 4000))
        expect(Date.parse(controller.status('rc-one')!.reconciledAt)).toBeGreaterThan(Date.parse(before))
        expect(controller.status('rc-one')?.sync).toBe('OutOfSync')
      } finally {
        await startApiserver(inject('groundDir'), 2)
      }
      await expect.poll(() => controller.status('rc-two')?.sync, { timeout: 90_000, interval: 500 }).toBe('OutOfSync')
      await expect.poll(() => events.some((e) => e.type === 'cluster' && e.context === 'ground-2' && e.reachable)).toBe(true)
    } finally {
      await controller.stop()
      await engine.close()
    }
  })
})

describe('app-of-apps', () => {
  it('registers the children the parent renders, and removes one dropped from the values', async () => {
    const engine = newEngine()
    const parent = Application.parse({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'rc-parent' },
      spec: {
        source: { repoURL: repo.url, path: 'apps', helm: { valuesObject: { config: { spec: { source: { repoURL: repo.url, targetRevision: 'HEAD' } } } } } },
        destination: { name: 'ground-1', namespace: 'rc-parent' },
      },
    })
    engine.store.update((d) => void (d.apps = [parent]))
    const controller = new ReconcileController(engine, { autoSync: false })
    try {
      const status = await controller.refresh('rc-parent')
      const children = () => engine.store.read().apps.filter((a) => a.metadata.annotations?.[parentAnnotation] === 'rc-parent').map((a) => a.metadata.name)
      expect(children()).toContain('example.guestbook')
      expect(children()).toContain('example.sock-shop')
      expect(engine.store.read().apps.find((a) => a.metadata.name === 'example.guestbook')?.spec.source?.repoURL).toBe(repo.url)
      // A child with a config management plugin source is registered like the others (it renders once that plugin is added).
      expect(children()).toContain('example.plugin-nix')
      expect(status?.conditions.filter((c) => c.type === 'InvalidSpecError')).toEqual([])
      // The parent's own target holds no Application objects: nothing of it is applied to the cluster.
      expect(status?.resources.filter((r) => r.key.includes('/Application/'))).toEqual([])

      const valuesPath = join(repo.dir, 'apps/values.yaml')
      const values = YAML.parse(readFileSync(valuesPath, 'utf8'))
      values.applications = values.applications.filter((a: { name: string }) => a.name !== 'guestbook')
      writeFileSync(valuesPath, YAML.stringify(values))
      repo.commit('drop guestbook')
      await controller.refresh('rc-parent')
      expect(children()).not.toContain('example.guestbook')
      expect(children()).toContain('example.sock-shop')
    } finally {
      await controller.stop()
      await engine.close()
    }
  })
})

describe('at scale', () => {
  it('50 apps over 2 clusters reconcile with bounded concurrency, and a steady-state cycle lists nothing', async () => {
    const engine = newEngine()
    const apps = Array.from({ length: 50 }, (_, i) => guestbookApp(`rc-many-${i}`, { cluster: i % 2 ? 'ground-2' : 'ground-1' }))
    engine.store.update((d) => void (d.apps = apps))
    const controller = new ReconcileController(engine, { concurrency: 6, autoSync: false })
    try {
      const first = await controller.reconcileAll()
      expect(first).toHaveLength(50)
      expect(new Set(first.map((s) => s.context))).toEqual(new Set(['ground-1', 'ground-2']))
      expect(first.every((s) => s.sync === 'OutOfSync' && s.conditions.length === 0)).toBe(true)
      expect(controller.stats.peakConcurrent).toBeLessThanOrEqual(6)
      expect(controller.stats.peakConcurrent).toBeGreaterThan(1)
      const lists = () => engine.liveCache('ground-1').listCalls + engine.liveCache('ground-2').listCalls
      const before = lists()
      expect(before).toBeGreaterThan(0)
      const second = await controller.reconcileAll()
      expect(second.map((s) => s.sync)).toEqual(first.map((s) => s.sync))
      expect(lists()).toBe(before)
    } finally {
      await controller.stop()
      await engine.close()
    }
  })
})

describe('a refresh of many apps of one repository', () => {
  it('renders a new commit once for all of them, and each app compares its own objects at that commit', async () => {
    const own = FixtureRepo.create(['guestbook'])
    const engine = newEngine()
    const apps = Array.from({ length: 24 }, (_, i) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `rc-share-${i}` }, spec: { source: { repoURL: own.url, path: 'guestbook' }, destination: { name: 'ground-1', namespace: `rc-share-${i}` } } }))
    engine.store.update((d) => void (d.apps = apps))
    const controller = new ReconcileController(engine, { concurrency: 6, autoSync: false })
    try {
      await controller.reconcileAll()
      expect(engine.renderer.shared.stats.rendered).toBe(1)
      const path = join(own.dir, 'guestbook/guestbook-ui-svc.yaml')
      writeFileSync(path, readFileSync(path, 'utf8').replace('guestbook-ui', 'guestbook-web'))
      const head = own.commit('rename the service')
      const statuses = await Promise.all(apps.map((a) => controller.refresh(a.metadata.name)))
      expect(engine.renderer.shared.stats.rendered).toBe(2)
      statuses.forEach((status, i) => {
        expect(status?.revision).toBe(head)
        expect(status?.resources.map((r) => r.key)).toContain(`/Service/rc-share-${i}/guestbook-web`)
        expect(status?.resources.every((r) => r.key.includes(`/rc-share-${i}/`))).toBe(true)
      })
    } finally {
      await controller.stop()
      await engine.close()
      own.remove()
    }
  })
})

describe('sleep and wake', () => {
  it('pause() stops the timers (the machine sleeps); resume() compares every app at once', async () => {
    const engine = newEngine()
    engine.store.update((d) => void (d.apps = [guestbookApp('rc-sleep')]))
    const controller = new ReconcileController(engine, { intervalMs: 1000, jitterMs: 0, autoSync: false })
    controller.start()
    try {
      await expect.poll(() => controller.status('rc-sleep')?.sync, { timeout: 30_000 }).toBe('OutOfSync')
      controller.pause()
      await new Promise((r) => setTimeout(r, 300)) // a compare already running may finish
      const asleep = controller.stats.reconciles
      await new Promise((r) => setTimeout(r, 2500))
      expect(controller.stats.reconciles).toBe(asleep)
      controller.resume()
      await expect.poll(() => controller.stats.reconciles, { timeout: 10_000 }).toBeGreaterThan(asleep)
    } finally {
      await controller.stop()
      await engine.close()
    }
  })
})

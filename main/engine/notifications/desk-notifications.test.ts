import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MemorySecrets } from '../../../test/support/memory-secrets'
import { parseUserYaml } from '../base/yaml-docs'
import { openDeskStore } from '../store/desk-store'
import type { NotificationApp } from './center'
import { DeskNotifications, notificationSecretAccount } from './desk-notifications'
import { configMapDataOf, notificationsCatalog, secretValuesOf } from './manifests'

const secret = 'tok-3b9f1c2e7d5a'
const fixture = (name: string) => parseUserYaml(readFileSync(join(import.meta.dirname, 'testdata', `${name}.yaml`), 'utf8'), name) as NotificationApp
const subscribed = (app: NotificationApp): NotificationApp => ({ ...app, metadata: { ...app.metadata, name: 'shop', annotations: { 'notifications.argoproj.io/subscribe.on-sync-succeeded.hook': '' } } })

let server: Server
let port = 0
const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = []
/** How the next requests are answered: the server quotes the header it got, as a careless one does. */
let failNext = 0
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      if (failNext > 0) {
        failNext--
        res.writeHead(500).end(`refused token ${String(req.headers['x-token'])}`)
      } else res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as { port: number }).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const dirs: string[] = []
const running: DeskNotifications[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((n) => n.stop()))
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
  received.length = 0
  failNext = 0
})

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-notifications-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  const secrets = new MemorySecrets()
  const logs: string[] = []
  /** What Settings would have listed at each line logged (a failure is logged once it is listed). */
  const listed: ReturnType<DeskNotifications['failures']>[] = []
  const desktop: { title: string; body: string }[] = []
  /** The failed deliveries each time the engine said they changed (what Settings would fetch then). */
  const announced: ReturnType<DeskNotifications['failures']>[] = []
  const notifications: DeskNotifications = new DeskNotifications({ store, secrets, desktop: (n) => desktop.push(n), mail: async () => undefined, log: (line) => (logs.push(line), listed.push(notifications.failures())), deliveriesChanged: () => announced.push(notifications.failures()), retry: { firstMs: 100, factor: 2, maxMs: 1000, limit: 5 } })
  notifications.start()
  running.push(notifications)
  return { store, secrets, logs, listed, announced, desktop, notifications }
}

const cmYaml = () => `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-notifications-cm}
data:
  service.webhook.hook: |
    url: http://127.0.0.1:${port}/base
    headers:
    - name: X-Token
      value: $token
  context: |
    argocdUrl: https://argocd.example.com
  template.app-sync-succeeded: |
    message: "{{.app.metadata.name}} synced at {{.app.status.operationState.finishedAt}}"
    webhook:
      hook:
        method: POST
        path: /apps/{{.app.metadata.name}}
        body: '{"app": "{{.app.metadata.name}}", "phase": "{{.app.status.operationState.phase}}"}'
  trigger.on-sync-succeeded: |
    - when: app.status.operationState != nil and app.status.operationState.phase in ['Succeeded']
      send: [app-sync-succeeded]
      oncePer: app.status.operationState?.syncResult?.revision
`
const secretYaml = `apiVersion: v1
kind: Secret
metadata: {name: argocd-notifications-secret}
stringData:
  token: ${secret}
`

describe('notifications delivered by webhook', () => {
  it('a sync that succeeds sends the rendered template with the secret header, once per revision', async () => {
    const { notifications, store } = setup()
    await notifications.import(configMapDataOf(cmYaml(), 'cm.yaml'), secretValuesOf(secretYaml, 'secret.yaml'), 'cm.yaml')
    expect(JSON.stringify(store.read())).not.toContain(secret)
    await notifications.observe(subscribed(fixture('running')))
    await notifications.observe(subscribed(fixture('synced-succeeded')))
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1)
    expect(received[0]).toMatchObject({ method: 'POST', url: '/base/apps/shop', body: '{"app": "shop", "phase": "Succeeded"}' })
    expect(received[0]!.headers['x-token']).toBe(secret)
    await notifications.observe(subscribed(fixture('synced-succeeded')))
    await notifications.observe(subscribed(fixture('running')))
    await notifications.observe(subscribed(fixture('synced-succeeded')))
    expect(received.length).toBe(1)
  })

  it('a 500 is retried with backoff; the error listed and logged is masked', async () => {
    const { notifications, logs, listed } = setup()
    await notifications.import(configMapDataOf(cmYaml(), 'cm.yaml'), secretValuesOf(secretYaml, 'secret.yaml'), 'cm.yaml')
    failNext = 2
    await notifications.observe(subscribed(fixture('running')))
    await notifications.observe(subscribed(fixture('synced-succeeded')))
    await expect.poll(() => listed.flat().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
    const failure = listed.flat()[0]!
    expect(failure).toMatchObject({ app: 'shop', trigger: 'on-sync-succeeded', service: 'hook', nextRetryAt: expect.any(String) })
    expect(failure.lastError).toContain('has failed with error code 500')
    expect(failure.lastError).toContain('refused token ******')
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(3)
    await expect.poll(() => notifications.failures(), { timeout: 20_000 }).toEqual([])
    expect(logs.join('\n')).toContain('failed (try 2)')
    expect(logs.join('\n')).not.toContain(secret)
  })

  it('says when the failed deliveries change (Settings shows them without asking again and again)', async () => {
    const { notifications, announced } = setup()
    await notifications.import(configMapDataOf(cmYaml(), 'cm.yaml'), secretValuesOf(secretYaml, 'secret.yaml'), 'cm.yaml')
    failNext = 2
    await notifications.observe(subscribed(fixture('running')))
    await notifications.observe(subscribed(fixture('synced-succeeded')))
    // Failed (listed), failed again (its tries and error changed), then sent on the next retry (gone): each announced with the list as it was then.
    await expect.poll(() => announced.map((list) => list.length), { timeout: 20_000 }).toEqual([1, 1, 0])
    expect(announced[1]![0]!.attempts).toBe(2)
    failNext = 10
    notifications.forget('shop')
    await notifications.observe(subscribed(fixture('running')))
    await notifications.observe(subscribed(fixture('synced-succeeded')))
    await expect.poll(() => announced.at(-1)?.length, { timeout: 20_000 }).toBe(1)
    const before = announced.length
    notifications.deliveries.dismiss(announced.at(-1)![0]!.id)
    expect(announced.length).toBe(before + 1)
    expect(announced.at(-1)).toEqual([])
    notifications.deliveries.dismiss('no-such-delivery')
    expect(announced.length).toBe(before + 1)
  })
})

describe('the config', () => {
  it('refuses an unknown key or field, naming it, and keeps nothing', async () => {
    const { notifications, store, secrets } = setup()
    const bad = cmYaml().replace('  context: |', '  contxt: |')
    await expect(notifications.import(configMapDataOf(bad, 'cm.yaml'), secretValuesOf(secretYaml, 'secret.yaml'), 'cm.yaml')).rejects.toThrow("unknown key 'contxt'")
    const badField = cmYaml().replace('      send: [app-sync-succeeded]', '      sends: [app-sync-succeeded]')
    await expect(notifications.import(configMapDataOf(badField, 'cm.yaml'), null, 'cm.yaml')).rejects.toThrow("trigger.on-sync-succeeded.0: unknown field 'sends'")
    const badWhen = cmYaml().replace("phase in ['Succeeded']", "phase in ['Succeeded'")
    await expect(notifications.import(configMapDataOf(badWhen, 'cm.yaml'), secretValuesOf(secretYaml, 'secret.yaml'), 'cm.yaml')).rejects.toThrow(/trigger.on-sync-succeeded\[0\].when: /)
    expect(store.read().notifications.configMap).toEqual({})
    expect(secrets.values.size).toBe(0)
  })

  it('puts the secret in the keychain and takes it out on reset', async () => {
    const { notifications, store, secrets } = setup()
    await notifications.import(configMapDataOf(cmYaml(), 'cm.yaml'), secretValuesOf(secretYaml, 'secret.yaml'), 'cm.yaml')
    expect(secrets.values.get(notificationSecretAccount('token'))).toBe(secret)
    expect(store.read().notifications.secretKeys).toEqual(['token'])
    await notifications.reset()
    expect(secrets.values.size).toBe(0)
    expect(notifications.config().triggers['on-deployed']).toEqual(notificationsCatalog().config.triggers['on-deployed'])
  })

  it('without a config, the desktop gets the catalog triggers it notified before', async () => {
    const { notifications, desktop } = setup()
    const app = { ...fixture('running'), metadata: { name: 'shop' } }
    await notifications.observe(app)
    await notifications.observe({ ...fixture('sync-failed'), metadata: { name: 'shop' } })
    await expect.poll(() => desktop.length, { timeout: 20_000 }).toBe(1)
    expect(desktop[0]).toMatchObject({ title: 'Failed to sync application shop.', body: expect.stringContaining('The sync operation of application shop has failed at 2026-12-01T10:06:03Z with the following error: one or more objects failed to apply') })
  })
})

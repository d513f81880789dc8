import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { createApiHandlers } from '../../main/api/handlers'
import { Application } from '../../main/engine/model/app-schema'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import { FixtureRepo } from '../ground/git-fixture'
import { runKubectl } from '../support/kubectl'

// Issue 36: Argo CD's notifications from a real sync on the ground. A webhook server on 127.0.0.1
// gets the rendered template with the header from argocd-notifications-secret (kept in the real
// keychain); a 500 is retried with backoff; the secret appears in no response, log or file.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const token = `hook-token-${randomBytes(8).toString('hex')}`
const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = []
let failNext = 0
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body })
    // A careless server quotes what it was sent: the masking is what keeps it off the screen.
    if (failNext > 0 && failNext--) res.writeHead(500).end(`bad token ${String(req.headers['x-token'])}`)
    else res.writeHead(204).end()
  })
})
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-notify-'))
const desk = openDesk({ dataDir, secrets: new KeychainSecrets(`gitops-desk-test-${randomBytes(4).toString('hex')}`), syncPollMs: 250, controller: { intervalMs: 600_000, jitterMs: 0, watchDebounceMs: 200 } })
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
const api = createApiHandlers(desk)
const logged: string[] = []
const originalError = console.error

beforeAll(async () => {
  console.error = (...args: unknown[]) => (logged.push(args.map(String).join(' ')), originalError(...args))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const cm = `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-notifications-cm}
data:
  service.webhook.hook: |
    url: http://127.0.0.1:${port}
    headers:
    - {name: X-Token, value: $token}
  template.synced: |
    webhook:
      hook:
        method: POST
        path: /synced
        body: '{"app":"{{.app.metadata.name}}","revision":"{{.app.status.operationState.syncResult.revision}}","phase":"{{.app.status.operationState.phase}}"}'
  trigger.on-synced: |
    - when: app.status.operationState != nil and app.status.operationState.phase in ['Succeeded']
      oncePer: app.status.operationState?.syncResult?.revision
      send: [synced]
`
  const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: argocd-notifications-secret}\nstringData: {token: ${token}}\n`
  await api.importNotifications(cm, secret)
})
afterAll(async () => {
  console.error = originalError
  await desk.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
})

function subscribedApp(name: string): string {
  const app = Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, annotations: { 'notifications.argoproj.io/subscribe.on-synced.hook': '' } },
    spec: { source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } },
  })
  desk.stored.saveObjects([app], [])
  desk.compareSoon([name])
  return name
}

describe('notifications from a sync on the ground', () => {
  it('a sync that succeeds reaches the webhook, rendered, with the secret header', async () => {
    const name = subscribedApp('notify-web')
    await expect.poll(() => desk.getApp(name).status?.sync, { timeout: 60_000 }).toBe('OutOfSync')
    await desk.sync(name, {})
    await desk.waitForOperation(name)
    await expect.poll(() => received.filter((r) => r.url === '/synced').length, { timeout: 30_000 }).toBe(1)
    const [call] = received
    expect(call!.method).toBe('POST')
    expect(call!.headers['x-token']).toBe(token)
    expect(JSON.parse(call!.body)).toEqual({ app: name, revision: repo.head(), phase: 'Succeeded' })
  })

  it('a 500 is retried with backoff, listed in Settings with the secret masked', async () => {
    const name = subscribedApp('notify-retry')
    await expect.poll(() => desk.getApp(name).status?.sync, { timeout: 60_000 }).toBe('OutOfSync')
    const before = received.length
    failNext = 1
    await desk.sync(name, {})
    await desk.waitForOperation(name)
    await expect.poll(async () => (await api.notifications()).failures.find((f) => f.app === name), { timeout: 30_000 }).toMatchObject({ service: 'hook', trigger: 'on-synced', attempts: 1, lastError: expect.stringContaining('bad token ******'), nextRetryAt: expect.any(String) })
    // The first retry is 5 s later (Argo CD's backoff); it succeeds and the failure goes.
    await expect.poll(() => received.length - before, { timeout: 60_000 }).toBe(2)
    await expect.poll(async () => (await api.notifications()).failures.find((f) => f.app === name), { timeout: 30_000 }).toBeUndefined()
    expect(logged.join('\n')).toContain('failed (try 1)')
    expect(logged.join('\n')).not.toContain(token)
    expect(JSON.stringify(await api.notifications())).not.toContain(token)
    expect(readFileSync(desk.engine.store.path, 'utf8')).not.toContain(token)
  })

  it('takes the config and its secret from a running Argo CD (read with the context), into the keychain', async () => {
    const namespace = 'notify-import'
    const secret = `from-cluster-${randomBytes(6).toString('hex')}`
    runKubectl('ground-1', ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-notifications-cm', namespace }, data: { 'service.webhook.ops': 'url: http://127.0.0.1:9/ops\nheaders:\n- {name: Authorization, value: Bearer $ops-token}\n', 'template.t': 'message: hi', 'trigger.on-t': '- when: "true"\n  send: [t]\n' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'argocd-notifications-secret', namespace }, stringData: { 'ops-token': secret } },
      ],
    }))
    const view = await api.importNotificationsFrom('ground-1', namespace)
    expect(view).toMatchObject({ source: `ConfigMap argocd-notifications-cm in ${namespace} (ground-1)`, services: [{ name: 'ops', type: 'webhook', secrets: ['ops-token'] }], secretKeys: ['ops-token'], triggers: [{ name: 'on-t' }] })
    expect(JSON.stringify(view)).not.toContain(secret)
    expect(readFileSync(desk.engine.store.path, 'utf8')).not.toContain(secret)
    expect(await desk.engine.secrets.get('notifications-secret:ops-token')).toBe(secret)
    await api.resetNotifications()
    expect(await desk.engine.secrets.get('notifications-secret:ops-token')).toBeNull()
    runKubectl('ground-1', ['delete', 'namespace', namespace, '--wait=false'])
  })
})

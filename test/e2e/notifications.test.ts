import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'

// Issue 36: Argo CD's notifications set up through Settings in Chromium, as a user does: paste
// argocd-notifications-cm and its Secret, see the services and triggers in force (the secret's
// key set, its value nowhere), sync a subscribed app on the ground and the webhook on 127.0.0.1
// gets the rendered template; a failing webhook shows in Settings by itself (no reload), masked,
// and is dismissed there.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const token = `hook-token-${randomBytes(8).toString('hex')}`
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = []
let failing = false
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    received.push({ url: req.url!, headers: req.headers, body })
    // A careless server quotes what it was sent: only the masking keeps the token off the screen.
    if (failing) res.writeHead(500).end(`bad token ${String(req.headers['x-token'])}`)
    else res.writeHead(204).end()
  })
})
const app = 'notify-e2e'

describe('notifications through Settings, in Chromium', () => {
  let ui: OpenUi
  let page: Page
  const gitops = <T,>(method: keyof GitopsApi, ...args: unknown[]) => page.evaluate(([m, a]) => (globalThis as unknown as { gitops: Record<string, (...x: unknown[]) => Promise<unknown>> }).gitops[m as string]!(...(a as unknown[])), [method, args] as const) as Promise<T>
  const section = () => page.getByRole('region', { name: 'Notifications' })
  const syncAndWait = async () => {
    await gitops('syncApp', app, {})
    await expect.poll(async () => (await gitops<{ name: string; status?: { sync: string; operation?: { phase: string } } }[]>('listApps')).find((a) => a.name === app)?.status?.sync, { timeout: 120_000 }).toBe('Synced')
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    ui = await openUi('notifications', kubeconfig, bin.binDir)
    page = ui.page
    const yaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}, annotations: {notifications.argoproj.io/subscribe.on-synced.hook: ""}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await gitops('saveAppYaml', yaml)
  }, 120_000)
  afterAll(async () => {
    await ui?.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    repo.remove()
  })

  it('a pasted config and secret are in force: services, triggers, the secret key set and its value shown nowhere', { timeout: 120_000 }, async () => {
    await page.getByRole('button', { name: 'Settings' }).click()
    await section().getByRole('heading', { name: 'Notifications' }).waitFor()
    // Before any import: Argo CD's catalog, with the desktop's triggers.
    await expect.poll(() => section().getByRole('table', { name: 'Notification triggers' }).getByText('on-sync-succeeded', { exact: true }).count()).toBe(1)
    const port = (server.address() as { port: number }).port
    const cm = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: argocd-notifications-cm}',
      'data:',
      '  service.webhook.hook: |',
      `    url: http://127.0.0.1:${port}`,
      '    headers:',
      '    - {name: X-Token, value: $token}',
      '  template.synced: |',
      '    webhook:',
      '      hook:',
      '        method: POST',
      '        path: /synced',
      `        body: '{"app":"{{.app.metadata.name}}","revision":"{{.app.status.operationState.syncResult.revision}}"}'`,
      '  trigger.on-synced: |',
      "    - when: app.status.operationState != nil and app.status.operationState.phase in ['Succeeded']",
      '      oncePer: app.status.operationState?.syncResult?.revision',
      '      send: [synced]',
    ].join('\n')
    const secretYaml = `apiVersion: v1\nkind: Secret\nmetadata: {name: argocd-notifications-secret}\nstringData: {token: ${token}}\n`
    // A mistake first: refused beside the form, naming the key, and the pasted secret is kept to be corrected.
    await section().getByLabel('argocd-notifications-cm', { exact: true }).fill(cm.replace('trigger.on-synced', 'triggr.on-synced'))
    await section().getByLabel(/^argocd-notifications-secret/).fill(secretYaml)
    await section().getByRole('button', { name: 'Import notifications config' }).click()
    await expect.poll(() => section().getByRole('alert').textContent(), { timeout: 30_000 }).toContain('triggr.on-synced')
    expect(await section().getByLabel(/^argocd-notifications-secret/).inputValue()).toBe(secretYaml)
    await section().getByLabel('argocd-notifications-cm', { exact: true }).fill(cm)
    await section().getByRole('button', { name: 'Import notifications config' }).click()
    await expect.poll(() => section().getByRole('status').filter({ hasText: 'Notifications config imported' }).count(), { timeout: 30_000 }).toBe(1)
    const services = section().getByRole('table', { name: 'Notification services' })
    await expect.poll(() => services.getByRole('row').filter({ hasText: 'hook' }).textContent(), { timeout: 30_000 }).toMatch(/hook\s*webhook\s*\$token \(set\)/)
    expect(await section().getByRole('table', { name: 'Notification triggers' }).getByRole('row').filter({ hasText: 'on-synced' }).textContent()).toContain('synced')
    // The secret went to the keychain: the form is cleared and the page never shows it.
    expect(await section().getByLabel(/^argocd-notifications-secret/).inputValue()).toBe('')
    expect(await page.content()).not.toContain(token)
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document.querySelector('[aria-labelledby="notifications-title"]'), { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string }[] }
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
  })

  it('a sync of the subscribed app reaches the webhook, rendered, with the header from the secret', { timeout: 240_000 }, async () => {
    await syncAndWait()
    await expect.poll(() => received.filter((r) => r.url === '/synced').length, { timeout: 60_000 }).toBe(1)
    expect(received[0]!.headers['x-token']).toBe(token)
    expect(JSON.parse(received[0]!.body)).toEqual({ app, revision: repo.head() })
  })

  it('a failing webhook shows in Settings by itself, masked; Dismiss takes it away', { timeout: 240_000 }, async () => {
    failing = true
    writeFileSync(join(repo.dir, 'guestbook', 'note.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: note}\ndata: {n: "2"}\n')
    repo.commit('a second revision: another on-synced (oncePer revision)')
    await gitops('refreshApp', app, { hard: true })
    await expect.poll(async () => (await gitops<{ name: string; status?: { sync: string } }[]>('listApps')).find((a) => a.name === app)?.status?.sync, { timeout: 120_000 }).toBe('OutOfSync')
    await syncAndWait()
    // Settings stays open: the failure arrives as an event.
    const failures = section().getByRole('table', { name: 'Failed notification deliveries' })
    await expect.poll(() => failures.getByRole('row').filter({ hasText: app }).count(), { timeout: 60_000 }).toBe(1)
    const row = failures.getByRole('row').filter({ hasText: app })
    expect(await row.textContent()).toContain('bad token ******')
    expect(await page.content()).not.toContain(token)
    failing = false
    await row.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => section().getByText('No failed deliveries.').count(), { timeout: 30_000 }).toBe(1)
  })
})

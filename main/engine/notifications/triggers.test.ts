import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseUserYaml } from '../base/yaml-docs'
import { parseNotificationsConfig } from './config'
import { closeNotifyWorkers, compileExpressions, evaluateConditions } from './go-notify'
import { notificationsCatalog } from './manifests'
import { formatNotification } from './templates'
import { NotifiedState, runTrigger } from './triggers'

const app = (name: string) => parseUserYaml(readFileSync(join(import.meta.dirname, 'testdata', `${name}.yaml`), 'utf8'), name)
const vars = (name: string) => ({ app: app(name), context: { argocdUrl: 'https://argocd.example.com' } })
afterAll(() => closeNotifyWorkers())

/** Which of the catalog's triggers fire for an app state. */
async function firing(name: string): Promise<string[]> {
  const { config } = notificationsCatalog()
  const fired: string[] = []
  for (const trigger of Object.keys(config.triggers).sort()) {
    if ((await runTrigger(config, trigger, vars(name))).some((r) => r.triggered)) fired.push(trigger)
  }
  return fired
}

describe("Argo CD's catalog triggers", () => {
  it.each([
    ['synced-succeeded', ['on-created', 'on-deployed', 'on-sync-succeeded']],
    ['sync-failed', ['on-created', 'on-sync-failed']],
    ['degraded', ['on-created', 'on-health-degraded', 'on-sync-succeeded']],
    ['running', ['on-created', 'on-sync-running']],
    ['created', ['on-created']],
    ['deleted', ['on-created', 'on-deleted']],
    ['sync-unknown', ['on-created', 'on-sync-status-unknown']],
  ])('%s fires %j', async (name, expected) => {
    expect(await firing(name)).toEqual(expected)
  })

  it('gives oncePer the sync revision, and nothing for an app never synced', async () => {
    const { config } = notificationsCatalog()
    expect((await runTrigger(config, 'on-sync-succeeded', vars('synced-succeeded')))[0]!.oncePer).toBe('1a1b1c1d1e1f1a1b1c1d1e1f1a1b1c1d1e1f1a1b')
    expect((await runTrigger(config, 'on-created', vars('created')))[0]!.oncePer).toBe('created')
  })
})

describe('catalog templates', () => {
  it('renders the message, the subject and the Slack attachment as Argo CD writes them', async () => {
    const { config } = notificationsCatalog()
    const n = await formatNotification(config, ['app-sync-succeeded'], { ...vars('synced-succeeded'), serviceType: 'slack' })
    expect(n.message).toBe(':white_check_mark: Application synced-succeeded has been successfully synced at 2026-12-01T10:05:20Z.\nSync operation details are available at: https://argocd.example.com/applications/synced-succeeded?operation=true .\n')
    expect(n.email?.subject).toBe('Application synced-succeeded has been successfully synced.')
    expect(JSON.parse(String(n.slack?.attachments))[0].fields[1]).toEqual({ title: 'Repository', value: ':arrow_heading_up: https://github.com/argoproj/argocd-example-apps.git', short: true })
  })

  it('a multi-source app lists its repositories', async () => {
    const { config } = notificationsCatalog()
    const n = await formatNotification(config, ['app-deployed'], { ...vars('multi-source'), serviceType: 'webhook' })
    expect(n.message?.startsWith(' Application multi-source is now running')).toBe(true)
    expect(JSON.parse(String(n.teams?.facts))[1].value).toBe('⬆️ https://github.com/argoproj/argocd-example-apps.git\n⬆️ git@github.com:example/values.git')
  })
})

describe('expressions and templates', () => {
  it('has the helpers Argo CD gives conditions: time, strings, repo', async () => {
    const results = await evaluateConditions(
      [
        { when: 'time.Now().Sub(time.Parse(app.metadata.creationTimestamp)) > 5 * time.Minute' },
        { when: "strings.ToUpper(app.metadata.name) == 'SYNCED-SUCCEEDED' and 'guestbook' in map(app.spec.source.path | split('/'), #)" },
        { when: "repo.FullNameByRepoURL(app.spec.source.repoURL) == 'argoproj/argocd-example-apps'", oncePer: 'app.status.sync.revision' },
        { when: 'app.status.nothing.here == 1' },
        { when: "time.Parse('yesterday').Before(time.Now())" },
      ],
      vars('synced-succeeded'),
    )
    expect(results.map((r) => r.triggered)).toEqual([true, true, true, false, false])
    expect(results[2]!.oncePer).toBe('1a1b1c1d1e1f1a1b1c1d1e1f1a1b1c1d1e1f1a1b')
    expect(results[4]!.error).toMatch(/cannot parse "yesterday"/)
  })

  it('refuses a condition that does not compile, naming where', async () => {
    expect(await compileExpressions(['true', 'app.status.sync.status == '])).toMatchObject({ index: 1, error: expect.stringMatching(/unexpected token EOF/) })
  })

  it('renders repo helpers with call and never exposes secrets', async () => {
    const config = parseNotificationsConfig({ 'template.t': 'message: "{{call .repo.RepoURLToHTTPS \\"git@github.com:a/b.git\\"}} {{call .repo.FullNameByRepoURL .app.spec.source.repoURL}} {{.context.notificationType}} [{{.secrets}}]"' }, 'test')
    const n = await formatNotification(config, ['t'], { ...vars('created'), serviceType: 'webhook' })
    expect(n.message).toBe('https://github.com/a/b.git argoproj/argocd-example-apps webhook [<no value>]')
  })

  it('stops a template that loops at its limit', async () => {
    const config = parseNotificationsConfig({ 'template.t': 'message: "{{range until 100000000}}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{end}}"' }, 'test')
    await expect(formatNotification(config, ['t'], vars('created'))).rejects.toThrow(/template.t.*(limit|larger|KiB|MiB|memory|time)/)
  })
})

describe('the notified state', () => {
  const destination = { service: 'webhook', recipient: '' }
  const result = (triggered: boolean, oncePer = '') => ({ key: '[0].x', when: 'x', triggered, oncePer, templates: [] })
  it('notifies once while a condition fires, and again after it stopped (no oncePer)', () => {
    const state = new NotifiedState()
    expect(state.set('t', result(true), destination, true)).toBe(true)
    expect(state.set('t', result(true), destination, true)).toBe(false)
    expect(state.set('t', result(false), destination, false)).toBe(true)
    expect(state.set('t', result(true), destination, true)).toBe(true)
  })
  it('with oncePer, once per value', () => {
    const state = new NotifiedState()
    expect(state.set('t', result(true, 'rev1'), destination, true)).toBe(true)
    expect(state.set('t', result(true, 'rev1'), destination, false)).toBe(false)
    expect(state.set('t', result(true, 'rev1'), destination, true)).toBe(false)
    expect(state.set('t', result(true, 'rev2'), destination, true)).toBe(true)
  })
})

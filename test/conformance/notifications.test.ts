import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse, stringify } from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { parseUserYaml } from '../../main/engine/base/yaml-docs'
import { parseNotificationsConfig } from '../../main/engine/notifications/config'
import { closeNotifyWorkers } from '../../main/engine/notifications/go-notify'
import { notificationsCatalog } from '../../main/engine/notifications/manifests'
import { formatNotification } from '../../main/engine/notifications/templates'
import { runTrigger } from '../../main/engine/notifications/triggers'

// Notifications against Argo CD's own answer: `argocd admin notifications trigger run` and
// `template notify` evaluate a trigger and render a template offline, for an Application in a
// file, with the ConfigMap and Secret from files. The config is Argo CD's catalog (bundled by the
// build) with a context; the apps are main/engine/notifications/testdata, one state each.
const argocd = inject('argocdBinary')
const fixtures = resolve(import.meta.dirname, '../../main/engine/notifications/testdata')
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-notifications-conformance-'))
const context = { argocdUrl: 'https://argocd.example.com' }
const catalog = notificationsCatalog()
const data = { ...catalog.data, context: stringify(context) }
const config = parseNotificationsConfig(data, 'the catalog')
const cmFile = join(work, 'cm.yaml')
writeFileSync(cmFile, stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-notifications-cm' }, data }))
afterAll(async () => {
  await closeNotifyWorkers()
  rmSync(work, { recursive: true, force: true })
})

function argo(args: string[]): string {
  return execFileSync(argocd, ['admin', 'notifications', ...args, '--config-map', cmFile, '--secret', ':empty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, env: { ...process.env, KUBECONFIG: inject('kubeconfig') } })
}

/** Argo CD's verdict on each condition of a trigger (its table: CONDITION, RESULT). */
function argoTrigger(trigger: string, file: string): boolean[] {
  const lines = argo(['trigger', 'run', trigger, file]).trim().split('\n').slice(1)
  return lines.map((line) => /\btrue\s*$/.test(line))
}

const apps = readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).sort()
const triggers = Object.keys(catalog.config.triggers).sort()
const templates = Object.keys(catalog.config.templates).sort()

describe('notifications conformance: which catalog triggers fire', () => {
  it.each(apps)('%s: the same triggers fire as in Argo CD', async (file) => {
    const path = join(fixtures, file)
    const app = parseUserYaml(readFileSync(path, 'utf8'), file)
    const ours: Record<string, boolean[]> = {}
    const theirs: Record<string, boolean[]> = {}
    for (const trigger of triggers) {
      ours[trigger] = (await runTrigger(config, trigger, { app, context })).map((r) => r.triggered)
      theirs[trigger] = argoTrigger(trigger, path)
    }
    expect(ours).toEqual(theirs)
  })
})

describe('notifications conformance: the rendered messages', () => {
  it.each(apps)('%s: every catalog template renders as in Argo CD', async (file) => {
    const path = join(fixtures, file)
    const app = parseUserYaml(readFileSync(path, 'utf8'), file)
    for (const template of templates) {
      // The console service (the command's default recipient, console:stdout) prints the notification as YAML.
      const theirs = parse(argo(['template', 'notify', template, path])) as Record<string, unknown>
      const ours = await formatNotification(config, [template], { app, context, serviceType: 'console', recipient: 'stdout' })
      const pick = (n: Record<string, unknown>) => ({
        message: n.message ?? '',
        email: n.email ?? {},
        teams: n.teams ?? {},
        slack: Object.fromEntries(Object.entries((n.slack ?? {}) as Record<string, unknown>).filter(([k, v]) => typeof v === 'string' && v !== '' && k !== 'deliveryPolicy')),
      })
      expect(pick(ours as Record<string, unknown>), `${template} for ${file}`).toEqual(pick(theirs))
    }
  })
})

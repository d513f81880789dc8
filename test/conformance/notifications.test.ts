import { spawnSync } from 'node:child_process'
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

/** What the command printed: it reports a failure on stderr and still exits 0. */
function argo(args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync(argocd, ['admin', 'notifications', ...args, '--config-map', cmFile, '--secret', ':empty'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, KUBECONFIG: inject('kubeconfig') } })
  if (run.status !== 0) throw new Error(`argocd admin notifications ${args.join(' ')} exited ${run.status}: ${run.stderr}`)
  return { stdout: run.stdout, stderr: run.stderr }
}

/** Argo CD's verdict on each condition of a trigger (its table: CONDITION, RESULT). */
function argoTrigger(trigger: string, file: string): boolean[] {
  const { stdout, stderr } = argo(['trigger', 'run', trigger, file])
  if (!stdout.trim()) throw new Error(`trigger run ${trigger} ${file}: ${stderr}`)
  const lines = stdout.trim().split('\n').slice(1)
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
      // The console service (the command's default recipient, console:stdout) prints the notification
      // as YAML; a template that fails (a field of a missing status) is said on stderr.
      const run = argo(['template', 'notify', template, path])
      const theirs = run.stdout.trim() ? (parse(run.stdout) as Record<string, unknown>) : { error: run.stderr.trim() }
      const ours = await formatNotification(config, [template], { app, context, serviceType: 'console', recipient: 'stdout' }).catch((error: Error) => ({ error: error.message }))
      if ('error' in theirs || 'error' in ours) {
        expect('error' in ours, `${template} for ${file}: Argo CD ${'error' in theirs ? `failed (${String(theirs.error)})` : 'rendered it'}, GitOps Desk ${'error' in ours ? `failed (${String(ours.error)})` : 'rendered it'}`).toBe('error' in theirs)
        continue
      }
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

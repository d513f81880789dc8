import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { dispatch } from '../../main/api/dispatch'
import { createApiHandlers } from '../../main/api/handlers'
import { MemorySecrets } from '../support/memory-secrets'
import type { ApiErrorData, Envelope } from '../../shared/errors'
import { FixtureRepo } from '../ground/git-fixture'

// Bad input is refused with the reason (field and line), and nothing is stored: through the real
// CLI (its own data folder) and through the API (the contract's dispatch, as both transports use).
const bin = inject('groundBinaries')
const kubeconfig = inject('kubeconfig')
const repo = FixtureRepo.create(['guestbook'])
const cliData = mkdtempSync(join(tmpdir(), 'gitops-desk-bad-cli-'))
const apiData = mkdtempSync(join(tmpdir(), 'gitops-desk-bad-api-'))
const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: cliData, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })

const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const desk = openDesk({ dataDir: apiData, secrets: new MemorySecrets(), start: false, controller: { autoSync: false } })
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
const handlers = createApiHandlers(desk)
const call = (method: string, ...args: unknown[]) => dispatch(handlers, method, args) as Promise<Envelope<unknown>>
const refusal = async (method: string, ...args: unknown[]): Promise<ApiErrorData> => {
  const reply = await call(method, ...args)
  if (reply.ok) throw new Error(`${method} was not refused: ${JSON.stringify(reply.value)}`)
  return reply.error
}
afterAll(async () => {
  await desk.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
  rmSync(cliData, { recursive: true, force: true })
  rmSync(apiData, { recursive: true, force: true })
})

const application = (name: string, source: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook', ...source }, destination: { name: 'ground-1', namespace: 'bad-input' }, ...extra } })
const applicationSet = (name: string, template: Record<string, unknown>, elements: Record<string, string>[] = [{ env: 'dev' }]) =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name }, spec: { generators: [{ list: { elements } }], template } })
const template = (spec: Record<string, unknown> = {}, name = 'gb-{{env}}') => ({ metadata: { name }, spec: { project: 'default', source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'guestbook' }, destination: { name: 'ground-1', namespace: 'gb-{{env}}' }, ...spec } })

/** Each bad text, and what its refusal must say (the line is that of the YAML text). */
const badApps: { what: string; text: string; says: RegExp }[] = [
  { what: 'a misspelt targetRevision', text: application('typo', { targetRevison: 'HEAD' }), says: /:\d+ spec\.source\.targetRevison: unknown field "spec\.source\.targetRevison" \(did you mean "targetRevision"\?\)/ },
  { what: 'syncPolicy.automatic', text: application('auto', {}, { syncPolicy: { automatic: { prune: true } } }), says: /:\d+ spec\.syncPolicy\.automatic: unknown field "spec\.syncPolicy\.automatic" \(did you mean "automated"\?\)/ },
  { what: 'an upper-case, underscored name', text: application('Bad_Name', {}), says: /:\d+ metadata\.name: invalid name "Bad_Name": must be a lower-case DNS-1123 name/ },
  { what: 'a name with capitals', text: application('guestbook-DEV', {}), says: /:\d+ metadata\.name: invalid name "guestbook-DEV"/ },
  { what: 'a name of 300 characters', text: application('a'.repeat(300), {}), says: /:\d+ metadata\.name: invalid name "a{60}…": must be no more than 253 characters \(it has 300\)/ },
]
const badAppSets: { what: string; text: string; says: RegExp }[] = [
  { what: 'a misspelt field in the template', text: applicationSet('typo-set', template({ syncPolicy: { automatic: {} } })), says: /:\d+ spec\.template\.spec\.syncPolicy\.automatic: unknown field .* \(did you mean "automated"\?\)/ },
  { what: 'an unknown generator field', text: YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'gen-set' }, spec: { generators: [{ list: { elements: [], elementz: [] } }], template: template() } }), says: /:\d+ spec\.generators\.0\.list\.elementz: unknown field/ },
  { what: 'an invalid ApplicationSet name', text: applicationSet('Bad_Set', template()), says: /:\d+ metadata\.name: invalid name "Bad_Set"/ },
]

/** The line a field's key is on in a YAML text. */
const lineOf = (text: string, key: string) => text.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1

describe('bad input is refused with the reason, and nothing is stored', () => {
  it('the CLI: app add and appset add name the field and its line, exit 2; the lists stay as they were', () => {
    expect(cli('app', 'add', writeText('good.yaml', application('good', {}))).status).toBe(0)
    const apps = cli('app', 'list', '--offline', '-o', 'json').stdout
    for (const bad of [...badApps, ...badAppSets]) {
      const file = writeText(`${bad.what.replace(/\W+/g, '-')}.yaml`, bad.text)
      const run = cli(bad.text.includes('ApplicationSet') ? 'appset' : 'app', 'add', file)
      expect(run.status, `${bad.what}: ${run.stdout}${run.stderr}`).toBe(2)
      expect(run.stderr, bad.what).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${bad.says.source}`))
    }
    const typo = cli('app', 'add', writeText('typo-line.yaml', badApps[0]!.text))
    expect(typo.stderr).toContain(`typo-line.yaml:${lineOf(badApps[0]!.text, 'targetRevison')} spec.source.targetRevison`)
    expect(cli('app', 'list', '--offline', '-o', 'json').stdout).toBe(apps)
    expect(cli('appset', 'list').stdout).not.toMatch(/typo-set|gen-set|Bad_Set/)
  })

  it('the API: saveAppYaml and saveAppSet refuse each with field and line; the form refuses a bad name, a missing path and an unreachable repository, marking the field', async () => {
    const before = await call('listApps')
    for (const bad of badApps) {
      const error = await refusal('saveAppYaml', bad.text)
      expect(error.code, bad.what).toBe('Invalid')
      expect(error.message, bad.what).toMatch(new RegExp(`YAML${bad.says.source}`))
      expect(error.where, bad.what).toMatch(/^YAML:\d+ /)
    }
    expect((await refusal('saveAppYaml', badApps[0]!.text)).where).toBe(`YAML:${lineOf(badApps[0]!.text, 'targetRevison')} spec.source.targetRevison`)
    for (const bad of badAppSets) expect((await refusal('saveAppSet', bad.text)).message, bad.what).toMatch(new RegExp(`the ApplicationSet YAML${bad.says.source}`))

    const form = { name: 'form-app', project: 'default', repoURL: repo.url, path: 'guestbook', targetRevision: 'HEAD', destinationName: 'ground-1', namespace: 'form-app', automated: false, prune: false, selfHeal: false, createNamespace: true }
    for (const name of ['Bad_Name', 'guestbook-DEV', 'a'.repeat(300)]) expect(await refusal('saveAppForm', { ...form, name })).toMatchObject({ code: 'BadRequest', where: 'saveAppForm argument 0.name' })
    expect(await refusal('saveAppForm', { ...form, path: 'no-such-folder' })).toMatchObject({ code: 'Invalid', where: 'path', message: expect.stringMatching(/^app path does not exist: "no-such-folder" is not a folder of .* at HEAD \([0-9a-f]{8}\)$/) })
    const unreachable = await refusal('saveAppForm', { ...form, repoURL: `${repo.url}-missing` })
    expect(unreachable).toMatchObject({ code: 'Unavailable', where: 'repoURL' })
    // git's own reason, not its closing advice ("...and the repository exists.")
    expect(unreachable.message).toMatch(/^cannot fetch .*-missing: .*(does not exist|not found|not appear to be a git repository)/)
    expect(unreachable.message).not.toMatch(/and the repository exists/)
    expect(await call('listApps')).toEqual(before)
    expect(((await call('listAppSets')) as { ok: true; value: unknown[] }).value).toEqual([])

    expect(await call('saveAppForm', form)).toEqual({ ok: true, value: { apps: ['form-app'] } })
  })

  it("an ApplicationSet that generates an app for a destination nothing matches stores none of those apps, and its condition says why (Argo CD's words)", async () => {
    const text = applicationSet('places', { ...template(), spec: { ...template().spec, destination: { name: '{{cluster}}', namespace: 'places' } } }, [{ env: 'one', cluster: 'ground-1' }, { env: 'two', cluster: 'no-such-cluster' }])
    // The preview says so before anything is stored: the app it cannot place is not listed as created.
    const preview = (await call('previewAppSet', text)) as { ok: true; value: { create: string[]; invalid?: { name: string; reason: string }[] }[] }
    expect(preview.value[0]!.create).toEqual(['gb-one'])
    expect(preview.value[0]!.invalid).toEqual([{ name: 'gb-two', reason: 'application destination spec is invalid: destination name "no-such-cluster" matches no context in the kubeconfig' }])
    const reply = await call('saveAppSet', text)
    expect(reply.ok).toBe(true)
    const [applied] = (reply as { ok: true; value: { create: string[]; held: { name: string; reason: string }[] }[] }).value
    expect(applied!.create).toEqual(['gb-one'])
    expect(applied!.held).toEqual([{ name: 'gb-two', reason: 'application destination spec is invalid: destination name "no-such-cluster" matches no context in the kubeconfig' }])
    const summary = desk.appsets.summaries().find((s) => s.name === 'places')!
    expect(summary.error).toBe('application destination spec is invalid: destination name "no-such-cluster" matches no context in the kubeconfig')
    expect(summary.apps).toEqual(['gb-one'])
    expect(desk.apps().map((a) => a.metadata.name)).not.toContain('gb-two')

    const names = applicationSet('names', template({}, 'gb-{{env}}'), [{ env: 'Dev' }])
    const named = (await call('saveAppSet', names)) as { ok: true; value: { create: string[]; held: { name: string; reason: string }[] }[] }
    expect(named.value[0]!.create).toEqual([])
    expect(named.value[0]!.held[0]!.reason).toMatch(/^application name "gb-Dev" is invalid: must be a lower-case DNS-1123 name/)
    expect(desk.apps().map((a) => a.metadata.name)).not.toContain('gb-Dev')
  })
})

function writeText(name: string, text: string): string {
  const file = join(cliData, name)
  writeFileSync(file, text)
  return file
}

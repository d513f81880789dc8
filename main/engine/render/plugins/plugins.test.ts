import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginFor } from './discover'
import { pluginEnv } from './env'
import { renderWithPlugin } from './run'
import { ConfigManagementPlugin } from '../../model/plugin-schema'

// Plugins run for real here (sh), on a folder standing in for a repository's snapshot.
const repo = mkdtempSync(join(tmpdir(), 'gitops-desk-plugin-repo-'))
afterAll(() => rmSync(repo, { recursive: true, force: true }))
mkdirSync(join(repo, 'apps', 'web'), { recursive: true })
writeFileSync(join(repo, 'apps', 'web', 'values.env'), 'COLOR=blue\n')
writeFileSync(join(repo, 'apps', 'web', 'gen.sh'), '#!/bin/sh\necho "{\\"apiVersion\\": \\"v1\\", \\"kind\\": \\"ConfigMap\\", \\"metadata\\": {\\"name\\": \\"from-script\\"}}"\n')
chmodSync(join(repo, 'apps', 'web', 'gen.sh'), 0o755)
mkdirSync(join(repo, 'apps', 'chart', 'templates'), { recursive: true })
writeFileSync(join(repo, 'apps', 'chart', 'templates', 'Chart.yaml'), 'name: x\n')

const plugin = (name: string, spec: Record<string, unknown>) => ConfigManagementPlugin.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name }, spec })
const sh = (script: string) => ({ command: ['sh', '-c'], args: [script] })
const echoEnv = plugin('echo-env', {
  init: sh('touch initialized'),
  generate: sh('printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: env\\ndata:\\n  app: \\"$ARGOCD_APP_NAME\\"\\n  foo: \\"$ARGOCD_ENV_FOO\\"\\n  size: \\"$PARAM_SIZE\\"\\n  first: \\"$PARAM_REGIONS_0\\"\\n  tier: \\"$PARAM_LABELS_TIER\\"\\n  kube: \\"$KUBE_VERSION\\"\\n  initialized: \\"$(ls initialized)\\"\\n"'),
  parameters: { static: [{ name: 'size', string: 'small' }, { name: 'mode', string: 'fast' }] },
})
const build = { ARGOCD_APP_NAME: 'web', ARGOCD_APP_NAMESPACE: 'web-ns', ARGOCD_APP_REVISION: 'abc1234def' }

// Alive: it exists and is not a zombie waiting for a parent to reap it.
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('config management plugins', () => {
  it("the environment Argo CD gives a plugin: ARGOCD_ENV_*, PARAM_* (arrays, maps), ARGOCD_APP_PARAMETERS, static defaults the app's parameters override", () => {
    const env = pluginEnv({ build, kubeVersion: '1.34', apiVersions: ['v1', 'apps/v1'], plugin: { env: [{ name: 'FOO', value: 'for-$ARGOCD_APP_NAME' }], parameters: [{ name: 'size', string: 'large' }, { name: 'regions', array: ['eu', 'us'] }, { name: 'labels', map: { tier: 'gold', 'team-name': 'a' } }] }, announced: echoEnv.spec.parameters!.static! })
    expect(env).toMatchObject({ ARGOCD_APP_NAME: 'web', KUBE_VERSION: '1.34.0', KUBE_API_VERSIONS: 'v1,apps/v1', ARGOCD_ENV_FOO: 'for-web', PARAM_SIZE: 'large', PARAM_MODE: 'fast', PARAM_REGIONS_0: 'eu', PARAM_REGIONS_1: 'us', PARAM_LABELS_TIER: 'gold', PARAM_LABELS_TEAM_NAME: 'a' })
    expect(JSON.parse(env.ARGOCD_APP_PARAMETERS!)).toEqual([{ name: 'size', string: 'large' }, { name: 'regions', array: ['eu', 'us'] }, { name: 'labels', map: { tier: 'gold', 'team-name': 'a' } }, { name: 'mode', string: 'fast' }])
  })

  it('init then generate run in a scratch copy of the repository (never written), in the app path, with that environment', async () => {
    const env = pluginEnv({ build, kubeVersion: '1.34', apiVersions: [], plugin: { env: [{ name: 'FOO', value: 'bar' }], parameters: [{ name: 'regions', array: ['eu'] }, { name: 'labels', map: { tier: 'gold' } }] }, announced: echoEnv.spec.parameters!.static! })
    const [cm] = await renderWithPlugin({ plugin: echoEnv, repoRoot: repo, appPath: 'apps/web', env, secrets: {}, timeoutMs: 30_000 })
    expect(cm).toMatchObject({ kind: 'ConfigMap', data: { app: 'web', foo: 'bar', size: 'small', first: 'eu', tier: 'gold', kube: '1.34.0', initialized: 'initialized' } })
    expect(existsSync(join(repo, 'apps', 'web', 'initialized'))).toBe(false)
  })

  it('file modes are dropped unless preserveFileMode', async () => {
    const script = (preserve: boolean) => plugin('script', { generate: { command: ['./gen.sh'] }, preserveFileMode: preserve })
    await expect(renderWithPlugin({ plugin: script(false), repoRoot: repo, appPath: 'apps/web', env: {}, secrets: {}, timeoutMs: 30_000 })).rejects.toThrow(/plugin script: cannot run its generate command \.\/gen\.sh|EACCES/)
    expect(await renderWithPlugin({ plugin: script(true), repoRoot: repo, appPath: 'apps/web', env: {}, secrets: {}, timeoutMs: 30_000 })).toMatchObject([{ metadata: { name: 'from-script' } }])
  })

  it('a plugin that fails, hangs past the timeout, prints no YAML or prints a secret gives a clear error without the secret', async () => {
    const run = (generate: ReturnType<typeof sh>, timeoutMs = 30_000) => renderWithPlugin({ plugin: plugin('bad', { generate }), repoRoot: repo, appPath: 'apps/web', env: {}, secrets: { VAULT_TOKEN: 's3cr3t-t0ken' }, timeoutMs })
    await expect(run(sh('echo "auth failed for token $VAULT_TOKEN" >&2; exit 3'))).rejects.toThrow(/^plugin bad: generate failed \(exit 3\): auth failed for token \*\*\*\*\*\*$/)
    await expect(run(sh('sleep 30'), 500)).rejects.toThrow('plugin bad: generate ran longer than 0.5 s and was stopped (Settings → exec timeout)')
    // A child in its own session keeps stdout open past the plugin's death: the timeout still ends
    // the render, and the child itself (out of the group's reach) is ended too.
    const pidFile = join(repo, '..', `${repo.split('/').pop()}-detached.pid`)
    // (The plugin waits for its child's pid before it hangs, and has 3 s: a busy machine may take more than 0.5 s to start two shells.)
    await expect(run(sh(`setsid sh -c 'echo $$ > ${pidFile}; exec sleep 300' & while [ ! -s ${pidFile} ]; do sleep 0.05; done; sleep 300`), 3000)).rejects.toThrow('plugin bad: generate ran longer than 3 s')
    await expect.poll(() => alive(Number(readFileSync(pidFile, 'utf8'))), { timeout: 10_000 }).toBe(false)
    // A plugin that succeeds but leaves a daemon behind (its own session, its output elsewhere).
    await expect(run(sh(`setsid sh -c 'echo $$ > ${pidFile}; exec sleep 300' >/dev/null 2>&1 & echo "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok"`))).resolves.toHaveLength(1)
    await expect.poll(() => alive(Number(readFileSync(pidFile, 'utf8'))), { timeout: 10_000 }).toBe(false)
    rmSync(pidFile)
    await expect(run(sh('echo "not: [yaml"'))).rejects.toThrow(/the output of plugin bad/)
    const leak = run(sh('echo "token: [$VAULT_TOKEN"'))
    await expect(leak).rejects.toThrow(/plugin bad/)
    await expect(leak).rejects.not.toThrow(/s3cr3t/)
  })

  it('discovery: the named plugin, or the first whose fileName, find.glob or find.command matches', async () => {
    const byFile = plugin('by-file', { generate: sh('true'), discover: { fileName: './*.env' } })
    const byGlob = plugin('by-glob', { generate: sh('true'), discover: { find: { glob: '**/Chart.yaml' } } })
    const byCommand = plugin('by-command', { generate: sh('true'), discover: { find: { command: ['sh', '-c', 'ls values.env 2>/dev/null'] } } })
    const versioned = plugin('tool', { version: 'v2', generate: sh('true') })
    const plugins = [byGlob, byFile, versioned]
    expect((await pluginFor(plugins, undefined, join(repo, 'apps', 'web'), {}, 5000)).metadata.name).toBe('by-file')
    expect((await pluginFor(plugins, undefined, join(repo, 'apps', 'chart'), {}, 5000)).metadata.name).toBe('by-glob')
    expect((await pluginFor([byCommand], undefined, join(repo, 'apps', 'web'), {}, 5000)).metadata.name).toBe('by-command')
    expect((await pluginFor(plugins, 'tool-v2', repo, {}, 5000)).metadata.name).toBe('tool')
    await expect(pluginFor([byCommand], undefined, join(repo, 'apps', 'chart'), {}, 5000)).rejects.toThrow(/no config management plugin's discovery rules match this source \(by-command\)/)
    await expect(pluginFor(plugins, 'nope', repo, {}, 5000)).rejects.toThrow(/no config management plugin named "nope"/)
  })
})

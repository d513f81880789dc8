import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// Config management plugins on the ground: a plugin written here (init, generate, discovery,
// parameters, a secret) renders apps that sync; failures are clear and keep the last good render.
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const secrets = new MemorySecrets()
const { desk, dataDir } = openGroundDesk('plugins', { secrets })
const repo = FixtureRepo.create([])
afterAll(() => repo.remove())

// envsubst-like: a ConfigMap from the app folder's *.tmpl, with what the plugin was given, read from inside it.
const plugin = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ConfigManagementPlugin',
  metadata: { name: 'tmpl' },
  spec: {
    version: 'v1',
    init: { command: ['sh', '-c', 'echo initialized > .init-ran'] },
    generate: {
      command: ['sh', '-c'],
      args: [
        `cat <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: $ARGOCD_APP_NAME-settings
data:
  app: "$ARGOCD_APP_NAME"
  namespace: "$ARGOCD_APP_NAMESPACE"
  revision: "$ARGOCD_APP_REVISION_SHORT"
  path: "$ARGOCD_APP_SOURCE_PATH"
  repo: "$ARGOCD_APP_SOURCE_REPO_URL"
  target: "$ARGOCD_APP_SOURCE_TARGET_REVISION"
  kube: "$KUBE_VERSION"
  hasApps: "$(echo $KUBE_API_VERSIONS | tr , '\\n' | grep -cx apps/v1)"
  env: "$ARGOCD_ENV_GREETING"
  size: "$PARAM_SIZE"
  color: "$PARAM_COLOR"
  init: "$(cat .init-ran)"
  token: "$(test -n "$API_TOKEN" && echo present)"
  template: "$(cat *.tmpl)"
EOF`,
      ],
    },
    discover: { fileName: '*.tmpl' },
    parameters: { static: [{ name: 'size', string: 'small' }, { name: 'color', string: 'grey' }] },
  },
}
const failing = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'flaky' }, spec: { generate: { command: ['sh', '-c', 'if [ -f broken ]; then echo "cannot reach vault with $API_TOKEN" >&2; exit 7; fi; printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: flaky}\\ndata: {ok: \\"yes\\"}\\n"'] } } }

const app = (name: string, path: string, pluginSpec: Record<string, unknown>) => YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: 'default', source: { repoURL: repo.url, targetRevision: 'HEAD', path, plugin: pluginSpec }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })

describe('config management plugins', () => {
  it('a plugin found by discovery and one named by the app render with the environment Argo CD gives, app parameters over static defaults, and sync', { timeout: 180_000 }, async () => {
    for (const dir of ['discovered', 'named']) mkdirSync(join(repo.dir, dir), { recursive: true })
    writeFileSync(join(repo.dir, 'discovered', 'settings.tmpl'), 'from discovery')
    writeFileSync(join(repo.dir, 'named', 'other.txt'), 'no template here')
    const head = repo.commit('plugin sources')
    expect(desk.plugins.add(YAML.stringify(plugin), 'plugin.yaml')).toEqual(['tmpl-v1'])
    await desk.plugins.setSecret('tmpl', 'API_TOKEN', 'tok-9f8e7d6c')

    desk.saveYaml(app('plug-disc', 'discovered', { env: [{ name: 'GREETING', value: 'hello-$ARGOCD_APP_NAME' }], parameters: [{ name: 'size', string: 'large' }] }), 'app.yaml')
    desk.saveYaml(app('plug-named', 'named', { name: 'tmpl-v1' }), 'app.yaml')
    const [disc] = (await desk.render(desk.app('plug-disc'))).objects
    const server = (await desk.listClusters()).find((c) => c.name === 'ground-1')!
    expect(disc).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'plug-disc-settings' }, data: { app: 'plug-disc', namespace: 'plug-disc', revision: head.slice(0, 7), path: 'discovered', repo: repo.url, target: 'HEAD', kube: `${server.version!.replace(/^v/, '').split('.').slice(0, 2).join('.')}.0`, hasApps: '1', env: 'hello-plug-disc', size: 'large', color: 'grey', init: 'initialized', token: 'present', template: 'from discovery' } })
    // The repository cache is never written: init ran in a scratch copy.
    const snapshot = await desk.engine.repos.snapshot(repo.url, head)
    expect(() => readFileSync(join(snapshot, 'discovered', '.init-ran'))).toThrow()
    const [named] = (await desk.render(desk.app('plug-named'))).objects
    expect(named).toMatchObject({ metadata: { name: 'plug-named-settings' }, data: { size: 'small', template: '' } })

    for (const name of ['plug-disc', 'plug-named']) {
      await desk.sync(name, {})
      expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
      expect(await desk.refresh(name)).toMatchObject({ sync: 'Synced', health: 'Healthy' })
    }
    expect(kubectl('-n', 'plug-disc', 'get', 'configmap', 'plug-disc-settings', '-o', 'jsonpath={.data.size}')).toBe('large')

    // plugin list shows which apps use it; removing a plugin in use is refused with their names.
    expect(await desk.plugins.infos()).toMatchObject([{ name: 'tmpl-v1', discover: 'fileName *.tmpl', parameters: ['size', 'color'], secrets: ['API_TOKEN'], apps: ['plug-disc', 'plug-named'] }])
    await expect(desk.plugins.remove('tmpl')).rejects.toThrow(/plugin tmpl-v1 is used by plug-disc, plug-named: change those apps first/)
    // A command-line process has rendered nothing: discovery on the last fetched revision still finds the user.
    const fresh = openDesk({ dataDir, secrets, start: false, controller: false })
    try {
      expect((await fresh.plugins.infos())[0]?.apps).toEqual(['plug-disc', 'plug-named'])
      await expect(fresh.plugins.remove('tmpl')).rejects.toThrow(/used by plug-disc, plug-named/)
    } finally {
      await fresh.close()
    }
  })

  it('a plugin that fails shows its exit code and stderr on the app, its secret masked everywhere, and the last good render is kept', { timeout: 180_000 }, async () => {
    mkdirSync(join(repo.dir, 'flaky'), { recursive: true })
    writeFileSync(join(repo.dir, 'flaky', 'README'), 'ok')
    repo.commit('flaky source')
    desk.plugins.add(YAML.stringify(failing), 'flaky.yaml')
    await desk.plugins.setSecret('flaky', 'API_TOKEN', 'vault-s3cr3t-value')
    desk.saveYaml(app('plug-flaky', 'flaky', { name: 'flaky' }), 'app.yaml')
    await desk.sync('plug-flaky', {})
    expect((await desk.waitForOperation('plug-flaky'))?.phase).toBe('Succeeded')
    expect((await desk.refresh('plug-flaky'))?.sync).toBe('Synced')

    writeFileSync(join(repo.dir, 'flaky', 'broken'), '')
    repo.commit('the plugin now fails')
    const status = await desk.refresh('plug-flaky', true)
    const condition = status?.conditions.find((c) => c.type === 'ComparisonError')
    expect(condition?.message).toMatch(/plugin flaky: generate failed \(exit 7\): cannot reach vault with \*\*\*\*\*\* \(comparing the last good render, [0-9a-f]{8}\)/)
    expect(status?.resources.map((r) => `${r.key} ${r.status}`)).toEqual(['/ConfigMap/plug-flaky/flaky Synced'])
    // The secret is in the keychain only: not in the message, the settings file or any log.
    expect(JSON.stringify(status)).not.toContain('vault-s3cr3t-value')
    expect(execFileSync('sh', ['-c', `grep -rl vault-s3cr3t-value ${dataDir} || true`], { encoding: 'utf8' }).trim()).toBe('')
    expect(await secrets.get('plugin:flaky:API_TOKEN')).toBe('vault-s3cr3t-value')
  })

  it('a real third-party plugin: helmfile (built from its module) renders a helmfile.yaml with the ground\'s helm, found by discovery, and the app syncs', { timeout: 240_000 }, async () => {
    mkdirSync(join(repo.dir, 'hf', 'charts', 'web', 'templates'), { recursive: true })
    writeFileSync(join(repo.dir, 'hf', 'charts', 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n')
    writeFileSync(join(repo.dir, 'hf', 'charts', 'web', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  color: {{ .Values.color | quote }}\n  env: {{ .Values.env | quote }}\n')
    // helmfile v1 renders Go templates in a helmfile.yaml.gotmpl (the plugin's environment is read from there).
    writeFileSync(join(repo.dir, 'hf', 'helmfile.yaml.gotmpl'), 'releases:\n- name: web\n  chart: ./charts/web\n  values:\n  - color: blue\n  - env: {{ requiredEnv "ARGOCD_ENV_STAGE" }}\n')
    repo.commit('a helmfile')
    // As Argo CD's docs set helmfile up as a plugin: discovered by its helmfile, template to stdout.
    desk.plugins.add(YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'helmfile' }, spec: { discover: { fileName: 'helmfile.yaml*' }, generate: { command: ['sh', '-c'], args: [`"${bin.helmfile}" --helm-binary "${bin.helm}" --quiet template --skip-deps`] } } }), 'helmfile-plugin.yaml')
    desk.saveYaml(app('plug-helmfile', 'hf', { env: [{ name: 'STAGE', value: 'staging' }] }), 'app.yaml')
    const objects = (await desk.render(desk.app('plug-helmfile'))).objects
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/web-config'])
    expect(objects[0]).toMatchObject({ data: { color: 'blue', env: 'staging' } })
    await desk.sync('plug-helmfile', {})
    expect((await desk.waitForOperation('plug-helmfile'))?.phase).toBe('Succeeded')
    expect(await desk.refresh('plug-helmfile')).toMatchObject({ sync: 'Synced', health: 'Healthy' })
    expect(kubectl('-n', 'plug-helmfile', 'get', 'configmap', 'web-config', '-o', 'jsonpath={.data.env}')).toBe('staging')
  })
})

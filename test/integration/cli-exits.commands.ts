import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'

/** One run of the built CLI: its arguments, what it reads on stdin, and the exit code it must end with. */
export interface CliRun {
  args: string[]
  code: number
  input?: string
  /** Text stdout or stderr must hold (the command did its job, not just exit). */
  says?: RegExp
  /** Make the foreign object (tracking annotation of the app, not in Git) before this run. */
  foreignObjectFirst?: boolean
}

/** An alias bomb ("billion laughs"): nine levels of nine aliases each. */
export const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => {
  const prev = String.fromCharCode(97 + i)
  const name = String.fromCharCode(98 + i)
  return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`
})].join('\n')

/**
 * The files the commands read, in `dir`, and a git repository with one app: a Secret and a
 * ConfigMap (the app `action list` once hung on). Returns the repository's URL.
 */
export function writeCliFixtures(dir: string, kubeconfig: string): string {
  const repo = join(dir, 'repo')
  mkdirSync(join(repo, 'app'), { recursive: true })
  writeFileSync(join(repo, 'app/res.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: s1}\nstringData: {password: not-a-real-one}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm1}\ndata: {a: b}\n')
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'F', GIT_AUTHOR_EMAIL: 'f@x.test', GIT_COMMITTER_NAME: 'F', GIT_COMMITTER_EMAIL: 'f@x.test' } })
  git('init', '--quiet', '--initial-branch=main')
  git('add', '--all')
  git('commit', '--quiet', '-m', 'app')
  const url = `file://${repo}`
  const app = (name: string, namespace: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: 'default', source: { repoURL: url, path: 'app' }, destination: { name: 'ground-1', namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
  writeFileSync(join(dir, 'app.yaml'), YAML.stringify(app('exits', 'cli-exits')))
  writeFileSync(join(dir, 'appset.yaml'), YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'exits-set' }, spec: { generators: [{ list: { elements: [{ ns: 'cli-exits-set' }] } }], template: { metadata: { name: 'exits-{{ns}}' }, spec: app('x', '{{ns}}').spec } } }))
  writeFileSync(join(dir, 'appset-go.yaml'), YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'exits-go' }, spec: { goTemplate: true, generators: [{ list: { elements: [{ ns: 'cli-exits-go' }] } }], template: { metadata: { name: 'exits-{{ .ns | lower }}' }, spec: app('x', '{{ .ns }}').spec } } }))
  writeFileSync(join(dir, 'plugin.yaml'), YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'cat' }, spec: { generate: { command: ['sh', '-c', 'cat *.yaml'] } } }))
  // Lua for ConfigMaps (a health check and an action): the commands that run Lua must end too.
  const actions = YAML.stringify({ 'discovery.lua': 'actions = {}\nactions["touch"] = {}\nreturn actions\n', definitions: [{ name: 'touch', 'action.lua': 'obj.metadata.annotations = obj.metadata.annotations or {}\nobj.metadata.annotations["touched"] = "yes"\nreturn obj\n' }] })
  const health = 'hs = {}\nhs.status = "Healthy"\nhs.message = "lua says so"\nreturn hs\n'
  writeFileSync(join(dir, 'argocd-cm.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data: { 'resource.customizations.health.ConfigMap': health, 'resource.customizations.actions.ConfigMap': actions } }))
  writeFileSync(join(dir, 'bomb-cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\n${aliasBomb}\n`)
  writeFileSync(join(dir, 'bomb-app.yaml'), `apiVersion: argoproj.io/v1alpha1\nkind: Application\n${aliasBomb}\n`)
  writeFileSync(join(dir, 'live.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')
  writeFileSync(join(dir, 'repos.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'r', labels: { 'argocd.argoproj.io/secret-type': 'repository' } }, stringData: { url: 'https://git.example.test/imported.git' } }))
  writeFileSync(join(dir, 'kubeconfig.yaml'), readFileSync(kubeconfig, 'utf8'))
  return url
}

/** Every command of the CLI, in an order where each finds what it needs, with the code it ends with. */
export function cliRuns(dir: string, argocdNamespace: string): CliRun[] {
  const f = (name: string) => join(dir, name)
  const secret = '/Secret/cli-exits/s1'
  const configMap = '/ConfigMap/cli-exits/cm1'
  return [
    { args: ['--version'], code: 0 },
    { args: ['settings', 'import', f('bomb-cm.yaml')], code: 2, says: /bomb-cm\.yaml is not valid YAML: too many alias expansions/ },
    { args: ['settings', 'import', f('argocd-cm.yaml')], code: 0 },
    { args: ['health', f('live.yaml')], code: 0, says: /lua says so/ },
    { args: ['render', f('app.yaml')], code: 0, says: /kind: Secret/ },
    { args: ['app', 'add', f('bomb-app.yaml')], code: 2, says: /alias/ },
    { args: ['app', 'add', f('app.yaml')], code: 0 },
    { args: ['app', 'list'], code: 0 },
    { args: ['app', 'get', 'exits'], code: 0 },
    { args: ['app', 'set', 'exits', '--revision', 'main'], code: 0 },
    { args: ['diff', 'exits'], code: 1 },
    { args: ['sync', 'exits'], code: 0 },
    { args: ['app', 'wait', 'exits', '--sync', '--timeout', '60s'], code: 0 },
    { args: ['app', 'diff', 'exits'], code: 0 },
    { args: ['app', 'sync', 'exits'], code: 0 },
    { args: ['app', 'history', 'exits'], code: 0 },
    { args: ['app', 'manifest', 'exits', secret], code: 0 },
    { args: ['app', 'events', 'exits', configMap], code: 0 },
    { args: ['app', 'logs', 'exits', configMap], code: 2 },
    // The app that hung: a Secret in it, and a foreign object carrying its tracking annotation (the test makes it).
    { args: ['action', 'list', 'exits', secret], code: 0, says: /offers no actions/, foreignObjectFirst: true },
    { args: ['action', 'list', 'exits', configMap], code: 0, says: /touch/ },
    { args: ['action', 'run', 'exits', configMap, 'restart'], code: 2 },
    // An argocd-cm Lua action: the object goes through Lua and back as the API server's JSON (its timestamps stay strings).
    { args: ['action', 'run', 'exits', configMap, 'touch', '--dry-run'], code: 0 },
    { args: ['app', 'rollback', 'exits', '1'], code: 0 },
    { args: ['app', 'retry-delete', 'exits'], code: 2 },
    { args: ['app', 'cancel-delete', 'exits'], code: 0 },
    { args: ['app', 'delete-resource', 'exits', configMap], code: 0 },
    { args: ['reconcile', '--once', '--no-auto-sync'], code: 1 }, // 1: the app is OutOfSync (its ConfigMap was just deleted)
    { args: ['appset', 'generate', f('appset.yaml')], code: 0 },
    { args: ['appset', 'generate', f('appset-go.yaml')], code: 0, says: /exits-cli-exits-go/ },
    { args: ['appset', 'add', f('appset.yaml')], code: 0 },
    { args: ['appset', 'list'], code: 0 },
    { args: ['appset', 'get', 'exits-set'], code: 0 },
    { args: ['appset', 'apply', 'exits-set'], code: 0 },
    { args: ['appset', 'sync', 'exits-set'], code: 2, says: /no RollingSync strategy/ },
    { args: ['appset', 'delete', 'exits-set'], code: 0 },
    { args: ['plugin', 'add', f('plugin.yaml')], code: 0 },
    { args: ['plugin', 'list'], code: 0 },
    { args: ['plugin', 'parameters', 'exits'], code: 2, says: /no plugin source/ },
    { args: ['plugin', 'secret', 'set', 'cat', 'TOKEN'], code: 0, input: 'not-a-real-token\n' },
    { args: ['plugin', 'secret', 'remove', 'cat', 'TOKEN'], code: 0 },
    { args: ['plugin', 'remove', 'cat'], code: 0 },
    { args: ['repo', 'add', 'https://git.example.test/added.git'], code: 0 },
    { args: ['repo', 'import', f('repos.yaml')], code: 0 },
    { args: ['repo', 'list'], code: 0 },
    { args: ['repo', 'remove', 'https://git.example.test/added.git'], code: 0 },
    { args: ['cluster', 'list'], code: 0 },
    { args: ['cluster', 'use', 'ground-1'], code: 0 },
    { args: ['cluster', 'protect', 'ground-2'], code: 0 },
    { args: ['cluster', 'unprotect', 'ground-2'], code: 0 },
    { args: ['cluster', 'label', 'ground-1', 'env=test'], code: 0 },
    { args: ['cluster', 'import', '--kubeconfig-file', f('kubeconfig.yaml'), '--context', 'ground-2', '--name', 'imported-2'], code: 0 },
    { args: ['cluster', 'remove', 'imported-2'], code: 0 },
    { args: ['export', 'argocd', 'exits', '--context', 'ground-1', '--namespace', argocdNamespace, '--dry-run'], code: 0 },
    { args: ['import', 'argocd', '--context', 'ground-1', '--namespace', argocdNamespace, '--dry-run'], code: 0 },
    { args: ['completion', 'bash'], code: 0 },
    { args: ['__complete', 'apps'], code: 0 },
    { args: ['app', 'delete', 'exits', '--cascade'], code: 0 },
  ]
}

import { readFileSync } from 'node:fs'
import { Command, Option } from 'commander'
import { examples } from './help'
import { UserError } from '../engine/base/errors'
import { out, readStdin, storeFor } from './context'

export function healthCommand(): Command {
  const command = new Command('health')
    .description('the health of Kubernetes objects (live YAML, e.g. from kubectl get -o yaml), by Argo CD\'s rules')
    .argument('<file>', 'a YAML or JSON file of objects, or - for standard input')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, opts: { output: string }, command: Command) => {
      let text: string
      try {
        text = file === '-' ? await readStdin() : readFileSync(file, 'utf8')
      } catch (error) {
        throw new UserError('NotFound', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file)
      }
      const [{ HealthChecks }, { groupOf }, { objectsFromYaml }, { BundledScripts }, { LuaScripts }] = await Promise.all([import('../engine/health/custom-health'), import('../engine/base/objects'), import('../engine/render/objects'), import('../engine/customizations/bundled-scripts'), import('../engine/lua/lua-scripts')])
      // Argo CD's bundled scripts and the Lua health checks imported from argocd-cm apply here too;
      // the Lua VM starts only for an object of a kind that has a script.
      let lua: InstanceType<typeof LuaScripts> | undefined
      // Objects from a file can repeat a uid and version with other content: no memo.
      const checks = new HealthChecks({ lua: () => (lua ??= new LuaScripts()), bundled: new BundledScripts(), remember: false })
      const { healthScripts: scripts, healthOpenLibs: openLibs } = (await storeFor(command)).settings()
      checks.useScripts(scripts, openLibs)
      // Live YAML as Argo CD's health command reads it: a repeated key's last value wins, names are optional.
      const objects = objectsFromYaml(text, file === '-' ? 'stdin' : file, { lenient: true })
      const rows = objects.map((obj) => {
        const health = checks.healthOf(obj)
        const source = checks.sourceOf(groupOf(obj.apiVersion), obj.kind)
        return { group: groupOf(obj.apiVersion), kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', status: health?.status ?? null, message: health?.message ?? '', ...(source ? { source: source.label } : {}) }
      })
      if (opts.output === 'json') return out(JSON.stringify(rows, null, 2))
      out(rows.map((r) => `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name} ${r.status ?? '-'}${r.message ? ` ${r.message}` : ''}`).join('\n') || '# no objects')
    })
  return examples(command, ['gitops-desk health rollout.yaml -o json', 'kubectl get deploy,sts -A -o yaml | gitops-desk health -'])
}

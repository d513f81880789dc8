import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { UserError } from '../engine/base/errors'
import { deskFor, out, table } from './context'
import { examples } from './help'

const readStdin = (): string => {
  try {
    return readFileSync(0, 'utf8').replace(/\r?\n$/, '')
  } catch {
    throw new UserError('Invalid', 'give the secret on stdin (echo "$TOKEN" | gitops-desk plugin secret set …)', 'stdin')
  }
}

/** `plugin add|list|remove` and `plugin secret set|remove`: Argo CD config management plugins, run on this machine. */
export function pluginCommand(): Command {
  const plugin = new Command('plugin').description("Argo CD config management plugins (a sidecar's plugin.yaml), run on this machine with its tools")
  const withDesk = async (command: Command, work: (desk: Awaited<ReturnType<typeof deskFor>>) => Promise<void>) => {
    const desk = await deskFor(command)
    try {
      await work(desk)
    } finally {
      await desk.close()
    }
  }
  examples(
    plugin
      .command('add')
      .description('register the ConfigManagementPlugins of a plugin.yaml (init, generate, discover, parameters)')
      .argument('<file>')
      .action(async (file: string, _opts: unknown, command: Command) => {
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch (error) {
          throw new UserError('NotFound', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file)
        }
        await withDesk(command, async (desk) => out(`added ${desk.plugins.add(text, file).join(', ')}`))
      }),
    ['gitops-desk plugin add plugin.yaml'],
  )
  plugin
    .command('list')
    .description('the plugins, how each is discovered, its parameters and secrets (names), and the apps that use it')
    .action(async (_opts: unknown, command: Command) =>
      withDesk(command, async (desk) => {
        const infos = await desk.plugins.infos()
        if (infos.length === 0) return out('No plugins (gitops-desk plugin add plugin.yaml)')
        out(table([['NAME', 'DISCOVERY', 'PARAMETERS', 'SECRETS', 'APPS'], ...infos.map((p) => [p.name, p.discover, p.parameters.join(',') || '-', p.secrets.join(',') || '-', p.apps.join(', ') || '-'])]))
      }),
    )
  plugin
    .command('parameters')
    .description("the parameters an app's plugin announces: static, then what its parameters.dynamic command prints")
    .argument('<app>')
    .action(async (app: string, _opts: unknown, command: Command) =>
      withDesk(command, async (desk) => {
        const { plugin: name, parameters } = await desk.plugins.parametersOf(desk.app(app))
        out(`plugin ${name}`)
        out(table([['NAME', 'TITLE', 'TYPE', 'DEFAULT', 'REQUIRED'], ...parameters.map((p) => [p.name, p.title ?? '', p.collectionType ?? 'string', p.string ?? (p.array ? p.array.join(',') : p.map ? Object.entries(p.map).map(([k, v]) => `${k}=${v}`).join(',') : ''), p.required ? 'yes' : ''])]))
      }),
    )
  plugin
    .command('remove')
    .description('remove a plugin no app uses (and its secrets from the keychain)')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, command: Command) => withDesk(command, async (desk) => (await desk.plugins.remove(name), out(`removed ${name}`))))
  const secret = plugin.command('secret').description("a plugin's secrets: in the keychain, given to it in its environment only")
  examples(
    secret
      .command('set')
      .description('store a secret for a plugin as an environment variable (the value from stdin)')
      .argument('<plugin>')
      .argument('<variable>')
      .action(async (name: string, variable: string, _opts: unknown, command: Command) => {
        const value = readStdin()
        await withDesk(command, async (desk) => (await desk.plugins.setSecret(name, variable, value), out(`${variable} stored in the keychain for ${name}`)))
      }),
    ['echo "$VAULT_TOKEN" | gitops-desk plugin secret set argocd-vault-plugin VAULT_TOKEN'],
  )
  secret
    .command('remove')
    .argument('<plugin>')
    .argument('<variable>')
    .action(async (name: string, variable: string, _opts: unknown, command: Command) => withDesk(command, async (desk) => out((await desk.plugins.removeSecret(name, variable)) ? `${variable} removed` : `${name} had no ${variable}`)))
  return plugin
}

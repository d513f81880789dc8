import { readFileSync } from 'node:fs'
import { Command, Option } from 'commander'
import { examples } from './help'
import { UserError } from '../engine/base/errors'
import { deskFor, out, readStdin, storeFor, table } from './context'
import { repoTypes, type RepoType } from '../../shared/statuses'

interface RepoAddOptions {
  username?: string
  passwordStdin?: boolean
  passwordFile?: string
  sshPrivateKeyFile?: string
  insecure?: boolean
  caFile?: string
  name?: string
  template?: boolean
  type?: RepoType
  enableOci?: boolean
}

export function repoCommand(): Command {
  const repo = new Command('repo').description('manage repositories and their credentials (secrets go to the OS keychain)')

  repo.command('add')
    .description('add or replace a repository; secrets are read from stdin or a file, never from arguments')
    .argument('<url>', 'repository URL (https://… or git@…)')
    .option('--username <name>', 'user name for HTTPS')
    .option('--password-stdin', 'read the password or token from standard input')
    .option('--password-file <file>', 'read the password or token from a file')
    .option('--ssh-private-key-file <file>', 'read an SSH private key from a file')
    .option('--insecure', 'skip TLS verification and SSH host key checks (not recommended)')
    .option('--ca-file <file>', 'trust this CA (PEM) for the HTTPS server, e.g. a company or self-signed CA')
    .option('--name <name>', 'a display name')
    .option('--template', 'credentials for every repository whose URL starts with <url> (Argo CD repo-creds)')
    .addOption(new Option('--type <type>', 'git, or helm for a chart repository').choices(repoTypes).default('git'))
    .option('--enable-oci', 'a Helm chart repository that is an OCI registry')
    .action(async (url: string, opts: RepoAddOptions, command: Command) => {
      if (opts.passwordStdin && opts.passwordFile) throw new UserError('Invalid', 'give the password with --password-stdin or --password-file, not both')
      const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : opts.passwordFile ? readSecretFile(opts.passwordFile).replace(/\r?\n$/, '') : null
      if (password === '') throw new UserError('Invalid', 'the password is empty')
      // `repo add` replaces the entry whole: a secret not given is removed.
      const entry = await (await deskFor(command)).saveRepo({
        url,
        scope: opts.template ? 'template' : 'repository',
        insecure: opts.insecure ?? false,
        type: opts.type ?? 'git',
        enableOCI: opts.enableOci ?? false,
        ...(opts.caFile ? { caData: readSecretFile(opts.caFile) } : {}),
        ...(opts.username ? { username: opts.username } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        password,
        sshPrivateKey: opts.sshPrivateKeyFile ? readSecretFile(opts.sshPrivateKeyFile) : null,
      })
      out(`${entry.scope === 'template' ? 'credential template' : 'repository'} ${url} saved${entry.hasPassword ? ' (password in the keychain)' : ''}${entry.hasSshKey ? ' (SSH key in the keychain)' : ''}`)
    })

  repo.command('import')
    .description('import Argo CD repository / repo-creds Secret YAML')
    .argument('<file>')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const entries = await (await deskFor(command)).importRepoSecrets(readSecretFile(file), file)
      for (const e of entries) out(`${e.scope === 'template' ? 'credential template' : 'repository'} ${e.url} imported`)
    })

  repo.command('list')
    .description('list repositories (secrets show only as "set")')
    .action(async (_opts: unknown, command: Command) => {
      const repos = (await storeFor(command)).listRepos()
      if (repos.length === 0) return out('No repositories with credentials. Public repositories need none.')
      out(table([['URL', 'TYPE', 'SCOPE', 'USERNAME', 'CREDENTIALS'], ...repos.map((r) => [r.url, r.enableOCI ? 'helm (oci)' : r.type, r.scope === 'template' ? 'template' : 'repo', r.username ?? '', [r.hasPassword && 'password set', r.hasSshKey && 'ssh key set'].filter(Boolean).join(', ') || 'none'])]))
    })

  repo.command('remove')
    .description('remove a repository and delete its secrets from the keychain')
    .argument('<url>')
    .action(async (url: string, _opts: unknown, command: Command) => {
      if (!(await (await deskFor(command)).removeRepo(url))) throw new UserError('NotFound', `no repository ${url}`, url)
      out(`repository ${url} removed`)
    })

  const shown: Record<string, string[]> = {
    add: ['gitops-desk repo add git@github.com:team/apps.git --ssh-private-key-file ~/.ssh/deploy_key', 'echo "$TOKEN" | gitops-desk repo add https://git.example.com/team/apps.git --username bob --password-stdin', 'gitops-desk repo add https://git.example.com/team --template --username bob --password-file token.txt'],
    import: ['gitops-desk repo import repos.yaml   # from: kubectl -n argocd get secret -l argocd.argoproj.io/secret-type=repository -o yaml'],
    list: ['gitops-desk repo list'],
    remove: ['gitops-desk repo remove https://git.example.com/team/apps.git'],
  }
  for (const sub of repo.commands) examples(sub, shown[sub.name()] ?? [])
  return repo
}

function readSecretFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new UserError('NotFound', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file)
  }
}

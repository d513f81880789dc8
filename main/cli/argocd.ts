import { createInterface } from 'node:readline/promises'
import { Command } from 'commander'
import { UserError } from '../engine/base/errors'
import type { ExportPlan } from '../engine/argocd/export-plan'
import type { ImportPlan } from '../engine/argocd/import-plan'
import { deskFor, out } from './context'
import { examples } from './help'

/** `import argocd`: bring a running Argo CD's apps, projects and credentials into this desk. */
export function importCommand(): Command {
  const command = new Command('import').description('bring apps from elsewhere into this desk')
  examples(
    command
      .command('argocd')
      .description("read a running Argo CD (Applications, AppProjects, repository and cluster Secrets, argocd-cm's tracking method), show what it would add, and add it (secrets into the keychain)")
      .requiredOption('--context <name>', 'the kubeconfig context of the cluster Argo CD runs in')
      .option('--namespace <ns>', "Argo CD's namespace", 'argocd')
      .option('--dry-run', 'only show what would be added')
      .option('--yes', 'add without asking')
      .action(async (opts: { context: string; namespace: string; dryRun?: boolean; yes?: boolean }, cmd: Command) => {
        const desk = await deskFor(cmd)
        try {
          const plan = await desk.importArgoCD(opts.context, opts.namespace)
          out(describeImport(plan))
          if (opts.dryRun) return
          if (!opts.yes && !(await confirm('Add these to GitOps Desk?'))) return out('nothing added')
          await desk.importArgoCD(opts.context, opts.namespace, true)
          out(`imported ${plan.apps.length} apps, ${plan.projects.length} projects, ${plan.repositories.length} repositories, ${plan.clusters.length} clusters`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk import argocd --context kind-argocd --dry-run', 'gitops-desk import argocd --context kind-argocd --namespace argo --yes'],
  )
  return command
}

/** `export argocd`: hand apps over to an Argo CD, with the credentials they need. */
export function exportCommand(): Command {
  const command = new Command('export').description('hand apps over to another tool')
  examples(
    command
      .command('argocd')
      .description('apply apps (all, or those named), their projects and the repository and cluster credentials they need (as Argo CD Secrets, from the keychain) to a cluster that runs Argo CD, which then manages them; each Secret is named and confirmed first')
      .argument('[apps...]', 'the apps to export (default: all)')
      .requiredOption('--context <name>', 'the kubeconfig context of the cluster Argo CD runs in')
      .option('--namespace <ns>', "Argo CD's namespace", 'argocd')
      .option('--dry-run', 'only show what would be applied')
      .option('--yes', 'apply without asking (the Secrets listed are created); also confirms a protected context')
      .action(async (apps: string[], opts: { context: string; namespace: string; dryRun?: boolean; yes?: boolean }, cmd: Command) => {
        const desk = await deskFor(cmd)
        try {
          const plan = await desk.exportArgoCD(opts.context, opts.namespace, apps)
          out(describeExport(plan))
          if (opts.dryRun) return
          // Refused before asking: a "y" on the terminal is not the consent a protected context needs.
          if (plan.protected && !opts.yes) throw new UserError('Forbidden', `${opts.context} is a protected context: pass --yes to confirm the export (nothing applied)`, '--yes')
          const question = plan.secrets.length ? `Apply these, creating ${plan.secrets.length} Secret${plan.secrets.length === 1 ? '' : 's'} with credentials (${plan.secrets.map((s) => s.name).join(', ')}) in ${opts.context}/${opts.namespace}?` : `Apply these to ${opts.context}/${opts.namespace}?`
          if (!opts.yes && !(await confirm(question))) return out('nothing applied')
          // --yes is the consent to a protected context, as for sync; the engine decides whether it is needed.
          await desk.exportArgoCD(opts.context, opts.namespace, apps, true, opts.yes ? { context: opts.context } : {})
          out(`exported ${plan.apps.length} app${plan.apps.length === 1 ? '' : 's'} to Argo CD in ${opts.context}/${opts.namespace}`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk export argocd --context prod-east --dry-run', 'gitops-desk export argocd guestbook shop --context prod-east'],
  )
  return command
}

export function describeExport(plan: ExportPlan): string {
  const lines = [`To Argo CD in ${plan.context}/${plan.namespace}:`]
  for (const a of plan.apps) lines.push(`  app     ${a.name}  (project ${a.project}, to ${a.destination})`)
  for (const p of plan.projects) lines.push(`  project ${p}`)
  for (const s of plan.secrets) lines.push(`  secret  ${s.name}  (${s.type} credentials for ${s.for})`)
  for (const w of plan.warnings) lines.push(`  note    ${w}`)
  if (plan.protected) lines.push(`  note    ${plan.context} is a protected context (--yes confirms it)`)
  return lines.join('\n')
}

export function describeImport(plan: ImportPlan): string {
  const lines = [`From Argo CD in ${plan.context}/${plan.namespace}:`]
  for (const a of plan.apps) lines.push(`  app        ${a.name}  (project ${a.project}, to ${a.destination})${a.replaces ? '  replaces the stored one' : ''}`)
  for (const p of plan.projects) lines.push(`  project    ${p.name}${p.replaces ? '  replaces the stored one' : ''}`)
  for (const r of plan.repositories) lines.push(`  repository ${r.url}  (${r.type}; credentials from Secret ${r.secret} into the keychain)`)
  for (const c of plan.clusters) lines.push(`  cluster    ${c.name}  ${c.server}  (credentials from Secret ${c.secret} into the keychain)`)
  for (const line of plan.settings) lines.push(`  ${line}`)
  for (const s of plan.skipped) lines.push(`  skipped    ${s.what}: ${s.reason}`)
  return lines.join('\n')
}

/** Asks on a terminal; elsewhere there is nobody to ask, so --yes is needed. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UserError('Forbidden', `${question} Not asked: standard input is not a terminal; pass --yes to go ahead (or --dry-run to look only)`, '--yes')
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}

import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import YAML from 'yaml'

/** The files the kubeconfig is read from: KUBECONFIG's list, or ~/.kube/config. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')]
}

/**
 * The context names of the kubeconfig and of imported clusters, read without the Kubernetes
 * client (shell completion must answer at once). Unreadable files are skipped, as kubectl does.
 */
export function contextNames(imported: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const names: string[] = []
  for (const file of kubeconfigFiles(env)) {
    if (!existsSync(file)) continue
    try {
      const config = YAML.parse(readFileSync(file, 'utf8')) as { contexts?: { name?: unknown }[] } | null
      for (const c of config?.contexts ?? []) if (typeof c?.name === 'string') names.push(c.name)
    } catch {
      // a broken file completes nothing; the commands that use it say why
    }
  }
  return [...new Set([...names, ...imported])]
}

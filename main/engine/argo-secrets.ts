import YAML from 'yaml'
import { UserError } from './errors'
import { yamlLimits } from './yaml-docs'

export interface ArgoSecret {
  /** `file document N`, for messages. */
  where: string
  name: string
  /** A field's text, from stringData or base64 data. */
  field(name: string): string | undefined
  /** The Secret's labels but Argo CD's secret-type (a cluster's labels, for ApplicationSet selectors). */
  labels: Record<string, string>
}

/**
 * Reads Argo CD credential Secrets (labelled argocd.argoproj.io/secret-type) of the wanted
 * types from a YAML stream; anything else is refused with where it is.
 */
export function readArgoSecrets(text: string, file: string, types: string[]): (ArgoSecret & { type: string })[] {
  const secrets: (ArgoSecret & { type: string })[] = []
  for (const [index, doc] of YAML.parseAllDocuments(text).entries()) {
    const where = `${file} document ${index + 1}`
    if (doc.errors.length > 0) throw new UserError('Invalid', `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, where)
    const secret = doc.toJS({ maxAliasCount: yamlLimits.maxAliasCount }) as { kind?: string; metadata?: { name?: string; labels?: Record<string, string> }; data?: Record<string, string>; stringData?: Record<string, string> } | null
    if (!secret) continue
    const type = secret.metadata?.labels?.['argocd.argoproj.io/secret-type'] ?? ''
    if (secret.kind !== 'Secret' || !types.includes(type)) {
      throw new UserError('Invalid', `expected a Secret labelled argocd.argoproj.io/secret-type: ${types.join(' or ')}`, where)
    }
    const field = (name: string) => secret.stringData?.[name] ?? (secret.data?.[name] !== undefined ? Buffer.from(secret.data[name]!, 'base64').toString('utf8') : undefined)
    const labels = Object.fromEntries(Object.entries(secret.metadata?.labels ?? {}).filter(([k]) => k !== 'argocd.argoproj.io/secret-type'))
    secrets.push({ where, type, name: secret.metadata?.name ?? '', field, labels })
  }
  return secrets
}

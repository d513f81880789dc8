import { UserError } from '../base/errors'
import { parseYamlDocuments } from '../base/yaml-docs'

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
  const { docs, problems } = parseYamlDocuments(text)
  if (problems[0]) throw new UserError('Invalid', `invalid YAML: ${problems[0].message}`, `${file}:${problems[0].line}`)
  for (const [index, doc] of docs.entries()) {
    const where = `${file} document ${index + 1}`
    const secret = doc.value as { kind?: string; metadata?: { name?: string; labels?: Record<string, string> }; data?: Record<string, string>; stringData?: Record<string, string> } | null
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

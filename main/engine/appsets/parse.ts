import { UserError } from '../errors'
import { parseYamlDocuments } from '../yaml-docs'
import { ApplicationSet } from './schema'

/** The ApplicationSets of a YAML text, or one error listing every problem (file:line field). */
export function readApplicationSets(text: string, where: string): ApplicationSet[] {
  const { docs, problems: yamlProblems } = parseYamlDocuments(text)
  const problems = yamlProblems.map((p) => `  ${where}:${p.line}: invalid YAML: ${p.message}`)
  const found: ApplicationSet[] = []
  for (const doc of docs) {
    const value = doc.value as { kind?: unknown }
    if (value?.kind !== 'ApplicationSet') {
      problems.push(`  ${where}:${doc.line}: expected an argoproj.io/v1alpha1 ApplicationSet, found ${String(value?.kind ?? 'an object without kind')}`)
      continue
    }
    const parsed = ApplicationSet.safeParse(value)
    if (parsed.success) found.push(parsed.data)
    else for (const issue of parsed.error.issues) problems.push(`  ${where}:${doc.lineOf(issue.path)} ${issue.path.map(String).join('.')}: ${issue.message.endsWith('received undefined') ? 'is required' : issue.message}`)
  }
  if (problems.length) throw new UserError('Invalid', `${where} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.join('\n')}`, where)
  if (found.length === 0) throw new UserError('Invalid', `${where} has no ApplicationSet`, where)
  return found
}

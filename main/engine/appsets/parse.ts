import { inputProblems, type ManifestProblem } from '../apps/parse'
import { UserError } from '../base/errors'
import { parseYamlDocuments } from '../base/yaml-docs'
import { ApplicationSet } from '../model/appset-schema'

/** The ApplicationSets of a YAML text, or one error listing every problem (file:line field). */
export function readApplicationSets(text: string, where: string): ApplicationSet[] {
  const { docs, problems: yamlProblems } = parseYamlDocuments(text)
  const problems: ManifestProblem[] = yamlProblems.map((p) => ({ where: `${where}:${p.line}`, message: `invalid YAML: ${p.message}` }))
  const found: ApplicationSet[] = []
  for (const doc of docs) {
    const value = doc.value as { kind?: unknown }
    if (value?.kind !== 'ApplicationSet') {
      problems.push({ where: `${where}:${doc.line}`, message: `expected an argoproj.io/v1alpha1 ApplicationSet, found ${String(value?.kind ?? 'an object without kind')}` })
      continue
    }
    const strict = inputProblems('ApplicationSet', value)
    for (const problem of strict) problems.push({ where: `${where}:${doc.lineOf(problem.path)} ${problem.path.join('.')}`, message: problem.message })
    const reported = new Set(strict.map((p) => p.path.join('.')))
    const parsed = ApplicationSet.safeParse(value)
    if (parsed.success) {
      if (strict.length === 0) found.push(parsed.data)
      continue
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.')
      if (!reported.has(field)) problems.push({ where: `${where}:${doc.lineOf(issue.path)} ${field}`, message: issue.message.endsWith('received undefined') ? 'is required' : issue.message })
    }
  }
  if (problems.length) throw new UserError('Invalid', `${where} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  ${p.where}: ${p.message}`).join('\n')}`, problems[0]!.where)
  if (found.length === 0) throw new UserError('Invalid', `${where} has no ApplicationSet`, where)
  return found
}

import { UserError } from '../../base/errors'
import { parseYamlDocuments } from '../../base/yaml-docs'
import { ConfigManagementPlugin } from '../../model/plugin-schema'

/** The ConfigManagementPlugins of a YAML text (a sidecar's plugin.yaml), or one error listing every problem. */
export function readPlugins(text: string, where: string): ConfigManagementPlugin[] {
  const { docs, problems: yamlProblems } = parseYamlDocuments(text)
  const problems = yamlProblems.map((p) => `  ${where}:${p.line}: invalid YAML: ${p.message}`)
  const found: ConfigManagementPlugin[] = []
  for (const doc of docs) {
    const parsed = ConfigManagementPlugin.safeParse(doc.value)
    if (parsed.success) found.push(parsed.data)
    else for (const issue of parsed.error.issues) problems.push(`  ${where}:${doc.lineOf(issue.path)} ${issue.path.map(String).join('.')}: ${issue.message.endsWith('received undefined') ? 'is required' : issue.message}`)
  }
  if (problems.length) throw new UserError('Invalid', `${where} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.join('\n')}`, where)
  if (found.length === 0) throw new UserError('Invalid', `${where} has no ConfigManagementPlugin`, where)
  return found
}

import type { z } from 'zod'
import { UserError } from '../base/errors'
import { parseYamlDocuments } from '../base/yaml-docs'
import { nameProblem } from '../../../shared/names'
import { Application, AppProject } from '../model/app-schema'
import { unknownFieldMessage, unknownFields } from './strict-fields'

export interface ManifestProblem {
  message: string
  /** `file:line`, then the field when one is at fault. */
  where: string
}

export interface ParsedArgoFile {
  apps: Application[]
  projects: AppProject[]
  problems: ManifestProblem[]
}

/**
 * Reads Argo CD Application and AppProject documents from one YAML text. Each problem names the
 * file, the line and the field, as a user fixing the file needs them.
 */
export function parseArgoFile(text: string, file: string): ParsedArgoFile {
  const { docs, problems: yamlProblems } = parseYamlDocuments(text)
  const result: ParsedArgoFile = { apps: [], projects: [], problems: yamlProblems.map((p) => ({ message: `invalid YAML: ${p.message}`, where: `${file}:${p.line}` })) }
  for (const doc of docs) {
    const value = doc.value as { apiVersion?: unknown; kind?: unknown }
    const kind = typeof value === 'object' ? value.kind : undefined
    const schema = kind === 'Application' ? Application : kind === 'AppProject' ? AppProject : null
    if (!schema) {
      result.problems.push({ message: `expected an argoproj.io/v1alpha1 Application or AppProject, found ${describeKind(value)}`, where: `${file}:${doc.line}` })
      continue
    }
    const before = result.problems.length
    const strict = inputProblems(String(kind), value)
    for (const problem of strict) result.problems.push({ message: problem.message, where: `${file}:${doc.lineOf(problem.path)} ${problem.path.join('.')}` })
    const reported = new Set(strict.map((p) => p.path.join('.')))
    const parsed = (schema as z.ZodType).safeParse(value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.')
        if (reported.has(field)) continue
        const message = issue.message.endsWith('received undefined') ? 'is required' : issue.message
        result.problems.push({ message, where: `${file}:${doc.lineOf(issue.path)}${field ? ` ${field}` : ''}` })
      }
    }
    if (!parsed.success || result.problems.length > before) continue
    if (kind === 'Application') result.apps.push(parsed.data as Application)
    else result.projects.push(parsed.data as AppProject)
  }
  return result
}

/**
 * What Argo CD refuses before its schema: fields its CRD does not know, and a name that is not
 * a Kubernetes name (the API server's checks).
 */
export function inputProblems(kind: string, value: unknown): { path: (string | number)[]; message: string }[] {
  const problems = unknownFields(kind, value).map((field) => ({ path: field.path, message: unknownFieldMessage(field) }))
  const name = (value as { metadata?: { name?: unknown } }).metadata?.name
  const problem = typeof name === 'string' ? nameProblem(name) : null
  if (problem && typeof name === 'string') problems.push({ path: ['metadata', 'name'], message: `invalid name "${name.length > 60 ? `${name.slice(0, 60)}…` : name}": ${problem}` })
  return problems
}

function describeKind(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `a ${Array.isArray(value) ? 'list' : typeof value}`
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown }
  return kind ? `${String(apiVersion ?? '?')} ${String(kind)}` : 'an object without kind'
}

/** The Applications and AppProjects of a text, or one error listing every problem (file:line field). */
export function readArgoDocuments(text: string, where: string): { apps: Application[]; projects: AppProject[] } {
  const { apps, projects, problems } = parseArgoFile(text, where)
  if (problems.length > 0) {
    const list = problems.map((p) => `  ${p.where}: ${p.message}`).join('\n')
    throw new UserError('Invalid', `${where} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${list}`, problems[0]!.where)
  }
  if (apps.length + projects.length === 0) throw new UserError('Invalid', `${where} has no Application or AppProject`, where)
  return { apps, projects }
}

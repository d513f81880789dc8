import { isApiRejection } from '../../../shared/errors'

/** One problem of a refused YAML text: its line, the field when one is at fault, what is wrong. */
export interface YamlProblem {
  line: number
  field?: string
  message: string
}

/**
 * The problems of a refused save, from the engine's list ("  WHERE:LINE field: message" a line),
 * or its one `where` (WHERE:LINE field) when the message is a single problem.
 */
export function yamlProblems(error: unknown): YamlProblem[] {
  if (!isApiRejection(error)) return []
  const listed: YamlProblem[] = []
  for (const text of error.message.split('\n').slice(1)) {
    const match = /^\s+\S.*?:(\d+)(?: ([^\s:]+))?: (.+)$/.exec(text) // WHERE may have spaces ("the ApplicationSet YAML")
    if (match) listed.push({ line: Number(match[1]), ...(match[2] ? { field: match[2] } : {}), message: match[3]! })
  }
  if (listed.length) return listed.sort((a, b) => a.line - b.line)
  const single = /:(\d+)(?: (\S+))?$/.exec(error.where ?? '')
  return single ? [{ line: Number(single[1]), ...(single[2] ? { field: single[2] } : {}), message: error.message }] : []
}

/** The fields of the New app form a refusal can be about (the engine names them in `where`). */
const formFields = ['name', 'project', 'repoURL', 'path', 'chart', 'targetRevision', 'destinationName', 'namespace'] as const
export type FormField = (typeof formFields)[number]

/**
 * Which form field a refused save is about, and what to say next to it: the engine's check of
 * the repository names the field; a refused argument names it as "saveAppForm argument 0.name".
 */
export function formFieldError(error: unknown): { field: FormField; message: string } | null {
  if (!isApiRejection(error) || !error.where) return null
  const field = /^(?:saveAppForm argument 0\.)?(\w+)$/.exec(error.where)?.[1]
  if (!field || !(formFields as readonly string[]).includes(field)) return null
  return { field: field as FormField, message: error.message.replace(/^Invalid argument \S+ of \w+: /, '') }
}

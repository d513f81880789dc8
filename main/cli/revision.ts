/**
 * A revision as the CLI's lines and tables show it: a commit's first 8 characters, but a working
 * copy's `local:DIGEST` whole (cut to 8 it was `local:e7`, which names no working copy).
 */
export function shortRevision(revision: string): string {
  return revision.startsWith('local:') ? revision : revision.slice(0, 8)
}

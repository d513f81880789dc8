import { existsSync, readFileSync, statSync } from 'node:fs'
import { readArgoDocuments } from '../engine/apps/parse'
import type { Application } from '../engine/model/app-schema'
import { UserError } from '../engine/base/errors'

/** Reads Applications and AppProjects from a file; any problem fails the whole file, listing each. */
export function readArgoFile(file: string): ReturnType<typeof readArgoDocuments> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UserError('NotFound', `no such file: ${file}`, file)
  return readArgoDocuments(readFileSync(file, 'utf8'), file)
}

/** `<app.yaml | app-name>`: a file of Applications, or the name of a stored one. */
export function resolveApp(desk: { apps(): Application[] }, ref: string, pick?: string): Application {
  if (existsSync(ref) && statSync(ref).isFile()) {
    const { apps } = readArgoFile(ref)
    if (apps.length === 0) throw new UserError('Invalid', `${ref} has no Application`, ref)
    if (pick) {
      const app = apps.find((a) => a.metadata.name === pick)
      if (!app) throw new UserError('NotFound', `${ref} has no Application named ${pick} (it has ${apps.map((a) => a.metadata.name).join(', ')})`, ref)
      return app
    }
    if (apps.length > 1) throw new UserError('Invalid', `${ref} has ${apps.length} Applications (${apps.map((a) => a.metadata.name).join(', ')}); choose one with --app NAME`, ref)
    return apps[0]!
  }
  const stored = desk.apps().find((a) => a.metadata.name === ref)
  if (!stored && /[/\\]|\.(ya?ml|json)$/i.test(ref)) throw new UserError('NotFound', `no such file: ${ref}`, ref)
  if (!stored) throw new UserError('NotFound', `no file and no stored app named "${ref}" (see gitops-desk app list)`, ref)
  return stored
}

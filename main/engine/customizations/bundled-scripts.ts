import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../base/errors'
import { resourcesDir } from '../base/resources-dir'
import type { BundledCustomization } from '../../../shared/model'

/** resources/argocd-scripts/index.json, written by scripts/argocd-scripts.mjs. */
interface ScriptIndex {
  module: string
  version: string
  kinds: Record<string, { health?: string; actions?: { discovery: string; names: Record<string, string> } }>
}

/** A kind's bundled actions: its discovery.lua and each action.lua by name. */
export interface BundledActions {
  discovery: string
  definitions: { name: string; script: string }[]
}

/**
 * The health checks and actions Argo CD ships (its Go module's resource_customizations, bundled by
 * `npm run build`), found as Argo CD finds them: the folder named `group/Kind` (`Kind` alone for
 * the core group), else for health the first wildcard folder in sorted order whose name, with `_`
 * read as `*` (not crossing `/`), matches. The index is read on first use and each script when its
 * kind is first seen, checked against the hash the build recorded.
 */
export class BundledScripts {
  private index: ScriptIndex | undefined
  private wildcards: { key: string; pattern: RegExp }[] = []
  private readonly texts = new Map<string, string>()

  constructor(private readonly dir?: string) {}

  /** The Argo CD version the scripts come from ("v3.2.11"). */
  get version(): string {
    return this.load().version
  }

  /** The bundled health.lua for this kind, or null. */
  healthScript(group: string, kind: string): string | null {
    const kinds = this.load().kinds
    const key = keyOf(group, kind)
    if (kinds[key]?.health) return this.read(`${key}/health.lua`, kinds[key].health)
    const wildcard = this.wildcards.find((w) => w.pattern.test(key))
    return wildcard ? this.read(`${wildcard.key}/health.lua`, kinds[wildcard.key]!.health!) : null
  }

  /** The bundled actions for this kind (no wildcards, as in Argo CD), or null. */
  actions(group: string, kind: string): BundledActions | null {
    const key = keyOf(group, kind)
    const actions = this.load().kinds[key]?.actions
    if (!actions) return null
    return {
      discovery: this.read(`${key}/actions/discovery.lua`, actions.discovery),
      definitions: Object.entries(actions.names).map(([name, hash]) => ({ name, script: this.read(`${key}/actions/${name}/action.lua`, hash) })),
    }
  }

  /** Every bundled kind, sorted (Settings lists them). */
  kinds(): BundledCustomization[] {
    return Object.entries(this.load().kinds)
      .map(([key, entry]) => ({ key, health: !!entry.health, actions: Object.keys(entry.actions?.names ?? {}).sort() }))
      .sort((a, b) => a.key.localeCompare(b.key))
  }

  private load(): ScriptIndex {
    if (this.index) return this.index
    const dir = this.folder()
    let index: ScriptIndex
    try {
      index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as ScriptIndex
    } catch (error) {
      throw new UserError('Unavailable', `Argo CD's bundled health checks cannot be read (${join(dir, 'index.json')}: ${(error as Error).message}): run npm run build`, 'argocd-scripts')
    }
    this.wildcards = Object.keys(index.kinds)
      .filter((key) => key.includes('_') && index.kinds[key]!.health)
      .sort()
      .map((key) => ({ key, pattern: new RegExp(`^${key.split('_').map(escapeRegExp).join('[^/]*')}$`) }))
    this.index = index
    return index
  }

  private folder(): string {
    return this.dir ?? resourcesDir('argocd-scripts', 'index.json', "Argo CD's health checks and actions", 'GITOPS_DESK_ARGOCD_SCRIPTS_DIR')
  }

  private read(path: string, hash: string): string {
    const cached = this.texts.get(path)
    if (cached !== undefined) return cached
    const file = join(this.folder(), 'scripts', path)
    let text: Buffer
    try {
      text = readFileSync(file)
    } catch (error) {
      throw new UserError('Unavailable', `Argo CD's bundled script ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): run npm run build`, path)
    }
    if (createHash('sha256').update(text).digest('hex') !== hash) throw new UserError('Unavailable', `Argo CD's bundled script ${path} is not the one the build took from ${this.load().module}@${this.load().version}: run npm run build`, path)
    this.texts.set(path, text.toString('utf8'))
    return text.toString('utf8')
  }
}

/** Argo CD's key for a kind: `group/Kind`, or `Kind` for the core group. */
function keyOf(group: string, kind: string): string {
  return group ? `${group}/${kind}` : kind
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

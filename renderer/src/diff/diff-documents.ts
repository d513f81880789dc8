import { parseResourceKey } from '../../../shared/resource-key'
import type { ResourceDiff } from '../../../shared/api'

/** A resource's document in the whole-app diff, and the line it starts on in the target side. */
export interface WholeAppDocument {
  key: string
  status: ResourceDiff['status']
  line: number
}

/**
 * Every resource in one diff: each a YAML document headed by its kind, name and status, the
 * changed ones first, so live and target line up document by document.
 */
export function wholeApp(resources: ResourceDiff[]): { diff: ResourceDiff; documents: WholeAppDocument[] } {
  const header = (r: ResourceDiff) => {
    const { kind, name, namespace } = parseResourceKey(r.key)
    return `# ${kind} ${namespace ? `${namespace}/` : ''}${name}: ${r.status}\n`
  }
  const documents: WholeAppDocument[] = []
  let line = 1
  const target = resources
    .map((r) => {
      documents.push({ key: r.key, status: r.status, line })
      const text = `${header(r)}${r.targetYaml.trimEnd()}\n`
      line += text.split('\n').length // the text's lines and the --- after it
      return text
    })
    .join('---\n')
  const changed = resources.filter((r) => r.status !== 'Synced')
  const diff: ResourceDiff = {
    key: `all ${resources.length} resources`,
    status: changed.length ? 'OutOfSync' : 'Synced',
    requiresPruning: resources.some((r) => r.requiresPruning),
    liveYaml: resources.map((r) => `${header(r)}${r.liveYaml.trimEnd()}\n`).join('---\n'),
    targetYaml: target,
    unifiedDiff: changed.map((r) => r.unifiedDiff).join('\n'),
    mode: resources.some((r) => r.mode === 'client-side') ? 'client-side' : 'server-side',
    ...(changed.some((r) => r.error) ? { error: { code: 'Mixed', message: changed.filter((r) => r.error).map((r) => `${r.key}: ${r.error!.message}`).join('; ') } } : {}),
  }
  return { diff, documents }
}

/** The resources to compare, the changed ones first, each group by key. */
export function changedFirst(resources: ResourceDiff[]): ResourceDiff[] {
  const rank = (r: ResourceDiff) => (r.status === 'Synced' ? 1 : 0)
  return [...resources].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key))
}

import type { Operation } from '../../../shared/model'
import { parseResourceKey } from '../../../shared/resource-key'
import { answerOf, previewGroups } from './preview-groups'

/** What a dry run answered for each resource: grouped (created, configured with the fields, unchanged, would be pruned…) and counted. */
export function SyncPreview({ preview }: { preview: Operation }) {
  const groups = previewGroups(preview.resources)
  return (
    <section className="sync-preview" aria-label="What the sync would do">
      <strong>
        Dry run {preview.phase}: {preview.message}
      </strong>
      <p className="muted small" data-testid="preview-counts">
        {groups.map((g) => `${g.resources.length} ${g.title.toLowerCase()}`).join(' · ') || 'No resources.'}
      </p>
      {groups.map((g) => (
        <section key={g.id} className={`preview-group preview-${g.id}`} aria-label={`${g.title} (${g.resources.length})`}>
          <h4>
            {g.title} ({g.resources.length})
          </h4>
          <ul>
            {g.resources.map((r) => {
              const k = parseResourceKey(r.key)
              return (
                <li key={`${r.action}:${r.key}`} data-key={r.key} className={r.code === 'SyncFailed' ? 'error' : undefined}>
                  <span className="kind">{k.kind}</span> <span className="mono small">{k.namespace ? `${k.namespace}/` : ''}{k.name}</span> <span className="answer">{answerOf(r)}</span>
                </li>
              )
            })}
          </ul>
        </section>
      ))}
    </section>
  )
}

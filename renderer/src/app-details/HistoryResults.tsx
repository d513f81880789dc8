import type { HistoryEntry } from '../../../shared/api'
import { parseResourceKey } from '../../../shared/resource-key'

/** What one sync of the history did to each resource (Argo CD's sync result): kind/name, action, result and its message. */
export function HistoryResults({ entry, results }: { entry: number; results: NonNullable<HistoryEntry['resources']> }) {
  if (results.length === 0) return <p className="muted small">No resource was applied or pruned.</p>
  return (
    <table className="history-resources" aria-label={`What sync ${entry} did to each resource`}>
      <thead>
        <tr>
          <th>Kind</th>
          <th>Name</th>
          <th>Action</th>
          <th>Result</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r, i) => {
          const { kind, name, namespace } = parseResourceKey(r.key)
          return (
            <tr key={i}>
              <td>{kind}</td>
              <td className="mono" title={r.key}>
                {namespace ? `${namespace}/` : ''}
                {name}
              </td>
              <td>{r.action}</td>
              <td className={`code-${r.code}`}>{r.code}</td>
              <td className="history-message" title={r.message}>
                {r.message}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

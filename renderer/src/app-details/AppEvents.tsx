import type { AppEvent } from '../../../shared/api'

/** What was done to the app's resources besides successful syncs (resource actions, deletion steps, failed syncs), newest first. */
export function AppEvents({ events }: { events: AppEvent[] }) {
  if (events.length === 0) return null
  return (
    <>
      <h2>Events</h2>
      <table className="history" aria-label="Events">
        <thead>
          <tr>
            <th>When</th>
            <th>Action</th>
            <th>Resource</th>
            <th>What happened</th>
            <th>By</th>
            <th>Context</th>
          </tr>
        </thead>
        <tbody>
          {[...events].reverse().map((e, i) => (
            <tr key={`${e.at}:${e.resource}:${e.action}:${i}`}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.action}</td>
              <td className="mono">{e.resource}</td>
              <td>{e.message}</td>
              <td>{e.user}</td>
              <td>{e.context}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

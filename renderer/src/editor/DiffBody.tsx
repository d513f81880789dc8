import type { RefObject } from 'react'

/**
 * The body of a diff: the two sides' headings, the host Monaco's diff editor is made in (a
 * stand-in line while Monaco loads), and the same diff as unified text under a disclosure.
 */
export function DiffBody(props: { headers: [string, string]; host: RefObject<HTMLDivElement | null>; loaded: boolean; hostClass?: string; testId: string; unified: string; unifiedTestId: string }) {
  return (
    <>
      <div className="diff-headers" aria-hidden="true">
        <span>{props.headers[0]}</span>
        <span>{props.headers[1]}</span>
      </div>
      <div className={`monaco-host${props.hostClass ? ` ${props.hostClass}` : ''}`} ref={props.host} data-testid={props.testId} />
      {!props.loaded && <p role="status">Loading the diff editor…</p>}
      <details>
        <summary>Unified diff</summary>
        <pre className="unified" data-testid={props.unifiedTestId}>
          {props.unified}
        </pre>
      </details>
    </>
  )
}

/** The apps of a project or set, one a line, each opening its page. */
export function AppLinks({ names, onOpenApp }: { names: string[]; onOpenApp(name: string): void }) {
  if (names.length === 0) return <span className="muted">none</span>
  return (
    <ul className="app-links" aria-label="Apps">
      {names.map((a) => (
        <li key={a}>
          <button className="link small" onClick={() => onOpenApp(a)} title={a}>
            {a}
          </button>
        </li>
      ))}
    </ul>
  )
}

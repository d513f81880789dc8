import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef, useState } from 'react'
import type { DeskEvent, GitopsApi, ShellSession } from '../../../shared/api'
import { maxShellInputChars } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'
import { TypedConfirmation } from '../ui/TypedConfirmation'

type State = { phase: 'idle' } | { phase: 'opening' } | { phase: 'open'; shell: ShellSession } | { phase: 'ended'; message: string }

/**
 * A shell in one container of a Pod (xterm.js): opened only when the user presses Open (a
 * protected context asks for its name first), typed keys go to the container, its output comes
 * back as shell-output events. When the command exits or the connection drops, the reason is
 * shown and the shell can be opened again; leaving the tab closes it.
 */
export default function ShellView({ api, app, resource, context, containers }: { api: GitopsApi; app: string; resource: string; context: string; containers: string[] }) {
  const [container, setContainer] = useState(containers[0] ?? '')
  const [state, setState] = useState<State>({ phase: 'idle' })
  const [error, setError] = useState<string | null>(null)
  const [isProtected, setProtected] = useState<boolean | null>(null)
  const [typed, setTyped] = useState('')
  const screen = useRef<HTMLDivElement>(null)
  const tools = useRef<HTMLDivElement>(null)
  const terminal = useRef<{ term: Terminal; fit: FitAddon } | null>(null)
  const session = useRef<string | null>(null)
  // Output can arrive before openShell answers: held by session until the answer names ours.
  const early = useRef(new Map<string, DeskEvent[]>())
  const opening = useRef(false)
  const take = useRef<(event: DeskEvent) => void>(() => undefined)

  useEffect(() => {
    let cancelled = false
    // Whether the context is protected now: read again when protections change (here or elsewhere).
    const read = () => api.listClusters().then((clusters) => !cancelled && setProtected(clusters.find((c) => c.name === context)?.protected ?? false), (e: unknown) => !cancelled && setError(errorText(e)))
    void read()
    const unsubscribe = api.onEvents((events) => events.some((e) => e.type === 'clusters-changed') && void read())
    return () => {
      cancelled = true
      unsubscribe()
    }
  }, [api, context])

  useEffect(() => {
    const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 13, scrollback: 5000, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(screen.current!)
    // Every other key is the shell's (Tab completes, Esc is vi's): F6, which shells do not use, moves
    // the focus out to the shell's toolbar, so a keyboard user is never trapped in the terminal.
    term.attachCustomKeyEventHandler((e) => {
      if (e.key !== 'F6') return true
      if (e.type === 'keydown') {
        e.preventDefault()
        tools.current?.querySelector<HTMLElement>('button:not([disabled])')?.focus()
      }
      return false
    })
    terminal.current = { term, fit }
    const fitNow = () => {
      try {
        fit.fit()
      } catch {
        /* not laid out yet */
      }
    }
    fitNow()
    const observer = new ResizeObserver(fitNow)
    observer.observe(screen.current!)
    const input = term.onData((data) => {
      const id = session.current
      if (!id) return
      for (let at = 0; at < data.length; at += maxShellInputChars) void api.shellInput(id, data.slice(at, at + maxShellInputChars)).catch(() => undefined)
    })
    const resize = term.onResize(({ cols, rows }) => session.current && void api.resizeShell(session.current, cols, rows).catch(() => undefined))
    const held = early.current
    take.current = (event: DeskEvent) => {
      if (event.type === 'shell-output') term.write(event.data)
      else if (event.type === 'shell-end') {
        session.current = null
        term.write(`\r\n\x1b[2m[${event.message}]\x1b[0m\r\n`)
        setState({ phase: 'ended', message: event.message })
      }
    }
    const unsubscribe = api.onEvents((events) => {
      for (const event of events) {
        if (event.type !== 'shell-output' && event.type !== 'shell-end') continue
        if (event.session === session.current) take.current(event)
        else if (opening.current) held.set(event.session, [...(held.get(event.session) ?? []), event])
      }
    })
    return () => {
      unsubscribe()
      observer.disconnect()
      input.dispose()
      resize.dispose()
      if (session.current) void api.closeShell(session.current).catch(() => undefined)
      session.current = null
      term.dispose()
      terminal.current = null
    }
  }, [api])

  const open = () => {
    const t = terminal.current
    if (!t) return
    setError(null)
    setState({ phase: 'opening' })
    early.current.clear()
    opening.current = true
    t.fit.fit()
    api.openShell(app, resource, { container, cols: t.term.cols, rows: t.term.rows, ...(isProtected ? { consent: { context: typed } } : {}) }).then(
      (shell) => {
        opening.current = false
        // The tab was left while it opened: nothing will show it, so it closes.
        if (terminal.current !== t) return void api.closeShell(shell.session).catch(() => undefined)
        session.current = shell.session
        const before = early.current.get(shell.session) ?? []
        early.current.clear()
        setState({ phase: 'open', shell })
        // An end among them (a command that exited at once) says so after this.
        for (const event of before) take.current(event)
        t.term.focus()
      },
      (e: unknown) => {
        opening.current = false
        early.current.clear()
        setError(errorText(e))
        setState({ phase: 'idle' })
      },
    )
  }
  const close = () => {
    if (session.current) void api.closeShell(session.current).catch(() => undefined)
    session.current = null
    terminal.current?.term.write('\r\n\x1b[2m[closed]\x1b[0m\r\n')
    setState({ phase: 'ended', message: 'closed' })
  }

  const connected = state.phase === 'open' || state.phase === 'opening'
  const ready = isProtected === false || (isProtected === true && typed === context)
  return (
    <div className="shell" aria-label="Shell">
      <div className="shell-tools" role="toolbar" aria-label="Shell options" ref={tools}>
        <label>
          Container{' '}
          <select value={container} onChange={(e) => setContainer(e.target.value)} aria-label="Container" disabled={connected}>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {!connected && isProtected && <TypedConfirmation why={`${context} is a protected context: a shell can change anything in the container.`} word={context} label="Confirm context name" value={typed} onChange={setTyped} />}
        {!connected && (
          <button className="primary" onClick={open} disabled={!ready || !container}>
            {state.phase === 'ended' ? 'Reconnect' : 'Open shell'}
          </button>
        )}
        {connected && <button onClick={close}>Close shell</button>}
        <span className="muted small" role="status" data-testid="shell-status">
          {state.phase === 'open' ? `Connected to ${state.shell.pod}/${state.shell.container} on ${state.shell.context}` : state.phase === 'opening' ? 'Connecting…' : state.phase === 'ended' ? `Disconnected: ${state.message}` : 'Not connected'}
        </span>
        {connected && <span className="muted small">F6 leaves the terminal</span>}
      </div>
      <ErrorAlert error={error} />
      <div className="shell-screen" ref={screen} data-testid="shell-screen" />
    </div>
  )
}

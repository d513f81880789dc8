import { useLayoutEffect, useState, type KeyboardEvent } from 'react'
import * as Dialog from '@radix-ui/react-dialog'
import { Command, defaultFilter } from 'cmdk'
import { AppWindow, Lock } from 'lucide-react'
import type { AppSummary, ClusterInfo } from '../../../shared/api'
import { appsMatching, inClusterCount, reachabilityOf, switchConsequence } from './palette-entries'

interface Props {
  clusters: ClusterInfo[]
  apps: AppSummary[]
  onClose(): void
  /** Makes a context the active one (only ever called for another context than the active one). */
  onSwitch(name: string): void
  onOpenApp(name: string): void
}

const contextValue = (name: string) => `context:${name}`
const appValue = (name: string) => `app:${name}`
/** Entries are scored on their name only: the kind prefix that keeps values unique does not match. */
const byName = (value: string, search: string) => defaultFilter(value.replace(/^(context|app):/, ''), search)
/** "Go to app" entries shown at most: a palette, not the app list. */
const appLimit = 20

/**
 * The cluster switcher as a command palette (`k`, or the top bar's context button): a search
 * box over the contexts (and imported clusters) with their reachability and protection, and the
 * apps by name once something is typed. cmdk (on Radix Dialog) gives the combobox semantics:
 * arrows and typing only move the highlight; only Enter or a click chooses. Esc closes it and
 * focus goes back where it was. Switching changes what you look at: the line under the list says
 * which apps a switch re-targets (in-cluster ones, on their next sync) before anything is chosen.
 */
export function CommandPalette(props: Props) {
  const active = props.clusters.find((c) => c.active)
  const activeValue = active ? contextValue(active.name) : ''
  const [search, setSearch] = useState('')
  // Opens on the active context: Enter right away changes nothing.
  const [highlight, setHighlight] = useState(activeValue)
  // Until the user moves the highlight (arrows, the pointer, a search), it stays on the active
  // context, also when the list arrives or changes after opening (a switch finishing, a reload):
  // cmdk would otherwise keep a stale "active" entry or highlight the first one, and Enter would
  // switch to something the user never picked.
  const [moved, setMoved] = useState(false)
  const following = !moved && search === '' && active !== undefined
  useLayoutEffect(() => {
    if (following && highlight !== activeValue) setHighlight(activeValue)
  }, [following, highlight, activeValue])
  const inCluster = inClusterCount(props.apps)
  const highlighted = props.clusters.find((c) => contextValue(c.name) === highlight)
  const apps = appsMatching(props.apps, search, appLimit)
  // Where the focus was when it opened (the context button, a page's button, nothing): it goes
  // back there on close. Radix would focus its Trigger, and the palette has none (`k` opens it too).
  const [returnTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))

  const onKey = (e: KeyboardEvent) => {
    if (movesHighlight(e)) setMoved(true)
    // Esc closes it here too: Radix's own Esc listener is added by an effect, which after the
    // palette's first (lazy) load can run after the search already has the focus, and an Esc typed
    // in that moment would be lost with the palette left open over the page.
    if (e.key === 'Escape') props.onClose()
  }
  const choose = (run: () => void) => {
    props.onClose()
    run()
  }
  return (
    <Dialog.Root open onOpenChange={(open) => !open && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content
          className="palette"
          aria-describedby={undefined}
          onCloseAutoFocus={(e) => {
            e.preventDefault()
            // Radix calls this a moment after closing: if a new palette (Esc then `k`) or a
            // page has taken the focus meanwhile, it stays there.
            const unfocused = !document.activeElement || document.activeElement === document.body
            if (unfocused) returnTo?.focus()
          }}
        >
          <Dialog.Title className="visually-hidden">Switch context or go to an app</Dialog.Title>
          <Command label="Search contexts and apps" value={highlight} onValueChange={setHighlight} onKeyDown={(e) => onKey(e)} filter={byName} loop>
            {/* Focused as it is drawn (React's commit), not a moment later (Radix's effect): a key typed right after `k` lands here. */}
            <Command.Input autoFocus className="palette-input" value={search} onValueChange={setSearch} placeholder="Switch to a context or go to an app…" aria-label="Search contexts and apps" />
            <Command.List className="palette-list" label="Contexts and apps" onPointerMove={() => setMoved(true)}>
              <Command.Empty className="palette-empty">No context or app matches “{search}”.</Command.Empty>
              <Command.Group heading="Contexts" className="palette-group">
                {props.clusters.map((c) => (
                  <Command.Item key={c.name} value={contextValue(c.name)} className="palette-item" data-context={c.name} onSelect={() => choose(() => c.active || props.onSwitch(c.name))}>
                    <ContextEntry cluster={c} />
                  </Command.Item>
                ))}
              </Command.Group>
              {apps.length > 0 && (
                <Command.Group heading="Apps" className="palette-group">
                  {apps.map((a) => (
                    <Command.Item key={a.name} value={appValue(a.name)} className="palette-item" onSelect={() => choose(() => props.onOpenApp(a.name))}>
                      <AppWindow size={14} aria-hidden="true" />
                      <span className="palette-name">Go to app {a.name}</span>
                      <span className="palette-meta muted">{a.status?.context ?? a.destination}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
            </Command.List>
          </Command>
          <p className="palette-note" role="status">
            {highlighted ? switchConsequence(highlighted, inCluster) : highlight.startsWith('app:') ? 'Enter opens the app.' : ' '}
          </p>
          <p className="palette-keys muted small" aria-hidden="true">
            <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> choose · <kbd>Esc</kbd> close
          </p>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** The keys cmdk moves its highlight with (arrows, Home/End, its Ctrl bindings). */
function movesHighlight(e: KeyboardEvent): boolean {
  return ['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) || (e.ctrlKey && ['n', 'j', 'p', 'k'].includes(e.key))
}

const reachabilityText = { reachable: 'reachable', unreachable: 'unreachable', unknown: 'not checked yet' } as const
const dotClass = { reachable: 'ok', unreachable: 'down', unknown: 'none' } as const

/** One context: its reachability (a dot and words), its marks, and why it is down. */
function ContextEntry({ cluster: c }: { cluster: ClusterInfo }) {
  const reachability = reachabilityOf(c)
  return (
    <>
      <span className={`dot ${dotClass[reachability]}`} aria-hidden="true" />
      <span className="palette-name">{c.name}</span>
      {c.active && <span className="chip">active</span>}
      {c.protected && (
        <span className="chip">
          <Lock size={11} className="warning" aria-hidden="true" /> protected
        </span>
      )}
      {c.imported && <span className="chip">imported</span>}
      <span className={`palette-meta ${reachability === 'unreachable' ? 'error' : 'muted'}`} title={c.reason ?? c.server}>
        {reachabilityText[reachability]}
        {c.version && reachability === 'reachable' ? ` · ${c.version}` : ''}
      </span>
    </>
  )
}

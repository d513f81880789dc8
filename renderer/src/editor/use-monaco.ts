import { useEffect, useRef, useState, type RefObject } from 'react'

type MonacoModule = typeof import('./monaco')
/** Monaco's editor API, as ./monaco sets it up (YAML, folding, find, the desk themes). */
export type Monaco = MonacoModule['monaco']

/** What a view builds in its host element: the editor, and how to take down all it made. */
export interface MonacoMade<E> {
  editor: E
  dispose(): void
}

/**
 * Monaco in a host element: loaded on first use (its own chunk, never eagerly), then `make`
 * builds the view's editor with the theme of that moment. `make` runs again when it changes (a
 * caller keeps it in useCallback with what the editor is built from) and the previous editor is
 * disposed; `monaco` is null until loaded, so a view shows its stand-in meanwhile.
 */
export function useMonaco<E>(make: (monaco: Monaco, host: HTMLDivElement, theme: string) => MonacoMade<E>): { host: RefObject<HTMLDivElement | null>; editor: RefObject<E | null>; monaco: Monaco | null } {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<E | null>(null)
  const [loaded, setLoaded] = useState<MonacoModule | null>(null)
  useEffect(() => {
    let cancelled = false
    void import('./monaco').then((m) => !cancelled && setLoaded(m))
    return () => void (cancelled = true)
  }, [])
  useEffect(() => {
    if (!loaded || !host.current) return
    const made = make(loaded.monaco, host.current, loaded.theme())
    editor.current = made.editor
    return () => {
      made.dispose()
      editor.current = null
    }
  }, [loaded, make])
  return { host, editor, monaco: loaded?.monaco ?? null }
}

import { useEffect, useRef, useState } from 'react'

type Monaco = typeof import('../editor/monaco')

/** A read-only YAML manifest in Monaco; metadata.managedFields starts folded (as Argo CD hides them). */
export function ManifestView({ text, label }: { text: string; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const [monaco, setMonaco] = useState<Monaco | null>(null)
  useEffect(() => {
    let cancelled = false
    void import('../editor/monaco').then((m) => !cancelled && setMonaco(m))
    return () => void (cancelled = true)
  }, [])
  useEffect(() => {
    if (!monaco || !host.current) return
    const { monaco: m, theme } = monaco
    const model = m.editor.createModel(text, 'yaml')
    const editor = m.editor.create(host.current, { model, readOnly: true, automaticLayout: true, theme: theme(), minimap: { enabled: false }, scrollBeyondLastLine: false, folding: true, showFoldingControls: 'always', ariaLabel: label })
    const managedLine = text.split('\n').findIndex((l) => /^\s+managedFields:/.test(l))
    // The folding model is built after the first render: fold once it is there.
    const timer = setTimeout(() => {
      if (managedLine >= 0) editor.trigger('manifest', 'editor.fold', { selectionLines: [managedLine], levels: 1 })
    }, 50)
    return () => {
      clearTimeout(timer)
      editor.dispose()
      model.dispose()
    }
  }, [monaco, text, label])
  return (
    <>
      <div className="monaco-host manifest" ref={host} data-testid="manifest-editor" />
      {!monaco && <p role="status">Loading the editor…</p>}
    </>
  )
}

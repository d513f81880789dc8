import { useCallback } from 'react'
import { useMonaco, type Monaco } from '../editor/use-monaco'

/** A read-only YAML manifest in Monaco; metadata.managedFields starts folded (as Argo CD hides them). */
export function ManifestView({ text, label }: { text: string; label: string }) {
  const make = useCallback(
    (m: Monaco, host: HTMLDivElement, theme: string) => {
      const model = m.editor.createModel(text, 'yaml')
      const editor = m.editor.create(host, { model, readOnly: true, automaticLayout: true, theme, minimap: { enabled: false }, scrollBeyondLastLine: false, folding: true, showFoldingControls: 'always', renderFinalNewline: 'on', ariaLabel: label })
      // The final line's number is not dimmed ('on', not Monaco's 'dimmed'): dimmed, it fails contrast (axe).
      const managedLine = text.split('\n').findIndex((l) => /^\s+managedFields:/.test(l))
      // The folding model is built after the first render: fold once it is there.
      const timer = setTimeout(() => {
        if (managedLine >= 0) editor.trigger('manifest', 'editor.fold', { selectionLines: [managedLine], levels: 1 })
      }, 50)
      return {
        editor,
        dispose: () => {
          clearTimeout(timer)
          editor.dispose()
          model.dispose()
        },
      }
    },
    [text, label],
  )
  const { host, monaco } = useMonaco(make)
  return (
    <>
      <div className="monaco-host manifest" ref={host} data-testid="manifest-editor" />
      {!monaco && <p role="status">Loading the editor…</p>}
    </>
  )
}

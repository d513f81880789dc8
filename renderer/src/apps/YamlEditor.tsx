import { useCallback, useEffect, useRef } from 'react'
import type { YamlProblem } from './editor-problems'
import { useMonaco, type Monaco } from '../editor/use-monaco'

/** Monaco on YAML: each problem a marker on its line, and listed with its line below the editor. */
export function YamlEditor({ value, onChange, problems, label = 'Application YAML' }: { value: string; onChange(v: string): void; problems: YamlProblem[]; label?: string }) {
  // The editor is made once per Monaco load: it starts from the value of that moment and reports
  // edits to the latest onChange, both read through refs so a re-render does not rebuild it.
  const latest = useRef({ value, onChange, label })
  useEffect(() => {
    latest.current = { value, onChange, label }
  }, [value, onChange, label])
  // The texts the editor reported that the value prop has not caught up with yet. Keys typed
  // faster than React renders arrive as older values: those are echoes, not changes to apply
  // (setting one back lost the newer keys and put the cursor on line 1).
  const reported = useRef<string[]>([])
  const make = useCallback((m: Monaco, host: HTMLDivElement, theme: string) => {
    const e = m.editor.create(host, { value: latest.current.value, language: 'yaml', automaticLayout: true, theme, minimap: { enabled: false }, ariaLabel: latest.current.label, renderFinalNewline: 'on' /* a dimmed number fails contrast (axe) */ })
    e.onDidChangeModelContent(() => {
      const text = e.getValue()
      reported.current = [...reported.current.slice(-63), text]
      latest.current.onChange(text)
    })
    return { editor: e, dispose: () => e.dispose() }
  }, [])
  const { host, editor, monaco } = useMonaco(make)
  useEffect(() => {
    const echo = reported.current.lastIndexOf(value)
    if (echo >= 0) {
      reported.current = reported.current.slice(echo + 1)
      return
    }
    // A change from outside the editor (an example, an imported file, the stored YAML): shown.
    if (editor.current && editor.current.getValue() !== value) editor.current.setValue(value)
  }, [editor, value])
  useEffect(() => {
    const model = editor.current?.getModel()
    if (!monaco || !model) return
    const lines = model.getLineCount()
    const markers = problems
      .filter((p) => p.line >= 1 && p.line <= lines)
      .map((p) => ({ startLineNumber: p.line, endLineNumber: p.line, startColumn: 1, endColumn: model.getLineMaxColumn(p.line), message: p.field ? `${p.field}: ${p.message}` : p.message, severity: monaco.MarkerSeverity.Error }))
    monaco.editor.setModelMarkers(model, 'gitops-desk', markers)
  }, [editor, monaco, problems])
  const reveal = (line: number) => {
    editor.current?.revealLineInCenter(line)
    editor.current?.setPosition({ lineNumber: line, column: 1 })
    editor.current?.focus()
  }
  return (
    <>
      {problems.length > 0 && (
        <ul className="yaml-problems" aria-label="Problems in the YAML">
          {problems.map((p, i) => (
            <li key={i}>
              <button type="button" className="link" onClick={() => reveal(p.line)}>
                Line {p.line}
              </button>
              {p.field && <code> {p.field}</code>}: {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="monaco-host editor-host" ref={host} />
      {!monaco && <textarea aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} rows={20} className="mono" />}
    </>
  )
}

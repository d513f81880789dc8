import { useEffect, useRef, useState } from 'react'
import type { YamlProblem } from './editor-problems'

type Monaco = typeof import('../editor/monaco')

/** Monaco on YAML: each problem a marker on its line, and listed with its line below the editor. */
export function YamlEditor({ value, onChange, problems }: { value: string; onChange(v: string): void; problems: YamlProblem[] }) {
  const host = useRef<HTMLDivElement>(null)
  const [monaco, setMonaco] = useState<Monaco | null>(null)
  const editor = useRef<import('monaco-editor/editor/editor.api').editor.IStandaloneCodeEditor | null>(null)
  // The editor is made once per Monaco load: it starts from the value of that moment and reports
  // edits to the latest onChange, both read through refs so a re-render does not rebuild it.
  const latest = useRef({ value, onChange })
  useEffect(() => {
    latest.current = { value, onChange }
  }, [value, onChange])
  useEffect(() => void import('../editor/monaco').then(setMonaco), [])
  useEffect(() => {
    if (!monaco || !host.current) return
    const e = monaco.monaco.editor.create(host.current, { value: latest.current.value, language: 'yaml', automaticLayout: true, theme: monaco.theme(), minimap: { enabled: false }, ariaLabel: 'Application YAML' })
    e.onDidChangeModelContent(() => latest.current.onChange(e.getValue()))
    editor.current = e
    return () => e.dispose()
  }, [monaco])
  useEffect(() => {
    if (editor.current && editor.current.getValue() !== value) editor.current.setValue(value)
  }, [value])
  useEffect(() => {
    const model = editor.current?.getModel()
    if (!monaco || !model) return
    const lines = model.getLineCount()
    const markers = problems
      .filter((p) => p.line >= 1 && p.line <= lines)
      .map((p) => ({ startLineNumber: p.line, endLineNumber: p.line, startColumn: 1, endColumn: model.getLineMaxColumn(p.line), message: p.field ? `${p.field}: ${p.message}` : p.message, severity: monaco.monaco.MarkerSeverity.Error }))
    monaco.monaco.editor.setModelMarkers(model, 'gitops-desk', markers)
  }, [monaco, problems])
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
      {!monaco && <textarea aria-label="Application YAML" value={value} onChange={(e) => onChange(e.target.value)} rows={20} className="mono" />}
    </>
  )
}

import { useCallback, useMemo } from 'react'
import { createTwoFilesPatch } from 'diff'
import { useMonaco, type Monaco } from '../../editor/use-monaco'

/**
 * What saving would change in the Application, before it is saved: the stored YAML on the left,
 * the edited one on the right (Monaco's diff editor), and the same as a unified text.
 */
export function YamlChangeDiff({ name, before, after }: { name: string; before: string; after: string }) {
  const make = useCallback(
    (m: Monaco, host: HTMLDivElement, theme: string) => {
      const e = m.editor.createDiffEditor(host, { readOnly: true, originalEditable: false, automaticLayout: true, renderSideBySide: true, theme, minimap: { enabled: false }, scrollBeyondLastLine: false, hideUnchangedRegions: { enabled: true } })
      const original = m.editor.createModel(before, 'yaml')
      const modified = m.editor.createModel(after, 'yaml')
      e.setModel({ original, modified })
      e.getOriginalEditor().updateOptions({ ariaLabel: `Application ${name} as stored` })
      e.getModifiedEditor().updateOptions({ ariaLabel: `Application ${name} with the changes` })
      return {
        editor: e,
        dispose: () => {
          e.dispose()
          original.dispose()
          modified.dispose()
        },
      }
    },
    [name, before, after],
  )
  const { host, monaco } = useMonaco(make)
  const unified = useMemo(() => createTwoFilesPatch(`${name}.yaml`, `${name}.yaml`, before, after, 'stored', 'edited', { context: 2 }).split('\n').slice(2).join('\n'), [name, before, after])
  return (
    <section className="params-diff" aria-label="Changes to the Application">
      <h3>Changes to the Application (not saved yet)</h3>
      <div className="diff-headers" aria-hidden="true">
        <span>Stored</span>
        <span>With your changes</span>
      </div>
      <div className="monaco-host params-diff-editor" ref={host} data-testid="params-diff-editor" />
      {!monaco && <p role="status">Loading the diff editor…</p>}
      <details>
        <summary>Unified diff</summary>
        <pre className="unified" data-testid="params-unified-diff">
          {unified}
        </pre>
      </details>
    </section>
  )
}

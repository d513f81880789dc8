import type { Monaco, MonacoMade } from './use-monaco'

export type DiffEditor = ReturnType<Monaco['editor']['createDiffEditor']>

/** A read-only diff of two YAML texts, each side named for screen readers. */
export interface YamlDiffSpec {
  original: { text: string; label: string }
  modified: { text: string; label: string }
  /** Inline (one column) instead of side by side. */
  inline?: boolean
  /** Unchanged regions folded away. */
  collapse: boolean
  ariaLabel?: string
}

/**
 * Monaco's diff editor on two YAML texts, for useMonaco: side by side unless asked for inline,
 * even in a narrow place; the final line's number not dimmed (dimmed, it fails contrast). Each
 * side's text box gets its own name (the diff editor's originalAriaLabel does not reach it in
 * this Monaco). `decorate` adds to the made editor and returns how to take that down.
 */
export function makeYamlDiff(m: Monaco, host: HTMLDivElement, theme: string, spec: YamlDiffSpec, decorate?: (editor: DiffEditor, modifiedUri: string) => () => void): MonacoMade<DiffEditor> {
  const e = m.editor.createDiffEditor(host, {
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    renderSideBySide: !spec.inline,
    useInlineViewWhenSpaceIsLimited: false,
    renderFinalNewline: 'on',
    hideUnchangedRegions: { enabled: spec.collapse },
    theme,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    ...(spec.ariaLabel ? { ariaLabel: spec.ariaLabel } : {}),
  })
  const original = m.editor.createModel(spec.original.text, 'yaml')
  const modified = m.editor.createModel(spec.modified.text, 'yaml')
  e.setModel({ original, modified })
  e.getOriginalEditor().updateOptions({ ariaLabel: spec.original.label })
  e.getModifiedEditor().updateOptions({ ariaLabel: spec.modified.label })
  const undecorate = decorate?.(e, modified.uri.toString())
  return {
    editor: e,
    dispose: () => {
      e.dispose()
      undecorate?.()
      original.dispose()
      modified.dispose()
    },
  }
}

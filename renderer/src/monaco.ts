// Monaco, bundled with the app and loaded only when a diff or editor opens (no CDN, no eager chunk).
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/languages/definitions/yaml/register'
// editor.api alone has no contributions: folding (its arrows), find, and the codicon font they draw with.
import 'monaco-editor/editor/contrib/folding/browser/folding'
import 'monaco-editor/editor/contrib/find/browser/findController'
import 'monaco-codicons.css'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'

;(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() }

// Monaco's own themes with YAML comments dark (light) or bright (dark) enough to read on a diff's
// inserted and removed lines (the whole-app diff heads each document with a comment; axe measured
// vs's green at under 4.5:1 there).
// A folded line keeps the plain background: vs's fold highlight took key colours under 4.5:1 too.
monaco.editor.defineTheme('desk-light', { base: 'vs', inherit: true, rules: [{ token: 'comment', foreground: '1e5a1e' }, { token: 'number', foreground: '06653f' }], colors: { 'editor.foldBackground': '#00000000' } })
monaco.editor.defineTheme('desk-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '9ccc8c' }], colors: { 'editor.foldBackground': '#00000000' } })

export function theme(): 'desk-light' | 'desk-dark' {
  const chosen = document.documentElement.dataset.theme
  const dark = chosen === 'dark' || (chosen !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  return dark ? 'desk-dark' : 'desk-light'
}

export { monaco }

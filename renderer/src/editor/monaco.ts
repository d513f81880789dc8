// Monaco, bundled with the app and loaded only when a diff or editor opens (no CDN, no eager chunk).
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/languages/definitions/yaml/register'
// editor.api alone has no contributions: folding (its arrows), find, and the codicon font they draw with.
import 'monaco-editor/editor/contrib/folding/browser/folding'
import 'monaco-editor/editor/contrib/find/browser/findController'
import 'monaco-codicons.css'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { deskDark, deskLight } from './editor-themes'

;(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() }

// The themes' colours and why they differ from vs / vs-dark: editor-themes.ts.
monaco.editor.defineTheme('desk-light', deskLight)
monaco.editor.defineTheme('desk-dark', deskDark)

export function theme(): 'desk-light' | 'desk-dark' {
  const chosen = document.documentElement.dataset.theme
  const dark = chosen === 'dark' || (chosen !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  return dark ? 'desk-dark' : 'desk-light'
}

export { monaco }

// Monaco, bundled with the app and loaded only when a diff or editor opens (no CDN, no eager chunk).
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/languages/definitions/yaml/register'
// editor.api alone has no contributions: folding (its arrows), find, and the codicon font they draw with.
import 'monaco-editor/editor/contrib/folding/browser/folding'
import 'monaco-editor/editor/contrib/find/browser/findController'
import 'monaco-codicons.css'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { HideUnchangedRegionsFeature } from 'monaco-editor/editor/browser/widget/diffEditor/features/hideUnchangedRegionsFeature'
import { deskDark, deskLight } from './editor-themes'
import { headersIn } from '../diff/hidden-documents'

;(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() }

// The themes' colours and why they differ from vs / vs-dark: editor-themes.ts.
monaco.editor.defineTheme('desk-light', deskLight)
monaco.editor.defineTheme('desk-dark', deskDark)

// A collapsed region of unchanged lines names the documents whose headers it hides (a whole-app
// diff's kind and name), so every document stays placed; a click on one reveals it.
HideUnchangedRegionsFeature.setBreadcrumbsSourceFactory((model) => ({
  dispose: () => undefined,
  getBreadcrumbItems: (range) => headersIn(model.uri.toString(), range.startLineNumber, range.endLineNumberExclusive).map((h) => ({ name: h.label, kind: monaco.languages.SymbolKind.Object, startLineNumber: h.line })),
  getAt: () => [],
}))

export function theme(): 'desk-light' | 'desk-dark' {
  const chosen = document.documentElement.dataset.theme
  const dark = chosen === 'dark' || (chosen !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  return dark ? 'desk-dark' : 'desk-light'
}

export { monaco }

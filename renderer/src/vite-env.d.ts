/// <reference types="vite/client" />

declare module 'monaco-codicons.css'
declare module 'monaco-editor/editor/contrib/folding/browser/folding'
declare module 'monaco-editor/editor/contrib/find/browser/findController'
declare module 'monaco-editor/editor/browser/widget/diffEditor/features/hideUnchangedRegionsFeature' {
  /** Monaco's collapsed-region bars: the items (breadcrumbs) each lists for the lines it hides. */
  export const HideUnchangedRegionsFeature: {
    setBreadcrumbsSourceFactory(factory: (model: import('monaco-editor/editor/editor.api').editor.ITextModel) => { dispose(): void; getBreadcrumbItems(range: { startLineNumber: number; endLineNumberExclusive: number }): { name: string; kind: number; startLineNumber: number }[]; getAt(): [] }): void
  }
}

/// <reference types="vite/client" />

declare module 'monaco-codicons.css'
declare module 'monaco-editor/editor/contrib/folding/browser/folding'
declare module 'monaco-editor/editor/contrib/find/browser/findController'

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The desktop app's main process, the CLI and the web harness: one build, shared chunks;
      // each command's heavy modules are chunks of their own, loaded when that command runs.
      rolldownOptions: { input: { index: resolve(root, 'main/app/index.ts'), cli: resolve(root, 'main/cli/main.ts'), web: resolve(root, 'main/web/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only be one CommonJS script: bundle zod and shared/ into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    resolve: {
      // Monaco's icon font (folding arrows, find widget): its CSS is outside the package's exports.
      alias: { 'monaco-codicons.css': resolve(root, 'node_modules/monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css') },
    },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
})

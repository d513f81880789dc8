import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'

const electronModules = ['electron', 'electron-store', 'electron-updater']
const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: electronModules.map((name) => ({
        name,
        message: 'Only main/app/ and preload/ may import Electron; use the engine, or conf for settings.',
      })),
    },
  ],
}

/** Who may import whom, by folder (see ../shared/docs/architecture.md, Boundaries). */
const boundaries = [
  { target: './shared', from: ['./main', './preload', './renderer', './test'], message: 'shared/ imports nothing of ours.' },
  { target: './renderer', from: ['./main', './preload', './test'], message: 'renderer/ imports only shared/.' },
  { target: './preload', from: ['./main', './renderer', './test'], message: 'preload/ imports only shared/ and electron.' },
  { target: './main/engine', from: ['./main/app', './main/api', './main/web', './main/cli'], message: 'main/engine/ never imports the app, api, web or cli layers.' },
  { target: './main', from: ['./renderer', './preload'], message: 'main/ does not import the renderer, preload or tests.' },
  { target: './main', from: './test', except: ['./support'], message: 'main/ does not import the renderer, preload or tests.' },
  // Unit tests beside the code (main/**/*.test.ts) may use the fakes in test/support; production code never.
  { target: './main/**/!(*.test).ts', from: './test/support', message: 'main/ production code never imports test/support (fakes are for tests).' },
]

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test/artifacts/', 'test/cluster/', 'resources/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // Without a parser for .ts, import-x cannot read our modules and no-cycle sees no cycle.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.node.json', 'tsconfig.web.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'test/**/*.ts', 'bin/**'], ignores: ['main/app/**'], rules: noElectron },
)

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

/** Who may import whom, by folder (see docs/architecture.md, Boundaries). */
const boundaries = [
  { target: './shared', from: ['./main', './preload', './renderer', './test'], message: 'shared/ imports nothing of ours.' },
  { target: './renderer', from: ['./main', './preload', './test'], message: 'renderer/ imports only shared/.' },
  { target: './preload', from: ['./main', './renderer', './test'], message: 'preload/ imports only shared/ and electron.' },
  { target: './main/engine', from: ['./main/app', './main/api', './main/web', './main/cli'], message: 'main/engine/ never imports the app, api, web or cli layers.' },
  { target: './main', from: ['./renderer', './preload', './test'], message: 'main/ does not import the renderer, preload or tests.' },
  {
    target: ['./main/api', './main/app'],
    from: './main/engine',
    // The data folder and store file (opened by the app before the engine), errors and version (base), the login shell's PATH.
    except: ['./service', './base', './store', './clusters/shell-path.ts', './secrets/keychain.ts'],
    message: 'main/api and main/app reach the engine through its service (main/engine/service) only.',
  },
]
/** Unit tests beside the code in main/ may also use the shared fakes in test/support (nothing else of test/). */
const unitTestBoundaries = [
  ...boundaries.filter((zone) => zone.target !== './main'),
  { target: './main', from: ['./renderer', './preload'], message: 'main/ does not import the renderer or preload.' },
  { target: './main', from: './test', except: ['./support'], message: 'a unit test in main/ imports only test/support of the tests.' },
]

/**
 * The engine's layers, lowest first (docs/architecture.md, Layers). A folder imports only its own
 * layer and the ones below, `import type` included; scripts/folder-imports.mjs also refuses a loop
 * between folders of one layer.
 */
const engineLayers = [
  ['base'],
  ['model', 'kube'],
  ['store', 'secrets', 'sandbox', 'customizations'],
  ['repos', 'clusters'],
  ['apps', 'render', 'cache'],
  ['diff', 'health', 'lua', 'actions', 'resources', 'notifications'],
  ['sync'],
  ['reconcile', 'appsets', 'argocd'],
  ['service'],
]
const engineLayerZones = engineLayers.flatMap((layer, index) => {
  const higher = engineLayers.slice(index + 1).flat()
  return higher.length === 0 ? [] : layer.map((folder) => ({
    target: `./main/engine/${folder}`,
    from: higher.map((h) => `./main/engine/${h}`),
    message: `main/engine/${folder}/ is in layer ${index} and imports only layers 0-${index} (${engineLayers.slice(0, index + 1).map((l) => l.join(', ')).join(' → ')}); see docs/architecture.md, Layers`,
  }))
})

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
      // A type written as import('../…').X is invisible to import-x's zones (boundaries and layers): use `import type`.
      'no-restricted-syntax': ['error', { selector: 'TSImportType[argument.literal.value=/^\\.\\./]', message: "name a type of another folder with `import type`, which the boundary and layer lint checks (docs/architecture.md), not import('…')" }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['main/**/*.test.ts'], rules: { 'import-x/no-restricted-paths': ['error', { zones: unitTestBoundaries }] } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests beside engine code may exercise several layers together; the code itself may not.
    files: ['main/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...boundaries, ...engineLayerZones] }] },
  },
  { files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'test/**/*.ts', 'bin/**'], ignores: ['main/app/**'], rules: noElectron },
)

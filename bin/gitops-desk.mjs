#!/usr/bin/env node
// The `gitops-desk` command in a source checkout: runs main/cli from TypeScript through tsx.
import { tsImport } from 'tsx/esm/api'

const { main } = await tsImport('../main/cli/index.ts', import.meta.url)
process.exitCode = await main(process.argv.slice(2))

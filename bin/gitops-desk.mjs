#!/usr/bin/env node
// The `gitops-desk` command: starts the built CLI (out/main/cli.js). `npm install` builds it (the
// prepare script), and so does `npm run build`; the packaged app ships it built.
import { existsSync } from 'node:fs'

const entry = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write(`gitops-desk: the command is not built yet (${entry.pathname} is missing): run npm run build in the GitOps Desk folder\n`)
  process.exit(2)
}
await import(entry.href)

// The built entry of the `gitops-desk` command (out/main/cli.js), started by bin/gitops-desk.mjs.
import { main } from './index'

process.exitCode = await main(process.argv.slice(2))

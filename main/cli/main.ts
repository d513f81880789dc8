// The built entry of the `gitops-desk` command (out/main/cli.js), started by bin/gitops-desk.mjs.
import { main } from './index'
import { endQuietlyOnClosedPipe } from './closed-pipe'
import { exitWhenDone } from './exit-when-done'

endQuietlyOnClosedPipe(process.stdout)

const code = await main(process.argv.slice(2))
process.exitCode = code
exitWhenDone(code)

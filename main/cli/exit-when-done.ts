/** How long a finished command may take to let go of its last sockets and files. */
const graceMs = 3000

/**
 * Every command exits when it is done: Node exits by itself once nothing is open, and this timer
 * (which keeps nothing open) ends the process if something still is, say a watch or a stream a
 * command forgot to close. What was left open is named on stderr, so a test catches the leak.
 */
export function exitWhenDone(code: number, log: (line: string) => void = (line) => process.stderr.write(line)): void {
  setTimeout(() => {
    log(`gitops-desk: still running ${graceMs / 1000} s after the command finished; open: ${openHandles().join(', ') || 'unknown'} (a bug; please report it)\n`)
    process.exit(code)
  }, graceMs).unref()
}

/** What keeps the event loop alive (why-is-node-running's question), as a short list. */
export function openHandles(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles()
  return handles
    .filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin)
    .map((h) => {
      const socket = h as { remoteAddress?: string; remotePort?: number }
      const name = h.constructor?.name ?? 'handle'
      return socket.remoteAddress ? `${name} to ${socket.remoteAddress}:${socket.remotePort}` : name
    })
}

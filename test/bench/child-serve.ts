// The child's side of BenchChild (child.ts): operations asked for over the IPC channel, and
// figures sent back to the parent's Figures. Kept apart from child.ts so a child's bundle carries
// neither esbuild nor the parent's code.

export type ChildMessage = { figure: { name: string; value: number; unit: string } } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }

/** Figures recorded in the child: printed and kept by the parent, in its order. */
export const childFigures = {
  record(name: string, value: number, unit: string): number {
    process.send!({ figure: { name, value, unit } } satisfies ChildMessage)
    return value
  },
}

/** Wall-clock time with sub-millisecond resolution, comparable between the parent and its child. */
export const now = (): number => performance.timeOrigin + performance.now()

/**
 * Serves the parent's requests with `operations` (`ready` is answered once they are set up;
 * `close` runs `onClose`, answers, and exits).
 */
export function serveParent(operations: Record<string, (args: never) => unknown>, onClose: () => Promise<void>): void {
  const answer = (message: ChildMessage) => process.send!(message)
  process.on('message', (message: { id: number; op: string; args: never }) => {
    void (async () => {
      try {
        if (message.op === 'ready') return answer({ id: message.id, ok: true, value: true })
        if (message.op === 'close') {
          await onClose()
          // Exits once the answer is out: a handle the engine left open must not keep it alive.
          return void process.send!({ id: message.id, ok: true, value: true } satisfies ChildMessage, () => process.exit(0))
        }
        const operation = operations[message.op]
        if (!operation) throw new Error(`unknown bench child operation ${message.op}`)
        answer({ id: message.id, ok: true, value: await operation(message.args) })
      } catch (error) {
        answer({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
      }
    })()
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `done` every `pollMs` until it is true; throws naming `what` after `timeoutMs`. A poll that fails (a dropped keep-alive connection) is only a poll that saw nothing yet. */
export async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number, pollMs = 100): Promise<true> {
  const deadline = Date.now() + timeoutMs
  while (!(await Promise.resolve().then(done).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs / 1000} s`)
    await sleep(pollMs)
  }
  return true
}

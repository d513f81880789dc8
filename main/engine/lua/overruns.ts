/** How many overruns in a row pause a script, and for how long. */
export const overrunPause = { inARow: 3, ms: 60_000 }
const rememberedObjects = 500

/**
 * Scripts that ran past their deadline. Each overrun blocks the engine's thread for the whole
 * deadline, and health is asked of every object on every compare, so:
 * - the same script on the same object version (uid + resourceVersion) is answered with the same
 *   overrun at once: the same input would run into the same loop;
 * - a script that overran on several objects in a row is paused (answered at once for every
 *   object) for a while, then tried again on the next object asked: one hostile script costs the
 *   engine a few seconds a minute, not a second per object.
 * A script that answers (even with an error) clears its run of overruns.
 */
export class Overruns {
  private readonly objects = new Map<string, string>()
  private readonly scripts = new Map<string, { inARow: number; pausedUntil: number }>()

  /** The remembered overrun for this script (and object), if it is not to run now. */
  check(script: string, object: string | undefined, label: string): string | undefined {
    const known = object !== undefined ? this.objects.get(`${script}\0${object}`) : undefined
    if (known) return known
    const run = this.scripts.get(script)
    if (run && run.inARow >= overrunPause.inARow && Date.now() < run.pausedUntil) {
      return `${label} ran past its time limit on ${run.inARow} objects in a row and is paused until ${new Date(run.pausedUntil).toISOString()}`
    }
    return undefined
  }

  answered(script: string): void {
    this.scripts.delete(script)
  }

  overran(script: string, object: string | undefined, message: string): void {
    if (object !== undefined) {
      if (this.objects.size >= rememberedObjects) this.objects.delete(this.objects.keys().next().value!)
      this.objects.set(`${script}\0${object}`, message)
    }
    const run = this.scripts.get(script) ?? { inARow: 0, pausedUntil: 0 }
    run.inARow++
    if (run.inARow >= overrunPause.inARow) run.pausedUntil = Date.now() + overrunPause.ms
    this.scripts.set(script, run)
  }
}

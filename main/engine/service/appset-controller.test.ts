import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppSetController } from './appset-controller'

/** Generation passes the test ends by hand, so "under way" is a state, not a moment. */
function pending() {
  const passes: { name: string; finish: () => void }[] = []
  const run = (name: string) => new Promise<void>((resolve) => passes.push({ name, finish: resolve }))
  return { passes, applyAll: vi.fn(() => run('*')), apply: vi.fn((name: string) => run(name)) }
}

afterEach(() => vi.useRealTimers())

describe('the ApplicationSet controller', () => {
  it('generates every ApplicationSet at start, then again each interval after the last pass ended', async () => {
    vi.useFakeTimers()
    const work = pending()
    const controller = new AppSetController({ ...work, intervalMs: () => 180_000 })
    controller.start()
    expect(work.applyAll).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(180_000)
    expect(work.applyAll).toHaveBeenCalledTimes(2)
    // The second pass has not ended: no third one starts, however long it takes.
    await vi.advanceTimersByTimeAsync(600_000)
    expect(work.applyAll).toHaveBeenCalledTimes(2)
    work.passes.at(-1)!.finish()
    await vi.advanceTimersByTimeAsync(180_000)
    expect(work.applyAll).toHaveBeenCalledTimes(3)
    work.passes.forEach((p) => p.finish())
    await controller.stop()
  })

  it('stop() waits for the generation under way, and nothing starts after it', async () => {
    vi.useFakeTimers()
    const work = pending()
    const controller = new AppSetController({ ...work, intervalMs: () => 1000 })
    controller.start()
    controller.changed(['shop'])
    let stopped = false
    const stopping = controller.stop().then(() => (stopped = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(stopped).toBe(false)
    expect(controller.closed).toBe(true)
    work.passes.find((p) => p.name === '*')!.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(stopped).toBe(false) // "shop" is still generating
    work.passes.find((p) => p.name === 'shop')!.finish()
    await stopping
    controller.changed(['shop'])
    controller.start()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(work.applyAll).toHaveBeenCalledTimes(1)
    expect(work.apply).toHaveBeenCalledTimes(1)
  })

  it('a failing generation does not stop the controller (the failure shows on the ApplicationSet)', async () => {
    vi.useFakeTimers()
    const applyAll = vi.fn(() => Promise.reject(new Error('generator failed')))
    const controller = new AppSetController({ applyAll, apply: () => Promise.resolve(), intervalMs: () => 1000 })
    controller.start()
    await vi.advanceTimersByTimeAsync(1000)
    expect(applyAll).toHaveBeenCalledTimes(2)
    await controller.stop()
  })

  it('the sources of an ApplicationSet changing generates it before the controller is started (an app of apps)', async () => {
    const apply = vi.fn(() => Promise.resolve())
    const controller = new AppSetController({ applyAll: () => Promise.resolve(), apply, intervalMs: () => 1000 })
    controller.changed(['a', 'b'])
    expect(apply.mock.calls).toEqual([['a'], ['b']])
    await controller.stop()
  })
})

import { describe, expect, it } from 'vitest'
import { LoopTurns } from './loop-turns'

const busy = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // CPU-bound work, as a re-diff on cached state is
  }
}

describe('loop turns', () => {
  it('pieces begun together run a budget at a time: a timer due meanwhile runs between them, not after all of them', async () => {
    const turns = new LoopTurns(5)
    const order: string[] = []
    setTimeout(() => order.push('timer'), 4)
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await turns.next()
        await Promise.resolve() // promise work of its own, run before the next piece
        busy(3)
        order.push(`piece ${i}`)
      }),
    )
    const timer = order.indexOf('timer')
    expect(timer).toBeGreaterThanOrEqual(0)
    expect(timer).toBeLessThan(order.length - 1)
    expect(order.filter((o) => o !== 'timer')).toEqual(Array.from({ length: 10 }, (_, i) => `piece ${i}`))
  })

})

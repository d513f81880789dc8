import { describe, expect, it } from 'vitest'
import { BackgroundWork } from './background-work'

describe('background work', () => {
  it('close() waits for tracked work, including work it starts while closing; closed from the call on', async () => {
    const work = new BackgroundWork()
    const order: string[] = []
    let releaseFirst!: () => void
    void work.track(
      new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => {
        order.push('first')
        // Started while closing (as a run that announces its tree): close waits for it too.
        void work.track(Promise.resolve().then(() => order.push('second')))
      }),
    )
    void work.track(Promise.reject(new Error('a failure settles too')))
    const closing = work.close().then(() => order.push('closed'))
    expect(work.closed).toBe(true)
    releaseFirst()
    await closing
    expect(order).toEqual(['first', 'second', 'closed'])
  })
})

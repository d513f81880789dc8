import { describe, expect, it } from 'vitest'
import { StageClock } from './stage-clock'

describe('the stage clock', () => {
  it('counts overlapping runs of a stage once in its wall time and each in its sum', () => {
    let now = 0
    const clock = new StageClock(() => now)
    const a = clock.start('dry run')
    now = 10
    const b = clock.start('dry run')
    now = 30
    a()
    a() // a second end changes nothing
    now = 50
    b()
    now = 100
    const c = clock.start('fetch')
    now = 120
    c()
    const times = clock.snapshot()
    expect(times['dry run']).toEqual({ wallMs: 50, sumMs: 70, count: 2 })
    expect(times.fetch).toEqual({ wallMs: 20, sumMs: 20, count: 1 })
    expect(times.render).toEqual({ wallMs: 0, sumMs: 0, count: 0 })
  })

  it('counts from zero after a reset, a run open across it from the reset on', async () => {
    let now = 0
    const clock = new StageClock(() => now)
    const open = clock.start('render')
    now = 40
    clock.reset()
    now = 70
    expect(clock.snapshot().render.wallMs).toBe(30)
    open()
    expect(clock.snapshot().render).toEqual({ wallMs: 30, sumMs: 30, count: 1 })
    await expect(clock.time('publish', async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed')
    expect(clock.snapshot().publish.count).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { CancelledError, UserError } from '../base/errors'
import { RenderPause } from './render-pause'

function clockAt(start: number): { now: () => number; advance(ms: number): void } {
  let t = start
  return { now: () => t, advance: (ms) => void (t += ms) }
}

const start = new Date(2026, 11, 6, 22, 15, 30).getTime() // local time: the note shows the user's clock
const failure = (n: number): UserError => new UserError('Invalid', `helm template failed (${n})`, 'templates/cm.yaml')

describe('RenderPause (Argo CD: pause generation after failed attempts)', () => {
  it('renders through the first two failures and answers the third one\'s error from then on', () => {
    const clock = clockAt(start)
    const pause = new RenderPause(undefined, clock.now)
    for (const n of [1, 2]) {
      expect(pause.paused('k')).toBeNull()
      pause.failed('k', failure(n))
    }
    expect(pause.paused('k')).toBeNull()
    pause.failed('k', failure(3))
    clock.advance(10 * 60_000)
    const answer = pause.paused('k')
    expect(answer).toBeInstanceOf(UserError)
    expect(answer?.message).toBe('helm template failed (3) (rendering paused after 3 failed attempts until 23:15; a hard refresh tries again)')
    expect(answer?.code).toBe('Invalid')
    expect(answer?.where).toBe('templates/cm.yaml')
    expect(pause.paused('k')?.message).toContain('paused after 3 failed attempts')
  })

  it('keys apart: another input is not paused', () => {
    const pause = new RenderPause()
    for (const n of [1, 2, 3]) pause.failed('a', failure(n))
    expect(pause.paused('a')).not.toBeNull()
    expect(pause.paused('b')).toBeNull()
  })

  it('ends the pause 60 minutes after the first failure, then counts afresh', () => {
    const clock = clockAt(start)
    const pause = new RenderPause(undefined, clock.now)
    pause.failed('k', failure(1))
    clock.advance(20 * 60_000)
    pause.failed('k', failure(2))
    pause.failed('k', failure(3))
    clock.advance(39 * 60_000 + 59_000)
    expect(pause.paused('k')).not.toBeNull()
    clock.advance(1_000)
    expect(pause.paused('k')).toBeNull()
    pause.failed('k', failure(4)) // one failure after the pause: not paused yet
    expect(pause.paused('k')).toBeNull()
  })

  it('a success forgets the failures', () => {
    const pause = new RenderPause()
    pause.failed('k', failure(1))
    pause.failed('k', failure(2))
    pause.succeeded('k')
    pause.failed('k', failure(3))
    expect(pause.paused('k')).toBeNull()
  })

  it('with a request limit, answers that many times from the pause, then renders again', () => {
    const pause = new RenderPause({ attempts: 2, minutes: 0, requests: 2 })
    pause.failed('k', failure(1))
    pause.failed('k', failure(2))
    expect(pause.paused('k')?.message).toContain('paused after 2 failed attempts for 2 more refreshes')
    expect(pause.paused('k')).not.toBeNull()
    expect(pause.paused('k')).toBeNull()
  })

  it('never pauses with attempts 0, and counts neither a cancel nor a bug', () => {
    const off = new RenderPause({ attempts: 0, minutes: 60, requests: 0 })
    for (const n of [1, 2, 3, 4]) off.failed('k', failure(n))
    expect(off.paused('k')).toBeNull()
    const pause = new RenderPause()
    for (let i = 0; i < 3; i++) pause.failed('k', new CancelledError())
    for (let i = 0; i < 3; i++) pause.failed('k', new TypeError('a bug'))
    expect(pause.paused('k')).toBeNull()
  })
})

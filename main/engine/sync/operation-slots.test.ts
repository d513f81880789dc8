import { describe, expect, it } from 'vitest'
import { OperationSlots } from './operation-slots'

describe('operation slots (the cap on operations running at once)', () => {
  it('gives slots up to the limit; the rest wait and start in the order they asked', async () => {
    const slots = new OperationSlots(() => 2)
    expect([slots.tryTake(), slots.tryTake(), slots.tryTake()]).toEqual([true, true, false])
    const started: string[] = []
    const waits = ['c', 'd', 'e'].map((id) => slots.wait(id).then((got) => got && started.push(id)))
    expect(slots.waiting).toBe(3)
    expect(slots.position('d')).toBe(2)
    slots.release()
    await Promise.resolve()
    expect(started).toEqual(['c'])
    // A new operation does not jump the queue even when a slot is free at that moment.
    slots.release()
    expect(slots.tryTake()).toBe(false)
    slots.release()
    slots.release()
    await Promise.all(waits)
    expect(started).toEqual(['c', 'd', 'e'])
  })

  it('a waiter can leave the queue (terminated before it started); the others keep their order', async () => {
    const slots = new OperationSlots(() => 1)
    expect(slots.tryTake()).toBe(true)
    const b = slots.wait('b')
    const c = slots.wait('c')
    expect(slots.leave('b')).toBe(true)
    expect(slots.leave('b')).toBe(false)
    expect(await b).toBe(false)
    slots.release()
    expect(await c).toBe(true)
    expect(slots.running).toBe(1)
  })

  it('a raised limit lets waiters start at the next decision', async () => {
    let limit = 1
    const slots = new OperationSlots(() => limit)
    slots.tryTake()
    const b = slots.wait('b')
    limit = 2
    slots.grant()
    expect(await b).toBe(true)
    expect(slots.running).toBe(2)
  })
})

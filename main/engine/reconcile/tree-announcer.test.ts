import { describe, expect, it } from 'vitest'
import type { AppStatus } from '../../../shared/model'
import { BackgroundWork } from '../base/background-work'
import type { DeskEvent } from './types'
import { TreeAnnouncer } from './status-extras'

const status = (keys: string[]): AppStatus => ({
  name: 'shop',
  context: 'c',
  sync: 'Synced',
  revision: 'r',
  health: 'Healthy',
  healthMessage: '',
  conditions: [],
  reconciledAt: new Date().toISOString(),
  autoSync: false,
  rollbackAllowed: true,
  pruneAllNeedsConsent: false,
  needsAttention: false,
  resources: keys.map((key) => ({ key, status: 'Synced', health: 'Healthy', requiresPruning: false })),
})

function setup() {
  const emitted: DeskEvent[] = []
  const builds: string[][] = []
  const background = new BackgroundWork()
  const trees = new TreeAnnouncer(
    {
      resourceTree: async (_context: string, resources: { key: string }[]) => (builds.push(resources.map((r) => r.key)), resources.map((r) => ({ key: r.key }))) as never,
      emit: (event: DeskEvent) => void emitted.push(event),
    },
    background,
  )
  trees.follow('shop')
  trees.follow('cart')
  return { trees, emitted, builds, background }
}

describe('resource tree announcements', () => {
  it('a burst of statuses builds the tree at once, then once more from the latest status (not once per status)', async () => {
    const { trees, emitted, builds } = setup()
    await trees.announce('shop', status(['/ConfigMap/ns/a']))
    const later = [trees.announce('shop', status(['/ConfigMap/ns/a', '/ConfigMap/ns/b'])), trees.announce('shop', status(['/ConfigMap/ns/a', '/ConfigMap/ns/b', '/ConfigMap/ns/c']))]
    await Promise.all(later)
    expect(builds).toEqual([['/ConfigMap/ns/a'], ['/ConfigMap/ns/a', '/ConfigMap/ns/b', '/ConfigMap/ns/c']])
    expect(emitted.map((e) => e.type === 'app-tree' && e.nodes.length)).toEqual([1, 3])
  })

  it('builds only the trees a view asked for: an app nobody opened costs nothing, and one opened is announced from then on', async () => {
    const { trees, emitted, builds } = setup()
    await trees.announce('unopened', { ...status(['/ConfigMap/ns/a']), name: 'unopened' })
    expect(builds).toEqual([])
    trees.follow('unopened')
    await trees.announce('unopened', { ...status(['/ConfigMap/ns/a']), name: 'unopened' })
    expect(builds).toEqual([['/ConfigMap/ns/a']])
    expect(emitted.map((e) => e.type === 'app-tree' && e.app)).toEqual(['unopened'])
  })

  it('only the trees asked for last are followed: one opened long ago stops being built, until asked for again', async () => {
    const { trees, builds } = setup()
    const announceAll = (names: string[]) => Promise.all(names.map((name) => trees.announce(name, { ...status([`/ConfigMap/ns/${name}`]), name })))
    const later = Array.from({ length: 15 }, (_, i) => `app-${i}`)
    for (const name of later) trees.follow(name)
    trees.follow('shop') // asked again: the newest, where 'cart' is now the oldest of 17
    await announceAll(['shop', 'cart', ...later])
    expect(builds.flat().sort()).toEqual(['shop', ...later].map((name) => `/ConfigMap/ns/${name}`).sort())
    trees.follow('cart')
    builds.length = 0
    await announceAll(['cart'])
    expect(builds).toEqual([['/ConfigMap/ns/cart']])
  })

  it('a forgotten app builds nothing more, and closing does not wait for the interval', async () => {
    const { trees, builds, background } = setup()
    await trees.announce('shop', status(['/ConfigMap/ns/a']))
    const waiting = trees.announce('shop', status(['/ConfigMap/ns/b']))
    trees.forget('shop')
    await waiting
    const queued = trees.announce('cart', status(['/ConfigMap/ns/x'])).then(() => trees.announce('cart', status(['/ConfigMap/ns/y'])))
    await queued.then(() => undefined)
    const held = trees.announce('cart', status(['/ConfigMap/ns/z']))
    const closing = background.close()
    trees.flush()
    await Promise.all([closing, held])
    expect(builds).toEqual([['/ConfigMap/ns/a'], ['/ConfigMap/ns/x'], ['/ConfigMap/ns/y']])
  })
})

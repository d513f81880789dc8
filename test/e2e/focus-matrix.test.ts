import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'
import { kubectlOn } from '../support/kubectl'

// Issue 29: nothing changes a cluster unasked. Focus each place a key can land in, press every
// shortcut key App.tsx knows and the keys widgets take; nothing may start, write or switch
// unless that key's documented meaning in that place is exactly that.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const app = 'keys-gb'
/** App.tsx's shortcuts (/ r s d k n Esc), then Enter, Space and the arrows. */
const keys = ['/', 'r', 's', 'd', 'k', 'n', 'Escape', 'Enter', 'Space', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']
/** Every API call that writes (a cluster, the desk's own store) or switches: recorded as the page makes it. */
const writes = ['syncApp', 'rollbackApp', 'runResourceAction', 'editResource', 'deleteResource', 'deleteApp', 'terminateOperation', 'refreshApp', 'useCluster', 'protectCluster', 'saveAppYaml', 'saveAppForm', 'saveAppSet', 'deleteAppSet', 'updateSettings', 'labelCluster', 'importCluster', 'removeCluster']

/** The little of the DOM the page-side checks read (evaluated in Chromium; the node tsconfig has no DOM types). */
interface El {
  tagName: string
  textContent: string | null
  getAttribute(name: string): string | null
  closest(selector: string): El | null
  contains(other: El | null): boolean
  getBoundingClientRect(): { left: number; top: number; width: number; height: number }
}
declare const document: { activeElement: El | null; elementFromPoint(x: number, y: number): El | null }
declare const location: { hash: string }

interface Place {
  name: string
  /** Navigates there and puts the focus there. */
  enter(): Promise<void>
  /** Whether the focus is still there (a key may move it: then the place is entered again). */
  focused(): Promise<boolean>
  /** Shortcuts must not act here: the route stays, / and k do not move the focus. */
  blocks: boolean
  /** Keys not pressed here, each with the documented meaning that makes it act. */
  skip?: Record<string, string>
  /** Calls a key makes here by its documented meaning. */
  allowed?: Record<string, string[]>
}

describe('keys never act on a cluster unasked (focus matrix)', () => {
  let ui: OpenUi
  let page: Page

  const gitops = <T,>(run: string, ...args: unknown[]) => page.evaluate(([method, list]) => ((globalThis as unknown as { gitops: Record<string, (...a: unknown[]) => Promise<unknown>> }).gitops[method as string]!(...(list as unknown[])) as Promise<T>), [run, args] as const) as Promise<T>
  const calls = () => page.evaluate(() => [...((globalThis as unknown as { calls?: string[] }).calls ?? ['(recorder lost: the page reloaded)'])])
  const clearCalls = () => page.evaluate(() => void ((globalThis as unknown as { calls: string[] }).calls.length = 0))
  const go = async (hash: string) => {
    if (new URL(page.url()).hash !== hash) await page.evaluate((h) => void (location.hash = h), hash)
    await expect.poll(() => new URL(page.url()).hash).toBe(hash)
  }
  const details = () => page.getByRole('region', { name: `Application ${app}` })
  const panel = () => page.locator('.resource-panel')
  const modal = () => page.locator('.modal-content')
  const palette = () => page.locator('.palette')
  /** Where the focus is, named as a user would: the element's label, else its tag. */
  const focusName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '')
  const focusInside = (selector: string) => page.evaluate((s) => !!document.activeElement?.closest(s), selector)
  /** What would show a write: history, the last operation, the active context, the live objects. */
  const snapshot = async () => ({
    history: (await gitops<unknown[]>('appHistory', app)).length,
    operation: (await gitops<{ id: string } | null>('getOperation', app))?.id ?? null,
    active: (await gitops<{ name: string; active: boolean }[]>('listClusters')).find((c) => c.active)?.name,
    deployment: kubectl('-n', app, 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.metadata.uid} {.metadata.generation}'),
    service: kubectl('-n', app, 'get', 'service', 'guestbook-ui', '-o', 'jsonpath={.metadata.uid} {.metadata.resourceVersion}'),
  })
  /** Closes what a place left open (a dialog, the command palette, the resource panel), by their own buttons. */
  const reset = async () => {
    if (await palette().count()) await page.keyboard.press('Escape') // focus is in the palette: its Esc
    await palette().waitFor({ state: 'detached' })
    if (await modal().count()) await modal().getByRole('button', { name: /^(Cancel|Close)$/ }).last().click()
    await modal().waitFor({ state: 'detached' })
    if (await panel().count()) await page.getByRole('button', { name: 'Close the resource panel' }).click()
  }
  const syncToEnd = async () => {
    const started = await gitops<{ id: string }>('syncApp', app)
    // vi.waitFor, not expect.poll: this runs in beforeAll.
    const ended = await vi.waitFor(
      async () => {
        const operation = await gitops<{ id: string; phase: string; message: string } | null>('getOperation', app)
        if (operation?.id !== started.id || !/Succeeded|Failed|Error/.test(operation.phase)) throw new Error(`sync of ${app} still ${operation?.phase}`)
        return operation
      },
      { timeout: 90_000, interval: 500 },
    )
    if (ended.phase !== 'Succeeded') throw new Error(`sync of ${app}: ${ended.phase} ${ended.message}`)
  }

  beforeAll(async () => {
    ui = await openUi('keys', kubeconfig, bin.binDir)
    page = ui.page
    const yaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await gitops('saveAppYaml', yaml)
    // Two syncs: a history entry to roll back to besides the deployed one.
    await syncToEnd()
    await syncToEnd()
    await page.evaluate((methods) => {
      const w = globalThis as unknown as { gitops: Record<string, (...args: unknown[]) => Promise<unknown>>; calls: string[] }
      w.calls = []
      for (const method of methods) {
        const inner = w.gitops[method]!
        w.gitops[method] = (...args: unknown[]) => (w.calls.push(`${method} ${String(args[0])}`), inner(...args))
      }
    }, writes)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const openApp = async () => {
    await go(`#/apps/${app}`)
    await details().getByRole('button', { name: 'Open Deployment guestbook-ui' }).waitFor({ timeout: 30_000 })
  }
  const openPanel = async (tab: string) => {
    await openApp()
    if (!(await panel().count())) await details().getByRole('button', { name: 'Open Deployment guestbook-ui' }).click()
    await panel().getByRole('tab', { name: tab, exact: true }).click()
  }
  const editorIn = async (host: ReturnType<Page['locator']>) => {
    const lines = host.locator('.monaco-editor .view-lines').first()
    await lines.waitFor({ timeout: 30_000 })
    await lines.click()
    await expect.poll(() => focusInside('.monaco-editor')).toBe(true)
  }
  const inDialog = () => focusInside('[role="dialog"].modal-content, [role="alertdialog"]')

  const places = async (): Promise<Place[]> => {
    await openPanel('Summary')
    await panel().getByRole('tabpanel').waitFor({ timeout: 30_000 }) // its details loaded: every tab it has is shown
    const tabs = (await panel().getByRole('tab').allTextContents()).map((t) => t.trim())
    expect(tabs).toEqual(expect.arrayContaining(['Summary', 'Live manifest', 'Desired manifest', 'Diff', 'Events']))
    await reset()
    return [
      {
        name: 'the app list (an app name button)',
        enter: async () => {
          await go('#/')
          await page.locator(`[data-app="${app}"]`).getByRole('button', { name: app, exact: true }).focus()
        },
        focused: async () => new URL(page.url()).hash === '#/' && (await focusName()) !== 'Search applications' && (await page.evaluate((a) => !!document.activeElement?.closest(`[data-app="${a}"]`), app)),
        blocks: false,
      },
      {
        name: 'the app details (the Tree view button)',
        enter: async () => {
          await openApp()
          await details().getByRole('group', { name: 'Resource view' }).getByRole('button', { name: 'Tree' }).focus()
        },
        focused: async () => new URL(page.url()).hash === `#/apps/${app}` && (await page.evaluate(() => document.activeElement?.textContent === 'Tree')),
        blocks: false,
        skip: { s: 'syncs the app on screen (commands.test.ts)' },
        allowed: { r: [`refreshApp ${app}`] },
      },
      ...tabs.map(
        (tab): Place => ({
          name: `the resource panel's ${tab} tab`,
          enter: async () => {
            await openPanel(tab)
            await panel().getByRole('tab', { name: tab, exact: true }).focus()
          },
          focused: async () => (await panel().count()) > 0 && (await page.evaluate((t) => document.activeElement?.getAttribute('role') === 'tab' && document.activeElement.textContent?.trim() === t, tab)),
          blocks: true,
        }),
      ),
      ...['Live manifest', 'Desired manifest']
        .filter((tab) => tabs.includes(tab))
        .map(
          (tab): Place => ({
            name: `the ${tab} editor (Monaco) in the resource panel`,
            enter: async () => {
              await openPanel(tab)
              await editorIn(panel())
            },
            focused: async () => (await panel().count()) > 0 && (await focusInside('.resource-panel .monaco-editor')),
            blocks: true,
          }),
        ),
      {
        name: "the app's YAML editor (Monaco)",
        enter: async () => {
          await go(`#/edit/${app}`)
          await editorIn(page.getByRole('region', { name: `Edit ${app}` }))
        },
        focused: () => focusInside('.monaco-editor'),
        blocks: true,
      },
      {
        name: 'the diff editor (Monaco)',
        enter: async () => {
          await go(`#/diff/${app}`)
          await editorIn(page.locator('.monaco-diff-editor .editor.modified'))
        },
        focused: () => focusInside('.monaco-editor'),
        blocks: true,
      },
      {
        name: 'the ApplicationSet editor',
        enter: async () => {
          await go('#/appsets')
          await editorIn(page.getByRole('form', { name: 'ApplicationSet editor' }))
        },
        focused: () => focusInside('.monaco-editor'),
        blocks: true,
      },
      {
        name: 'the Sync options (a radio button)',
        enter: async () => {
          await openApp()
          if (!(await page.getByRole('region', { name: 'Sync options' }).count())) await details().getByRole('button', { name: 'Sync options' }).click()
          await page.getByRole('region', { name: 'Sync options' }).getByRole('radio').first().focus()
        },
        focused: async () => (await page.evaluate(() => document.activeElement?.getAttribute('type'))) === 'radio' && (await focusInside('.sync-panel')),
        blocks: true,
      },
      {
        name: 'the Sync options (a checkbox)',
        enter: async () => {
          await openApp()
          if (!(await page.getByRole('region', { name: 'Sync options' }).count())) await details().getByRole('button', { name: 'Sync options' }).click()
          await page.getByRole('region', { name: 'Sync options' }).getByLabel('Dry run').focus()
        },
        focused: async () => (await page.evaluate(() => document.activeElement?.getAttribute('type'))) === 'checkbox' && (await focusInside('.sync-panel')),
        blocks: true,
      },
      {
        name: 'the rollback question',
        enter: async () => {
          await openApp()
          await details().getByRole('button', { name: 'Rollback to 1' }).click()
          await page.getByRole('alertdialog', { name: 'Roll back to 1?' }).waitFor()
        },
        focused: inDialog,
        blocks: true,
      },
      {
        name: "a resource's Actions dialog (from the tree)",
        enter: async () => {
          await openApp()
          await details().getByRole('button', { name: 'Actions of Deployment guestbook-ui' }).click()
          await page.getByRole('dialog', { name: /Actions of apps\/Deployment/ }).waitFor()
          await expect.poll(inDialog).toBe(true)
        },
        focused: inDialog,
        blocks: true,
      },
      {
        name: "a resource's Delete dialog (from the resource panel)",
        enter: async () => {
          await openPanel('Summary')
          await panel().getByRole('button', { name: 'Delete', exact: true }).click()
          await page.getByRole('alertdialog', { name: /Delete apps\/Deployment/ }).waitFor()
        },
        focused: inDialog,
        blocks: true,
      },
      {
        // On the list: there s and r have no app to act on (on an app's page they would, by their meaning).
        name: 'the cluster switcher (closed, on the app list)',
        enter: async () => {
          await go('#/')
          await page.getByRole('button', { name: /^Cluster:/ }).focus()
        },
        focused: async () => /^Cluster:/.test(await focusName()),
        blocks: false,
      },
      {
        // It opens on the active context: Enter there closes it and switches nothing (palette.test.ts
        // shows Enter on another context switching).
        name: 'the command palette (open, on an app)',
        enter: async () => {
          await openApp()
          await page.getByRole('button', { name: /^Cluster:/ }).focus()
          await page.keyboard.press('Enter')
          await palette().waitFor()
        },
        focused: () => focusInside('.palette'),
        blocks: true,
      },
    ]
  }

  it('every key in every focusable place: nothing starts, nothing is written, no context switch', { timeout: 900_000 }, async () => {
    const before = await snapshot()
    const pressed: string[] = []
    for (const place of await places()) {
      await reset()
      await place.enter()
      for (const key of keys) {
        if (place.skip?.[key]) continue
        if (!(await place.focused())) {
          await reset()
          await place.enter()
        }
        await clearCalls()
        const hash = new URL(page.url()).hash
        const paletteOpen = await palette().count()
        await page.keyboard.press(key)
        const where = `${key} in ${place.name}`
        // Calls are recorded as the key's handler makes them: the press has returned, they are there.
        expect(await calls(), where).toEqual(place.allowed?.[key] ?? [])
        if (place.blocks) {
          // Esc closes the resource panel it is in (documented), and the panel's link goes with it:
          // the app page stays, without `?resource=…`.
          const closed = key === 'Escape' && place.name.includes('resource panel') ? [hash, hash.replace(/\?.*$/, '')] : [hash]
          expect(closed, where).toContain(new URL(page.url()).hash)
          if (key === '/' || key === 'k') expect(await focusName(), where).not.toMatch(/^(Search applications|Cluster:)/)
          if (key === 'k' && !paletteOpen) expect(await palette().count(), `${where}: the palette opened`).toBe(0)
        }
        pressed.push(where)
      }
    }
    await reset()
    const placesPressed = [...new Set(pressed.map((p) => p.replace(/^\S+ in /, '')))]
    console.log(`focus matrix: ${pressed.length} key presses in ${placesPressed.length} places: ${placesPressed.join('; ')}`)
    expect(pressed.length).toBeGreaterThan(150)
    expect(await snapshot()).toEqual(before)
    expect(ui.problems).toEqual([])
  })

  it('Enter in Sync options (on a radio button or a checkbox) does not sync; only Synchronize does', async () => {
    await reset()
    await go('#/') // a fresh details view: Sync options closed, nothing ticked
    await openApp()
    await details().getByRole('button', { name: 'Sync options' }).click()
    const options = page.getByRole('region', { name: 'Sync options' })
    const before = await snapshot()
    await clearCalls()
    await options.getByRole('radio', { name: /Only out of sync/ }).focus()
    await page.keyboard.press('Enter')
    await options.getByLabel('Dry run').focus()
    await page.keyboard.press('Enter')
    await options.getByRole('radio', { name: /All/ }).focus()
    await page.keyboard.press('Enter')
    expect(await calls()).toEqual([])
    expect(await options.isVisible()).toBe(true) // still open, nothing submitted
    expect(await snapshot()).toEqual(before)
    await options.getByRole('button', { name: 'Synchronize' }).click()
    expect(await calls()).toEqual([`syncApp ${app}`])
    await expect.poll(async () => (await gitops<{ phase: string } | null>('getOperation', app))?.phase, { timeout: 90_000, interval: 500 }).toMatch(/Succeeded/)
    expect((await snapshot()).history).toBe(before.history + 1)
  })

  it("the resource panel's Actions and Delete open above the panel, keep the focus, and Esc closes only them", async () => {
    await reset()
    await openPanel('Summary')
    for (const [button, role, name] of [
      ['Actions', 'dialog', /Actions of apps\/Deployment/],
      ['Delete', 'alertdialog', /Delete apps\/Deployment/],
    ] as const) {
      await panel().getByRole('button', { name: button, exact: true }).click()
      const dialog = page.getByRole(role, { name })
      await dialog.waitFor()
      // What is seen at the dialog's centre is the dialog, not the panel under it.
      expect(await dialog.evaluate((d: El) => { const r = d.getBoundingClientRect(); return d.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)) })).toBe(true)
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab')
        expect(await inDialog(), `Tab ${i + 1} in ${button}`).toBe(true)
      }
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await panel().isVisible()).toBe(true)
    }
    await reset()
  })
  it('on a protected context, rollback asks for the context name in its dialog (no window.prompt) and then rolls back', async () => {
    await reset()
    const protect = async (on: boolean) => {
      await go('#/settings')
      const box = page.getByLabel('Protect ground-1', { exact: true })
      if (on) await box.check()
      else await box.uncheck()
      await expect.poll(async () => /ground-1 \(protected\)/.test((await page.getByRole('button', { name: /^Cluster:/ }).getAttribute('aria-label')) ?? '')).toBe(on)
    }
    await protect(true)
    try {
      await openApp()
      const entries = await gitops<{ id: number; revisions: string[] }[]>('appHistory', app)
      const target = entries[entries.length - 2]!
      await clearCalls()
      await details().getByRole('button', { name: `Rollback to ${target.id}` }).click()
      const ask = page.getByRole('alertdialog', { name: `Roll back to ${target.id}?` })
      const revision = target.revisions[0]!.slice(0, 7)
      expect(await ask.textContent()).toContain(revision)
      const go = ask.getByRole('button', { name: `Roll back to ${revision}` })
      expect(await go.isDisabled()).toBe(true) // the protected context's name first
      await expect.poll(focusName).toBe('Confirm context name') // the dialog opens there
      await page.keyboard.press('Enter') // nothing to submit
      expect(await calls()).toEqual([])
      await page.keyboard.type('ground-1')
      expect(await ask.getByLabel('Confirm context name').inputValue()).toBe('ground-1')
      await go.click()
      expect(await calls()).toEqual([`rollbackApp ${app}`])
      await expect.poll(async () => (await gitops<{ kind: string; phase: string; message: string } | null>('getOperation', app))?.phase, { timeout: 90_000, interval: 500 }).toBe('Succeeded')
      expect((await gitops<{ kind: string }>('getOperation', app)).kind).toBe('rollback')
    } finally {
      await protect(false)
    }
  })
})

import { join } from 'node:path'
import type { BrowserWindow, Rectangle } from 'electron'
import Store from 'electron-store'
import { DeskStore, storeFileName } from '../engine/store/desk-store'
import { secureDataDir } from '../engine/store/data-dir'

/** Settings, apps and projects in electron-store (the same file and format the CLI's conf uses). */
export function openElectronDeskStore(dataDir: string): DeskStore {
  secureDataDir(dataDir)
  const open = () => new Store<Record<string, unknown>>({ cwd: dataDir, name: 'gitops-desk', clearInvalidConfig: false, accessPropertiesByDotNotation: false, configFileMode: 0o600 })
  return new DeskStore(open, join(dataDir, storeFileName))
}

interface SavedWindow {
  bounds: Partial<Rectangle>
  maximized: boolean
}

/** The window's size, place and maximized state, remembered between runs. */
export function windowState(): { bounds(): Partial<Rectangle>; track(window: BrowserWindow): void } {
  const store = new Store<SavedWindow>({ name: 'window-state', defaults: { bounds: { width: 1280, height: 820 }, maximized: false } })
  return {
    bounds: () => store.get('bounds'),
    track(window) {
      if (store.get('maximized')) window.maximize()
      const save = () => {
        if (window.isDestroyed()) return
        store.set('maximized', window.isMaximized())
        if (!window.isMaximized() && !window.isMinimized()) store.set('bounds', window.getBounds())
      }
      window.on('resize', save)
      window.on('move', save)
      window.on('close', save)
    },
  }
}

// Pure rules the Electron wiring applies; kept free of Electron so they are tested in Node.
import type { BrowserWindowConstructorOptions } from 'electron'

export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
    // Middle-click would open links in a new window (Electronegativity's AUXCLICK check).
    disableBlinkFeatures: 'Auxclick',
  }
}

/** Only https links leave the app, and only to the OS browser. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/** Whether a frame URL is our renderer: the dev server in development, our files otherwise. */
export function isOurRendererUrl(url: string, rendererUrl: string): boolean {
  try {
    const frame = new URL(url)
    const ours = new URL(rendererUrl)
    if (ours.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === ours.pathname
    return frame.origin === ours.origin
  } catch {
    return false
  }
}

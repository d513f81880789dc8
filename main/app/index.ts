// The Electron main process: the only place (with preload/) that imports 'electron'.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, powerMonitor, session, shell } from 'electron'
import type { MenuAction } from '../../shared/api'
import { openDesk } from '../api/desk'
import { createApiHandlers } from '../api/handlers'
import { loadLoginShellPath } from '../engine/clusters/shell-path'
import { desktopNotifier } from './notifications'
import { installMenu } from './menu'
import { registerIpc, sendEvents } from './ipc'
import { isAllowedExternalUrl, isOurRendererUrl, secureWebPreferences } from './policy'
import { openElectronDeskStore, windowState } from './stores'
import { installTray } from './tray'

const devServerUrl = process.env['ELECTRON_RENDERER_URL']
const rendererFile = join(import.meta.dirname, '../renderer/index.html')
const rendererUrl = devServerUrl ?? pathToFileURL(rendererFile).href

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => focus())
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOurRendererUrl(url, rendererUrl)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
  // Launched from a dock or menu, we lack the login shell's PATH (exec credential plugins live there).
  const shellPath = loadLoginShellPath()
  void app.whenReady().then(async () => {
    await shellPath
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    const dataDir = app.getPath('userData')
    let store: ReturnType<typeof openElectronDeskStore>
    try {
      store = openElectronDeskStore(dataDir)
    } catch (error) {
      // A newer version's settings, or a settings file and backup both damaged: say which files and what to do, touch nothing.
      dialog.showErrorBox('GitOps Desk cannot open its settings', error instanceof Error ? error.message : String(error))
      app.exit(2)
      return
    }
    const desk = openDesk({ dataDir, store, notifier: desktopNotifier((name) => emitMenu('open-app', name)) })
    const emitMenu = (action: MenuAction, appName?: string) => {
      focus()
      desk.menu(action, appName)
    }
    // The OS folder dialog for "Use my working copy" (the web harness types the path instead).
    const pickFolder = async (title: string) => {
      const window = BrowserWindow.getFocusedWindow()
      const picked = await (window ? dialog.showOpenDialog(window, { title, properties: ['openDirectory'] }) : dialog.showOpenDialog({ title, properties: ['openDirectory'] }))
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    }
    registerIpc(createApiHandlers(desk, { pickFolder }), rendererUrl)
    installMenu(emitMenu)
    installTray(desk, () => focus())
    powerMonitor.on('suspend', () => desk.controller().pause())
    powerMonitor.on('resume', () => desk.controller().resume())
    const stopWatchingKubeconfig = desk.watchKubeconfig()
    openMainWindow((listener) => desk.subscribe(listener), () => desk.closeWindowStreams())
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow((listener) => desk.subscribe(listener), () => desk.closeWindowStreams())
    })
    // A clean shutdown: running operations terminated, watches and the loop stopped, then quit.
    let closing = false
    app.on('before-quit', (event) => {
      if (closing) return
      closing = true
      event.preventDefault()
      stopWatchingKubeconfig()
      void desk.close().finally(() => app.exit(0))
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}

function focus(): void {
  const [window] = BrowserWindow.getAllWindows()
  if (!window) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

function openMainWindow(subscribe: Parameters<typeof sendEvents>[0], stopLogStreams: () => void): void {
  const state = windowState()
  const window = new BrowserWindow({
    ...state.bounds(),
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'GitOps Desk',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  })
  state.track(window)
  const stopEvents = sendEvents(subscribe, window.webContents)
  window.on('closed', stopEvents)
  // A reload or a closed window never calls stopLogs: its log streams stop here.
  window.webContents.on('did-navigate', stopLogStreams)
  window.on('closed', stopLogStreams)
  window.once('ready-to-show', () => window.show())
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererFile)
}

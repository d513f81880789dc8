// The Electron main process: the only place (with preload/) that imports 'electron'.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, session, shell } from 'electron'
import { createApiHandlers } from '../api/handlers'
import { loadLoginShellPath } from '../engine/clusters/shell-path'
import { registerIpc } from './ipc'
import { isAllowedExternalUrl, isOurRendererUrl, secureWebPreferences } from './policy'

const devServerUrl = process.env['ELECTRON_RENDERER_URL']
const rendererFile = join(import.meta.dirname, '../renderer/index.html')
const rendererUrl = devServerUrl ?? pathToFileURL(rendererFile).href

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
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
    registerIpc(createApiHandlers(), rendererUrl)
    openMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}

function openMainWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'GitOps Desk',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  })
  window.once('ready-to-show', () => window.show())
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererFile)
}

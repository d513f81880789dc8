import { app, Menu, type MenuItemConstructorOptions } from 'electron'
import type { MenuAction } from '../../shared/api'

/** The application menu with the usual shortcuts; actions go to the renderer as menu events. */
export function installMenu(send: (action: MenuAction) => void): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [{ label: 'New Application…', accelerator: 'CmdOrCtrl+N', click: () => send('new-app') }, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'Application',
      submenu: [
        { label: 'Refresh', accelerator: 'CmdOrCtrl+R', click: () => send('refresh') },
        { label: 'Hard Refresh', accelerator: 'Shift+CmdOrCtrl+R', click: () => send('hard-refresh') },
        { label: 'Sync…', accelerator: 'CmdOrCtrl+S', click: () => send('sync') },
        { type: 'separator' },
        { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => send('find') },
        { label: 'Switch Cluster…', accelerator: 'CmdOrCtrl+K', click: () => send('switch-cluster') },
      ],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `GitOps Desk ${app.getVersion()}`, enabled: false }] },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

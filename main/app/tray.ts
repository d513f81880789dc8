import { join } from 'node:path'
import { Menu, nativeImage, Tray } from 'electron'
import type { DeskEvent } from '../../shared/model'

/** What the tray reads from the desk: the count of apps that need a look, and when it may change. */
export interface TrayDesk {
  attentionCount(): number
  subscribe(listener: (events: DeskEvent[]) => void): () => void
}

/** A tray icon whose title and tooltip count the apps that need attention (the engine's rule, reconcile/attention.ts). */
export function installTray(desk: TrayDesk, open: () => void): Tray {
  const icon = nativeImage.createFromPath(join(import.meta.dirname, '../../build/icon.png')).resize({ width: 16, height: 16 })
  const tray = new Tray(icon)
  tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Open GitOps Desk', click: open }, { role: 'quit' }]))
  tray.on('click', open)
  const update = () => {
    const count = desk.attentionCount()
    tray.setToolTip(count === 0 ? 'GitOps Desk: no app needs attention' : `GitOps Desk: ${count} app${count === 1 ? ' needs' : 's need'} attention (not Synced, Degraded or Missing, or an error)`)
    if (process.platform === 'darwin') tray.setTitle(count ? String(count) : '')
  }
  update()
  desk.subscribe(update)
  return tray
}

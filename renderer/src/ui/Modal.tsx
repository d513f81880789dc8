import { useState, type ReactNode } from 'react'
import * as Dialog from '@radix-ui/react-dialog'
import * as AlertDialog from '@radix-ui/react-alert-dialog'

interface Props {
  /** The dialog's name (its title): what it asks about, e.g. "Delete apps/Deployment/ns/web". */
  title: ReactNode
  /** One line saying what happens (read out with the title). */
  description: ReactNode
  /** 'alert' asks to confirm something that changes a cluster: a click outside does not close it. */
  kind?: 'dialog' | 'alert'
  onClose(): void
  children?: ReactNode
  /** The dialog's own buttons (what it does), shown before its Cancel. */
  actions?: ReactNode
  cancelLabel?: string
}

/**
 * A modal dialog (Radix): rendered in a portal above everything, the resource panel included;
 * focus is trapped inside it and returns where it was; Esc closes it. Keys typed in it never reach
 * the page's shortcuts (shortcut-focus: a dialog takes its own keys). An alert dialog opens with
 * focus on Cancel (Enter or Space right after it opens does nothing), or on the name to type when
 * it asks for one (Enter there submits nothing either).
 */
export function Modal(props: Props) {
  const onOpenChange = (open: boolean) => {
    if (!open) props.onClose()
  }
  // What had the focus when it opened (a switch, a tile's Sync, a panel's Delete): it goes back
  // there on close. Radix would focus its Trigger, and these dialogs have none (the body got it).
  const [returnTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))
  const restoreFocus = (event: Event) => {
    if (!returnTo?.isConnected) return
    event.preventDefault()
    returnTo.focus()
  }
  if (props.kind === 'alert') {
    return (
      <AlertDialog.Root open onOpenChange={onOpenChange}>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="modal-overlay" />
          <AlertDialog.Content className="modal-content" onOpenAutoFocus={focusTypedName} onCloseAutoFocus={restoreFocus}>
            <AlertDialog.Title className="modal-title">{props.title}</AlertDialog.Title>
            <AlertDialog.Description className="modal-description">{props.description}</AlertDialog.Description>
            {props.children}
            <div className="actions">
              {props.actions}
              <AlertDialog.Cancel asChild>
                <button type="button">{props.cancelLabel ?? 'Cancel'}</button>
              </AlertDialog.Cancel>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    )
  }
  return (
    <Dialog.Root open onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content className="modal-content" onCloseAutoFocus={restoreFocus}>
          <Dialog.Title className="modal-title">{props.title}</Dialog.Title>
          <Dialog.Description className="modal-description">{props.description}</Dialog.Description>
          {props.children}
          <div className="actions">
            {props.actions}
            <Dialog.Close asChild>
              <button type="button">{props.cancelLabel ?? 'Cancel'}</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** Whether a dialog, the command palette or a menu is open above the page (the resource panel leaves Esc to it). */
export function layerOpen(): boolean {
  return document.querySelector('.modal-content, .palette, [role="menu"]') !== null
}


/** An alert dialog that asks for a typed name opens with the focus there instead of on Cancel. */
function focusTypedName(event: Event) {
  const field = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLInputElement>('input:not([type="radio"]):not([type="checkbox"])')
  if (!field) return
  event.preventDefault()
  field.focus()
}

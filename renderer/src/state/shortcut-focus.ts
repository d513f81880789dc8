/**
 * Whether a single-key shortcut (s sync, r refresh, n new app, Esc leave…) may act, given where
 * the keyboard focus is. A key typed into an editor, a field, a menu or a dialog belongs there:
 * it never runs a command of the page behind. Monaco in Chromium takes keys through a plain div
 * (EditContext), so a check of the focused element's tag alone is not enough: every ancestor
 * counts.
 */

/** What the check needs of one element on the focus path. */
export interface FocusedNode {
  /** Upper-case tag name, as the DOM gives it. */
  tag: string
  role?: string | null
  classes?: readonly string[]
  /** The element is editable text (contenteditable, inherited). */
  editable?: boolean
}

const fieldTags = new Set(['INPUT', 'TEXTAREA', 'SELECT'])
/** Roles whose keys (arrows, Enter, Space, letters for type-ahead) are the widget's own. */
const widgetRoles = new Set(['dialog', 'alertdialog', 'listbox', 'menu', 'menubar', 'combobox', 'radiogroup', 'textbox', 'searchbox', 'spinbutton', 'slider'])
/** Classes of places that take keys themselves: any Monaco editor, the resource side panel. */
const ownKeysClasses = ['monaco-editor', 'resource-panel']

/** Path: the focused element first, then each ancestor up to the document. Empty: nothing focused. */
export function shortcutMayAct(path: readonly FocusedNode[]): boolean {
  return path.every((node) => !takesKeys(node))
}

function takesKeys(node: FocusedNode): boolean {
  if (fieldTags.has(node.tag) || node.editable) return true
  if (node.role && widgetRoles.has(node.role)) return true
  return ownKeysClasses.some((c) => node.classes?.includes(c))
}

/** The focus path of a DOM element (the event's target), for shortcutMayAct. */
export function focusPathOf(element: Element | null): FocusedNode[] {
  const path: FocusedNode[] = []
  for (let e = element; e; e = e.parentElement) {
    path.push({ tag: e.tagName, role: e.getAttribute('role'), classes: [...e.classList], editable: (e as HTMLElement).isContentEditable === true })
  }
  return path
}

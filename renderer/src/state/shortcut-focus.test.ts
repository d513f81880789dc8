import { describe, expect, it } from 'vitest'
import { shortcutMayAct, type FocusedNode } from './shortcut-focus'

const body: FocusedNode = { tag: 'BODY' }
const shell: FocusedNode = { tag: 'DIV', classes: ['shell'] }
const main: FocusedNode = { tag: 'MAIN', classes: ['content'] }
/** Monaco 0.57 in Chromium: keys go to a plain div (EditContext) deep inside .monaco-editor. */
const monaco = (...inner: FocusedNode[]): FocusedNode[] => [...inner, { tag: 'DIV', classes: ['overflow-guard'] }, { tag: 'DIV', classes: ['monaco-editor', 'no-user-select', 'vs'] }, { tag: 'DIV', classes: ['monaco-host'] }]

describe('shortcutMayAct', () => {
  it('lets shortcuts act with nothing focused or on a plain button of the page', () => {
    expect(shortcutMayAct([])).toBe(true)
    expect(shortcutMayAct([body])).toBe(true)
    expect(shortcutMayAct([{ tag: 'BUTTON' }, main, shell, body])).toBe(true)
    expect(shortcutMayAct([{ tag: 'BUTTON', role: 'tab' }, main, shell, body])).toBe(true)
  })

  it('keeps keys in a Monaco editor, whatever element inside it has focus', () => {
    expect(shortcutMayAct([...monaco({ tag: 'DIV', classes: ['native-edit-context'], role: 'textbox' }), main, shell, body])).toBe(false)
    // Without a role on the focused div: the editor around it still counts.
    expect(shortcutMayAct([...monaco({ tag: 'DIV', classes: ['native-edit-context'] }), main, shell, body])).toBe(false)
    expect(shortcutMayAct([...monaco({ tag: 'DIV', classes: ['view-lines'] }), main, shell, body])).toBe(false)
  })

  it('keeps keys in fields and editable text', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(shortcutMayAct([{ tag }, main, shell, body])).toBe(false)
    expect(shortcutMayAct([{ tag: 'SPAN' }, { tag: 'DIV', editable: true }, main, body])).toBe(false)
  })

  it('keeps keys in dialogs, menus, list boxes, combo boxes and radio groups', () => {
    for (const role of ['dialog', 'alertdialog', 'menu', 'listbox', 'combobox', 'radiogroup']) {
      expect(shortcutMayAct([{ tag: 'BUTTON' }, { tag: 'DIV', role }, body]), role).toBe(false)
    }
    expect(shortcutMayAct([{ tag: 'DIV', role: 'menuitemradio' }, { tag: 'DIV', role: 'menu' }, body])).toBe(false)
  })

  it('keeps keys in the resource side panel, on any of its tabs or buttons', () => {
    const panel: FocusedNode = { tag: 'ASIDE', classes: ['resource-panel'] }
    expect(shortcutMayAct([{ tag: 'BUTTON', role: 'tab' }, { tag: 'DIV', role: 'tablist' }, panel, main, body])).toBe(false)
    expect(shortcutMayAct([{ tag: 'BUTTON' }, { tag: 'DIV', classes: ['panel-head'] }, panel, body])).toBe(false)
  })
})

// The editors' two themes as plain data, so a unit test can check every colour they can put on
// screen (editor-themes.test.ts) without a browser.
//
// Why not Monaco's vs / vs-dark with `inherit: true`: their token colours were chosen for a plain
// background. On a diff's inserted and removed lines (a translucent green or red laid over the
// editor, twice where single characters changed) several of them fall under WCAG's 4.5:1, and
// which ones axe meets depends on what a diff happens to show. These rules start from vs / vs-dark
// (Monaco's esm/vs/editor/standalone/common/themes.js) for the tokens the YAML and plain-text
// editors produce, each darkened (light) or lightened (dark) until it reads on every diff
// background; `inherit: false` means no other colour can appear.

export interface EditorThemeData {
  base: 'vs' | 'vs-dark'
  inherit: false
  /** Monaco token rules: a token takes the colour of its longest matching prefix; '' is the default. */
  rules: { token: string; foreground: string; background?: string }[]
  colors: Record<string, string>
}

/** The colours text is drawn on: the editor, and the diff's line and character highlights laid over it. */
export const diffBackgroundKeys = ['diffEditor.insertedLineBackground', 'diffEditor.insertedTextBackground', 'diffEditor.removedLineBackground', 'diffEditor.removedTextBackground'] as const

export const deskLight: EditorThemeData = {
  base: 'vs',
  inherit: false,
  rules: [
    { token: '', foreground: '000000', background: 'fffffe' },
    { token: 'invalid', foreground: '8a2121' },
    { token: 'comment', foreground: '005600' },
    { token: 'number', foreground: '065538' },
    { token: 'number.hex', foreground: '3030c0' },
    { token: 'type', foreground: '005454' },
    { token: 'delimiter', foreground: '000000' },
    { token: 'operators', foreground: '000000' },
    { token: 'tag', foreground: '800000' },
    { token: 'meta', foreground: '800000' },
    { token: 'namespace', foreground: '000000' },
    { token: 'string', foreground: '951313' },
    { token: 'string.yaml', foreground: '044892' },
    { token: 'keyword', foreground: '0000e0' },
  ],
  colors: {
    'editor.background': '#fffffe',
    'editor.foreground': '#000000',
    'editorLineNumber.foreground': '#134a5a',
    'editorLineNumber.activeForeground': '#0b216f',
    // A folded line keeps the plain background: vs's fold highlight took key colours under 4.5:1.
    'editor.foldBackground': '#00000000',
    'diffEditor.insertedLineBackground': '#9bb95533',
    'diffEditor.insertedTextBackground': '#9ccc2c40',
    'diffEditor.removedLineBackground': '#ff000033',
    'diffEditor.removedTextBackground': '#ff000033',
  },
}

export const deskDark: EditorThemeData = {
  base: 'vs-dark',
  inherit: false,
  rules: [
    { token: '', foreground: 'd4d4d4', background: '1e1e1e' },
    { token: 'invalid', foreground: 'ffbdbd' },
    { token: 'comment', foreground: '9fda86' },
    { token: 'number', foreground: 'bcd6af' },
    { token: 'number.hex', foreground: '7ae4c2' },
    { token: 'type', foreground: '49e2c7' },
    { token: 'delimiter', foreground: 'dcdcdc' },
    { token: 'operators', foreground: 'd4d4d4' },
    { token: 'tag', foreground: '7fd7ff' },
    { token: 'meta', foreground: '7fd7ff' },
    { token: 'namespace', foreground: 'd4d4d4' },
    { token: 'string', foreground: 'ffc2a3' },
    { token: 'keyword', foreground: '7fd7ff' },
  ],
  colors: {
    'editor.background': '#1e1e1e',
    'editor.foreground': '#d4d4d4',
    'editorLineNumber.foreground': '#d0d0d0',
    'editorLineNumber.activeForeground': '#e0e0e0',
    'editor.foldBackground': '#00000000',
    'diffEditor.insertedLineBackground': '#9bb95533',
    'diffEditor.insertedTextBackground': '#9ccc2c33',
    'diffEditor.removedLineBackground': '#ff000033',
    'diffEditor.removedTextBackground': '#ff000033',
  },
}

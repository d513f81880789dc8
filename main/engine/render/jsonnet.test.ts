import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluateJsonnet } from './jsonnet'

// The importer's rule on a folder (the ground test sandbox-jsonnet runs it through a whole render):
// where go-jsonnet's FileImporter looks, in its order, and what is refused on the way.
const root = mkdtempSync(join(tmpdir(), 'gitops-desk-jsonnet-'))
const outside = mkdtempSync(join(tmpdir(), 'gitops-desk-jsonnet-outside-'))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
}
const evaluate = (main: string, libs: string[] = []) => {
  write('app/main.jsonnet', main)
  return evaluateJsonnet({ repoRoot: root, appDir: join(root, 'app'), file: join(root, 'app', 'main.jsonnet'), rel: 'app/main.jsonnet', jsonnet: { libs }, env: {} })
}

describe('Jsonnet imports', () => {
  it("are looked up as FileImporter does: the importing file's folder, then the libs from the last to the app's folder", async () => {
    write('app/which.libsonnet', '"app"')
    write('one/which.libsonnet', '"one"')
    write('two/which.libsonnet', '"two"')
    write('two/only-two.libsonnet', 'import "which.libsonnet"')
    write('app/sub/nested.libsonnet', 'import "which.libsonnet"')
    // From app/main.jsonnet: its own folder first.
    expect(await evaluate('{ kind: "K", w: import "which.libsonnet" }', ['one', 'two'])).toEqual([{ kind: 'K', w: 'app' }])
    // From two/only-two.libsonnet: its own folder (two) first.
    expect(await evaluate('{ kind: "K", w: import "only-two.libsonnet" }', ['one', 'two'])).toEqual([{ kind: 'K', w: 'two' }])
    // From app/sub: not there, so the last lib wins over the first and over the app's folder.
    expect(await evaluate('{ kind: "K", w: import "sub/nested.libsonnet" }', ['one', 'two'])).toEqual([{ kind: 'K', w: 'two' }])
    expect(await evaluate('{ kind: "K", w: import "sub/nested.libsonnet" }', [])).toEqual([{ kind: 'K', w: 'app' }])
  })

  it('inside the repository through a symlink are read; out of it by any road are refused without reading', async () => {
    write('shared/data.txt', 'inside')
    symlinkSync(join(root, 'shared', 'data.txt'), join(root, 'app', 'inside-link.txt'))
    writeFileSync(join(outside, 'secret.txt'), 'SECRET-CONTENT')
    symlinkSync(join(outside, 'secret.txt'), join(root, 'app', 'outside-link.txt'))
    symlinkSync(outside, join(root, 'app', 'outside-dir'))
    expect(await evaluate('{ kind: "K", s: importstr "inside-link.txt", t: importstr "../shared/data.txt" }')).toEqual([{ kind: 'K', s: 'inside', t: 'inside' }])
    const refusals: [string, string][] = [
      [`importstr "${join(outside, 'secret.txt')}"`, 'it leads outside the repository'],
      ['importstr "../../../../../../../../../../../../etc/hostname"', 'it leads outside the repository'],
      ['importstr "outside-link.txt"', 'app/outside-link.txt is a symlink that leads outside the repository'],
      ['importbin "outside-dir/secret.txt"', 'app/outside-dir/secret.txt is a symlink that leads outside the repository'],
    ]
    for (const [expression, reason] of refusals) {
      const error = await evaluate(`{ kind: "K", s: ${expression} }`).then(() => null, (e: Error) => e.message)
      expect(error, expression).toContain(`in app/main.jsonnet is refused: ${reason}`)
      expect(error, expression).not.toContain('SECRET-CONTENT')
      expect(error, expression).not.toContain(root)
    }
  })

  it('a missing import and a folder say so, as go-jsonnet does', async () => {
    await expect(evaluate('import "nowhere.libsonnet"')).rejects.toThrow('couldn\'t open import "nowhere.libsonnet": no match locally or in the Jsonnet library paths')
    await expect(evaluate('importstr "../shared"')).rejects.toThrow('couldn\'t open import "../shared" in app/main.jsonnet: it is not a file')
  })
})

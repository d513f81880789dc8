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

// Native go-jsonnet v0.22.0 (the ground's `jsonnet`, default --max-stack 500) gives these answers;
// with a worker's default 4 MB stack the WebAssembly build failed both ("Maximum call stack size
// exceeded"): every Go call is a WebAssembly call on the worker's stack.
describe('Jsonnet recursion', () => {
  it('evaluates as deep as native go-jsonnet: std.setUnion of large ranges, a long tailstrict loop', async () => {
    expect(await evaluate('{ kind: "K", n: std.length(std.setUnion(std.range(0, 6000), std.range(3000, 9000))) }')).toEqual([{ kind: 'K', n: 9001 }])
    expect(await evaluate('local loop(n, acc) = if n == 0 then acc else loop(n - 1, acc + 1) tailstrict; { kind: "K", n: loop(5000, 0) }')).toEqual([{ kind: 'K', n: 5000 }])
    expect(await evaluate('local loop(n, acc) = if n == 0 then acc else loop(n - 1, acc + 1) tailstrict; { kind: "K", n: loop(20000, 0) }')).toEqual([{ kind: 'K', n: 20000 }])
  }, 60_000)

  it('stops a recursion past 500 Jsonnet frames as native go-jsonnet does', async () => {
    await expect(evaluate('local f(n) = if n == 0 then 0 else 1 + f(n - 1); { kind: "K", n: f(600) }')).rejects.toThrow('max stack frames exceeded')
    expect(await evaluate('local f(n) = if n == 0 then 0 else 1 + f(n - 1); { kind: "K", n: f(400) }')).toEqual([{ kind: 'K', n: 400 }])
  })
})

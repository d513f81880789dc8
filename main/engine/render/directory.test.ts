import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { renderDirectory } from './directory'

const root = mkdtempSync(join(tmpdir(), 'gitops-desk-directory-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`

describe('the directory source', () => {
  it("does not descend into symlinked folders, as Argo CD's filepath.Walk does not: a link to its own folder is no loop, a link to a sibling no duplicate", async () => {
    mkdirSync(join(root, 'app', 'sub'), { recursive: true })
    writeFileSync(join(root, 'app', 'top.yaml'), configMap('top'))
    writeFileSync(join(root, 'app', 'sub', 'nested.yaml'), configMap('nested'))
    symlinkSync('.', join(root, 'app', 'loop'))
    symlinkSync('..', join(root, 'app', 'sub', 'up'))
    symlinkSync('sub', join(root, 'app', 'linked'))
    // A link to a file is read, as in Argo CD.
    symlinkSync('sub/nested.yaml', join(root, 'app', 'again.yaml'))
    const objects = await renderDirectory(root, join(root, 'app'), { recurse: true })
    expect(objects.map((o) => o.metadata.name)).toEqual(['nested', 'nested', 'top'])
  })
})

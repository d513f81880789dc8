import { describe, expect, it } from 'vitest'
import { lexicalEscape, pathEscape, physicalEscape, type ReadLink } from './link-bounds'

const root = '/data/trees/abc/0123'
/** A tree's symlinks, by absolute path (everything else is a plain file or folder). */
const links = (map: Record<string, string>): ReadLink => (path) => map[path] ?? null

describe('lexicalEscape: Argo CD\'s CheckOutOfBoundsSymlinks rule', () => {
  it('keeps targets that stay inside, on every step', () => {
    expect(lexicalEscape(root, `${root}/a/b`, '../c/d.yaml')).toBeNull()
    expect(lexicalEscape(root, `${root}/a`, '..')).toBeNull()
    expect(lexicalEscape(root, root, './x/./y')).toBeNull()
  })
  it('refuses absolute targets, even inside the root', () => {
    expect(lexicalEscape(root, root, '/etc/passwd')).toBe('absolute')
    expect(lexicalEscape(root, root, `${root}/x`)).toBe('absolute')
  })
  it('refuses a target that steps out, even to come back in', () => {
    expect(lexicalEscape(root, `${root}/a`, '../../x')).toBe('outside')
    expect(lexicalEscape(root, root, '../0123/x')).toBe('outside')
    expect(lexicalEscape(root, `${root}/a`, '../../../../..')).toBe('outside')
  })
  it('does not count a sibling with the same prefix as inside', () => {
    expect(lexicalEscape('/data/trees/abc/0123', '/data/trees/abc/0123', '../01234/x')).toBe('outside')
  })
})

describe('physicalEscape: where the operating system goes', () => {
  it('follows links met on the way, and takes .. from where they led', () => {
    // sub/b -> .. is the root itself; sub/b/.. is then the root's parent.
    const read = links({ [`${root}/sub/b`]: '..' })
    expect(lexicalEscape(root, root, 'sub/b/../x')).toBeNull()
    expect(physicalEscape(root, root, 'sub/b/../x', read)).toBe('outside')
    expect(pathEscape(root, root, 'sub/b/../x', read)).toBe('outside')
  })
  it('refuses a chain through an absolute link', () => {
    expect(physicalEscape(root, root, 'a/file', links({ [`${root}/a`]: '/home/user' }))).toBe('absolute')
  })
  it('stops a loop', () => {
    expect(physicalEscape(root, root, 'a', links({ [`${root}/a`]: 'b', [`${root}/b`]: 'a' }))).toBe('loop')
  })
  it('keeps parts that do not exist as written (a dangling link inside is fine)', () => {
    expect(physicalEscape(root, `${root}/x`, '../missing/file', links({}))).toBeNull()
    expect(pathEscape(root, `${root}/x`, '../../missing', links({}))).toBe('outside')
  })
  it('allows links that stay inside through other links', () => {
    const read = links({ [`${root}/shared`]: 'lib/common', [`${root}/lib/common`]: '../base' })
    expect(pathEscape(root, `${root}/app`, '../shared/values.yaml', read)).toBeNull()
  })
})

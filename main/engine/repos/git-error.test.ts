import { describe, expect, it } from 'vitest'
import { firstLine } from './git-cache'

describe("a failed git command's reason", () => {
  it("is git's first fatal: line, not its closing advice", () => {
    const cloned = new Error("Cloning into bare repository 'x'...\nfatal: '/tmp/nope' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n")
    expect(firstLine(cloned)).toBe("'/tmp/nope' does not appear to be a git repository")
    expect(firstLine(new Error('error: RPC failed; HTTP 500\nfatal: the remote end hung up'))).toBe('RPC failed; HTTP 500')
  })

  it('is the last line when git names no fatal or error, with credentials taken out of URLs', () => {
    expect(firstLine(new Error('something odd\nat https://user:secret@example.com/repo.git'))).not.toContain('secret')
    expect(firstLine('')).toBe('unknown error')
  })
})

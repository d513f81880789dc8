import { describe, expect, it } from 'vitest'
import { namePattern, nameProblem } from './names'

describe('Kubernetes names (DNS-1123 subdomain)', () => {
  it('accepts lower-case names with - and .', () => {
    for (const name of ['guestbook', 'guestbook-dev', 'a.b-c.d', '0', 'x'.repeat(253)]) expect(nameProblem(name), name).toBeNull()
  })

  it('refuses upper case, underscores, edges that are not letters or digits, and more than 253 characters', () => {
    expect(nameProblem('Bad_Name')).toMatch(/lower-case DNS-1123 name/)
    expect(nameProblem('guestbook-DEV')).toMatch(/lower-case DNS-1123 name/)
    for (const name of ['-a', 'a-', 'a..b', '.a', 'a b', '']) expect(nameProblem(name), name).not.toBeNull()
    expect(nameProblem('a'.repeat(300))).toBe('must be no more than 253 characters (it has 300)')
  })

  it("gives the browser a pattern valid under the v flag that follows the same rule", () => {
    const browser = new RegExp(`^(?:${namePattern})$`, 'v')
    for (const name of ['guestbook', 'a.b-c', 'Bad_Name', 'guestbook-DEV', '-a', 'a..b']) expect(browser.test(name), name).toBe(nameProblem(name) === null)
  })
})

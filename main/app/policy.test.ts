import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl, isOurRendererUrl, secureWebPreferences } from './policy'

describe('window security policy', () => {
  it('opens the window sandboxed and isolated, without Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
  })

  it('sends only https links to the OS browser', () => {
    expect(isAllowedExternalUrl('https://argo-cd.readthedocs.io/')).toBe(true)
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) {
      expect(isAllowedExternalUrl(url)).toBe(false)
    }
  })

  it('recognises only our renderer as a caller', () => {
    const packaged = 'file:///opt/GitOps%20Desk/resources/app/out/renderer/index.html'
    expect(isOurRendererUrl(packaged, packaged)).toBe(true)
    expect(isOurRendererUrl('file:///tmp/evil.html', packaged)).toBe(false)
    expect(isOurRendererUrl('http://localhost:5173/#/apps', 'http://localhost:5173/')).toBe(true)
    expect(isOurRendererUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
  })
})

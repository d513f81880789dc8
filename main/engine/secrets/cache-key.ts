import { randomBytes } from 'node:crypto'
import type { SecretStore } from './keychain'

/** The keychain account of the key that seals Secrets in the render cache. */
export const renderCacheKeyAccount = 'render-cache-key'

/**
 * The render cache's key (32 random bytes), made on first use and kept in the keychain only, so a
 * copy of the data folder alone cannot be read. Asked once per process; null when the keychain
 * cannot be reached (renders with Secrets then stay in memory).
 */
export function renderCacheKey(secrets: SecretStore): () => Promise<Buffer | null> {
  let key: Promise<Buffer | null> | undefined
  return () =>
    (key ??= (async () => {
      try {
        const stored = await secrets.get(renderCacheKeyAccount)
        if (stored && Buffer.from(stored, 'base64').length === 32) return Buffer.from(stored, 'base64')
        const made = randomBytes(32)
        await secrets.set(renderCacheKeyAccount, made.toString('base64'))
        return made
      } catch {
        return null
      }
    })())
}

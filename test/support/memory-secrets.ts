import type { SecretStore } from '../../main/engine/secrets/keychain'

/** A SecretStore in memory, for engine tests that are not about the keychain. */
export class MemorySecrets implements SecretStore {
  private readonly values = new Map<string, string>()
  async get(account: string) {
    return this.values.get(account) ?? null
  }
  async set(account: string, secret: string) {
    this.values.set(account, secret)
  }
  async delete(account: string) {
    return this.values.delete(account)
  }
}

import { UserError } from '../../main/engine/base/errors'
import type { SecretStore } from '../../main/engine/secrets/keychain'

/**
 * The one SecretStore in memory, for tests that are not about the keychain itself. `values` is
 * the map behind it (to check what was kept); `failing` makes every call fail as a locked or
 * absent Secret Service does.
 */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>()
  failing = false

  async get(account: string) {
    this.check()
    return this.values.get(account) ?? null
  }
  async set(account: string, secret: string) {
    this.check()
    this.values.set(account, secret)
  }
  async delete(account: string) {
    this.check()
    return this.values.delete(account)
  }

  private check(): void {
    if (this.failing) throw new UserError('Unavailable', 'the OS keychain is locked', 'keychain')
  }
}

import { AsyncEntry } from '@napi-rs/keyring'
import { UserError } from '../base/errors'

/** Where secrets live: the OS keychain in the app and CLI; a map in unit tests of other modules. */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux).
 * On Linux only the Secret Service is accepted: no silent fallback to anything else, and never
 * to a plain file.
 */
export class KeychainSecrets implements SecretStore {
  constructor(private readonly service = process.env.GITOPS_DESK_KEYCHAIN_SERVICE || 'gitops-desk') {}

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } })
  }

  async get(account: string): Promise<string | null> {
    return this.guard(() => this.entry(account).getPassword())
  }

  async set(account: string, secret: string): Promise<void> {
    await this.guard(() => this.entry(account).setPassword(secret))
  }

  async delete(account: string): Promise<boolean> {
    return this.guard(() => this.entry(account).deletePassword())
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action()
    } catch (error) {
      // The library's message names the backend's failure; it never contains the secret.
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
      throw new UserError('Unavailable', `The OS keychain is not available (${reason}). GitOps Desk keeps credentials only in the keychain; unlock or start it and try again.`, 'keychain')
    }
  }
}

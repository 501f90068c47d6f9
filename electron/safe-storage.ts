/** SecretStore backed by Electron's safeStorage (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux). */

import { safeStorage } from 'electron';
import type { SecretStore } from '../src-backend/secret-store.js';

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'os';
  readonly persistByDefault = true;

  constructor() {
    // Linux without a keyring falls back to a hard-coded key ("basic_text"): refuse rather than pretend.
    if (!safeStorage.isEncryptionAvailable()) throw new Error('OS secret storage is not available');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('no OS keyring (libsecret/kwallet) found');
    }
  }

  seal(plain: string): string {
    return safeStorage.encryptString(plain).toString('base64');
  }

  open(sealed: string): string {
    return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  }
}

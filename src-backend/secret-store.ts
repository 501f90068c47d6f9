/**
 * Secrets (SASL passwords, TLS keys) are never written in plain text. Electron seals them with safeStorage (see
 * electron/safe-storage.ts); browser mode uses KeyFileSecretStore, and only when the user asks to persist them.
 */

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretStore {
  readonly kind: 'os' | 'key-file';
  /** Whether secrets persist when the caller does not say (Electron: yes; browser mode: only on request). */
  readonly persistByDefault: boolean;
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * AES-256-GCM with a random key in a 0600 file next to the saved clusters. Plainly: this protects secrets only as well as
 * the file permissions do — anyone who can read the config folder as you can read both the key and the sealed secrets.
 * It keeps passwords out of backups and screen-shares of clusters.json, nothing more. Electron uses the OS keychain.
 */
export class KeyFileSecretStore implements SecretStore {
  readonly kind = 'key-file';
  readonly persistByDefault = false;
  private key: Buffer | null = null;

  constructor(private readonly keyPath: string) {}

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unrecognised sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  private loadKey(): Buffer {
    if (this.key) return this.key;
    if (existsSync(this.keyPath)) {
      this.key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
    } else {
      mkdirSync(dirname(this.keyPath), { recursive: true, mode: 0o700 });
      this.key = randomBytes(32);
      writeFileSync(this.keyPath, this.key.toString('base64'), { mode: 0o600 });
      chmodSync(this.keyPath, 0o600);
    }
    return this.key;
  }
}

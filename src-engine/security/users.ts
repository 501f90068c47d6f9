/**
 * SASL users: SCRAM credentials per mechanism (salted, RFC 5802), persisted in DATA_DIR/security/users.json.
 * No password is ever stored; PLAIN is checked against the SCRAM-SHA-512 credential (or SHA-256 when only that exists).
 */
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { newCredential, passwordMatches, SCRAM_MECHANISMS, type ScramCredential, type ScramMechanism } from './scram.js';

interface StoredCredential {
  salt: string;
  storedKey: string;
  serverKey: string;
  iterations: number;
}
type StoredUsers = Record<string, Partial<Record<ScramMechanism, StoredCredential>>>;

export class UserStore {
  private readonly users = new Map<string, Map<ScramMechanism, ScramCredential>>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'security', 'users.json');
    const raw = readJsonFile(this.file) as { users?: StoredUsers } | undefined;
    for (const [name, creds] of Object.entries(raw?.users ?? {})) {
      const map = new Map<ScramMechanism, ScramCredential>();
      for (const m of SCRAM_MECHANISMS) {
        const c = creds[m];
        if (c) map.set(m, { salt: Buffer.from(c.salt, 'base64'), storedKey: Buffer.from(c.storedKey, 'base64'), serverKey: Buffer.from(c.serverKey, 'base64'), iterations: c.iterations });
      }
      this.users.set(name, map);
    }
  }

  credential(user: string, mechanism: ScramMechanism): ScramCredential | undefined {
    return this.users.get(user)?.get(mechanism);
  }

  names(): string[] {
    return [...this.users.keys()].sort();
  }

  mechanisms(user: string): [ScramMechanism, ScramCredential][] {
    return [...(this.users.get(user) ?? new Map<ScramMechanism, ScramCredential>()).entries()];
  }

  /** `--user NAME:PASSWORD`: credentials for both SCRAM mechanisms (PLAIN uses them). */
  setPassword(user: string, password: string, iterations?: number): void {
    const map = new Map<ScramMechanism, ScramCredential>();
    for (const m of SCRAM_MECHANISMS) {
      const existing = this.users.get(user)?.get(m);
      // Re-salting on every start would change nothing a client sees; keep a credential the password still matches.
      map.set(m, existing && passwordMatches(m, existing, password) ? existing : newCredential(m, password, iterations));
    }
    this.users.set(user, map);
    this.save();
  }

  /** PLAIN: the password checked against the stored SCRAM credential. */
  verifyPassword(user: string, password: string): boolean {
    const creds = this.users.get(user);
    const m: ScramMechanism | undefined = creds?.has('SCRAM-SHA-512') ? 'SCRAM-SHA-512' : creds?.has('SCRAM-SHA-256') ? 'SCRAM-SHA-256' : undefined;
    return m !== undefined && passwordMatches(m, creds!.get(m)!, password);
  }

  upsert(user: string, mechanism: ScramMechanism, credential: ScramCredential): void {
    let map = this.users.get(user);
    if (!map) this.users.set(user, (map = new Map()));
    map.set(mechanism, credential);
  }

  /** Returns false when the user had no credential of that mechanism. */
  delete(user: string, mechanism: ScramMechanism): boolean {
    const map = this.users.get(user);
    if (!map?.delete(mechanism)) return false;
    if (map.size === 0) this.users.delete(user);
    return true;
  }

  save(): void {
    const users: StoredUsers = {};
    for (const [name, map] of this.users) {
      users[name] = {};
      for (const [m, c] of map) {
        users[name][m] = { salt: c.salt.toString('base64'), storedKey: c.storedKey.toString('base64'), serverKey: c.serverKey.toString('base64'), iterations: c.iterations };
      }
    }
    writeJsonFile(this.file, { version: 1, users });
  }
}

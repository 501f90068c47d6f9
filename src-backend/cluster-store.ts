/** Saved remote clusters in `<configDir>/clusters.json`; secrets sealed by a SecretStore or held in memory. */

import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterSecrets, ClusterSettings } from '../src-common/contract/clusters.js';
import { SECRET_KEYS } from './cluster-settings.js';
import type { SecretStore } from './secret-store.js';

export interface SavedCluster {
  id: string;
  settings: ClusterSettings;
  secrets: ClusterSecrets;
  secretsPersisted: boolean;
}

interface FileEntry {
  id: string;
  settings: ClusterSettings;
  /** SecretStore.seal(JSON of ClusterSecrets); absent when secrets are memory-only or there are none. */
  sealedSecrets?: string;
}

interface FileShape {
  version: 1;
  clusters: FileEntry[];
}

export class ClusterStore {
  private readonly file: string;
  private clusters: SavedCluster[] = [];

  constructor(
    private readonly configDir: string,
    private readonly secretStore: SecretStore,
  ) {
    this.file = join(configDir, 'clusters.json');
    this.load();
  }

  list(): readonly SavedCluster[] {
    return this.clusters;
  }

  get(id: string): SavedCluster | undefined {
    return this.clusters.find((c) => c.id === id);
  }

  add(settings: ClusterSettings, secrets: ClusterSecrets, persistSecrets: boolean): SavedCluster {
    const saved: SavedCluster = { id: randomUUID(), settings, secrets: cleanSecrets(secrets), secretsPersisted: persistSecrets };
    // Save first, change memory only on success: a failed write leaves both as they were.
    this.save([...this.clusters, saved]);
    this.clusters.push(saved);
    return saved;
  }

  update(id: string, settings: ClusterSettings, secrets: ClusterSecrets | undefined, persistSecrets: boolean | undefined): SavedCluster | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next: SavedCluster = {
      id,
      settings,
      secrets: secrets ? cleanSecrets({ ...current.secrets, ...secrets }) : current.secrets,
      secretsPersisted: persistSecrets ?? current.secretsPersisted,
    };
    const clusters = this.clusters.map((c) => (c.id === id ? next : c));
    this.save(clusters);
    this.clusters = clusters;
    return next;
  }

  remove(id: string): boolean {
    const remaining = this.clusters.filter((c) => c.id !== id);
    if (remaining.length === this.clusters.length) return false;
    this.save(remaining);
    this.clusters = remaining;
    return true;
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as FileShape;
    this.clusters = (parsed.clusters ?? []).map((entry) => {
      let secrets: ClusterSecrets = {};
      if (entry.sealedSecrets) {
        try {
          secrets = JSON.parse(this.secretStore.open(entry.sealedSecrets)) as ClusterSecrets;
        } catch {
          secrets = {}; // key lost or OS keychain changed: the user re-enters the password
        }
      }
      return { id: entry.id, settings: entry.settings, secrets, secretsPersisted: Boolean(entry.sealedSecrets) };
    });
  }

  private save(clusters: readonly SavedCluster[]): void {
    mkdirSync(this.configDir, { recursive: true, mode: 0o700 });
    // mkdir's mode applies only to a new folder; an existing one is tightened too.
    chmodSync(this.configDir, 0o700);
    const shape: FileShape = {
      version: 1,
      clusters: clusters.map((c) => {
        const entry: FileEntry = { id: c.id, settings: c.settings };
        if (c.secretsPersisted && Object.keys(c.secrets).length > 0) {
          entry.sealedSecrets = this.secretStore.seal(JSON.stringify(c.secrets));
        }
        return entry;
      }),
    };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(shape, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** Drops null/empty values: null on update means "clear". */
function cleanSecrets(secrets: ClusterSecrets): ClusterSecrets {
  const out: ClusterSecrets = {};
  for (const key of SECRET_KEYS) {
    const value = secrets[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

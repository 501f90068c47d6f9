/**
 * Every cluster the GUI can open: the embedded broker first (when running), then saved remote clusters. Hands out
 * one lazily-created kafkajs connection per cluster and tracks its status for the cluster switcher.
 */

import {
  EMBEDDED_CLUSTER_ID, type ClusterDetail, type ClusterSecrets, type ClusterSettings, type ClusterStatus,
  type ClusterSummary,
} from '../src-common/contract/clusters.js';
import type { ClusterStore, SavedCluster } from './cluster-store.js';
import type { EngineLink } from './engine-link.js';
import { fail, isKafkaError, toBackendError } from './errors.js';
import type { EventHub } from './event-hub.js';
import { buildKafkaConfig, ClusterConnection } from './kafka/connection.js';

interface Live {
  connection: ClusterConnection;
  status: ClusterStatus;
  lastError: string | null;
}

export class ClusterRegistry {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly store: ClusterStore,
    private readonly events: EventHub,
    private readonly engine: () => EngineLink | null,
    private readonly engineError: () => string | null,
  ) {}

  list(): ClusterSummary[] {
    const out: ClusterSummary[] = [];
    const embedded = this.embeddedSettings();
    if (embedded || this.engineError()) out.push(this.summary(EMBEDDED_CLUSTER_ID, embedded ?? this.deadEmbedded(), {}, false));
    for (const saved of this.store.list()) out.push(this.summary(saved.id, saved.settings, saved.secrets, saved.secretsPersisted));
    return out;
  }

  detail(id: string): ClusterDetail {
    const summary = this.list().find((c) => c.id === id) ?? fail('not-found', `no cluster ${id}`);
    const settings = id === EMBEDDED_CLUSTER_ID ? (this.embeddedSettings() ?? this.deadEmbedded()) : this.saved(id).settings;
    return { ...summary, settings };
  }

  /** Saved clusters marked read-only refuse every mutating call (a guard for production clusters). */
  assertWritable(id: string): void {
    if (id !== EMBEDDED_CLUSTER_ID && this.store.get(id)?.settings.readOnly) {
      fail('unsupported', `cluster ${this.store.get(id)?.settings.name ?? id} is read-only`);
    }
  }

  isEmbedded(id: string): boolean {
    return id === EMBEDDED_CLUSTER_ID;
  }

  saved(id: string): SavedCluster {
    return this.store.get(id) ?? fail('not-found', `no saved cluster ${id}`);
  }

  add(settings: ClusterSettings, secrets: ClusterSecrets, persist: boolean): ClusterSummary {
    const saved = this.store.add(settings, secrets, persist);
    this.changed();
    return this.summary(saved.id, saved.settings, saved.secrets, saved.secretsPersisted);
  }

  async update(id: string, settings: ClusterSettings, secrets: ClusterSecrets | undefined, persist: boolean | undefined): Promise<ClusterSummary> {
    if (id === EMBEDDED_CLUSTER_ID) fail('bad-request', 'the embedded cluster cannot be edited');
    const saved = this.store.update(id, settings, secrets, persist) ?? fail('not-found', `no saved cluster ${id}`);
    await this.drop(id);
    this.changed();
    return this.summary(saved.id, saved.settings, saved.secrets, saved.secretsPersisted);
  }

  async remove(id: string): Promise<void> {
    if (id === EMBEDDED_CLUSTER_ID) fail('bad-request', 'the embedded cluster cannot be removed');
    if (!this.store.remove(id)) fail('not-found', `no saved cluster ${id}`);
    await this.drop(id);
    this.changed();
  }

  /** The cluster's connection, created on first use. */
  connection(id: string): ClusterConnection {
    const existing = this.live.get(id);
    if (existing) return existing.connection;
    let settings: ClusterSettings;
    let secrets: ClusterSecrets = {};
    if (id === EMBEDDED_CLUSTER_ID) {
      settings = this.embeddedSettings() ?? fail('engine-unavailable', this.engineError() ?? 'embedded broker is not running');
    } else {
      const saved = this.saved(id);
      settings = saved.settings;
      secrets = saved.secrets;
    }
    const entry: Live = { connection: new ClusterConnection(buildKafkaConfig(settings, secrets)), status: 'unknown', lastError: null };
    this.live.set(id, entry);
    return entry.connection;
  }

  /** The embedded broker's process changed state (crash, restart): the switcher shows it at once. */
  embeddedChanged(): void {
    this.changed();
  }

  /** Runs fn against the cluster, recording whether the cluster answered. */
  async use<T>(id: string, fn: (connection: ClusterConnection) => Promise<T>): Promise<T> {
    // A crashed or restarting broker process: answer at once instead of waiting out kafkajs's retries.
    if (id === EMBEDDED_CLUSTER_ID && this.engine()) {
      const down = this.engineError();
      if (down) fail('engine-unavailable', down);
    }
    const connection = this.connection(id);
    try {
      let result: T;
      try {
        result = await fn(connection);
      } catch (error) {
        // Stale kafkajs metadata (a topic deleted since) fails every later call: retry once with fresh clients.
        if (!isKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION')) throw error;
        connection.reset();
        result = await fn(connection);
      }
      this.setStatus(id, 'connected', null);
      return result;
    } catch (error) {
      const backendError = toBackendError(error);
      if (backendError.code === 'cluster-unreachable' || backendError.code === 'timeout') {
        this.setStatus(id, 'error', backendError.message);
      }
      throw error;
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.live.keys()];
    await Promise.all(all.map((id) => this.drop(id)));
  }

  private async drop(id: string): Promise<void> {
    const entry = this.live.get(id);
    this.live.delete(id);
    await entry?.connection.close();
  }

  private setStatus(id: string, status: ClusterStatus, lastError: string | null): void {
    const entry = this.live.get(id);
    if (!entry || (entry.status === status && entry.lastError === lastError)) return;
    entry.status = status;
    entry.lastError = lastError;
    this.changed();
  }

  private changed(): void {
    this.events.emit('clusters.changed', { clusters: this.list() });
  }

  private embeddedSettings(): ClusterSettings | null {
    const link = this.engine();
    if (!link) return null;
    return { name: 'Embedded broker', bootstrap: [`${link.host}:${link.port}`], sasl: null, tls: null, clientId: 'kafkadesk' };
  }

  private deadEmbedded(): ClusterSettings {
    return { name: 'Embedded broker', bootstrap: [], sasl: null, tls: null };
  }

  private summary(id: string, settings: ClusterSettings, secrets: ClusterSecrets, persisted: boolean): ClusterSummary {
    const entry = this.live.get(id);
    const embeddedDown = id === EMBEDDED_CLUSTER_ID && this.engineError() !== null;
    return {
      id,
      kind: id === EMBEDDED_CLUSTER_ID ? 'embedded' : 'remote',
      name: settings.name,
      bootstrap: settings.bootstrap,
      saslMechanism: settings.sasl?.mechanism ?? null,
      tls: Boolean(settings.tls?.enabled),
      readOnly: Boolean(settings.readOnly),
      color: settings.color ?? null,
      secrets: {
        saslPassword: Boolean(secrets.saslPassword), tlsKey: Boolean(secrets.tlsKey), tlsKeyPassphrase: Boolean(secrets.tlsKeyPassphrase),
        ...(secrets.schemaRegistryPassword ? { schemaRegistryPassword: true } : {}),
      },
      secretsPersisted: persisted,
      status: embeddedDown ? 'error' : (entry?.status ?? 'unknown'),
      lastError: embeddedDown ? this.engineError() : (entry?.lastError ?? null),
    };
  }
}

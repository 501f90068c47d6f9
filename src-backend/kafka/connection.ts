/**
 * One live connection to a cluster: a kafkajs admin, a producer and the backend's own wire cluster (for
 * leader-direct Fetch and ListOffsets and the APIs kafkajs lacks), each created on first use and reused.
 */

import type { Admin, Kafka as KafkaClient, KafkaConfig, Producer, SASLOptions } from 'kafkajs';
import { Kafka, logLevel, Partitioners } from './kafkajs.js';
import type { ClusterSecrets, ClusterSettings } from '../../src-common/contract/clusters.js';
import { WireCluster, type WireClusterSettings } from './wire-cluster.js';
import type { WireConnection } from './wire-connection.js';

export function buildKafkaConfig(settings: ClusterSettings, secrets: ClusterSecrets): KafkaConfig {
  const config: KafkaConfig = {
    clientId: settings.clientId || 'kafkadesk',
    brokers: settings.bootstrap,
    connectionTimeout: settings.connectionTimeoutMs ?? 5000,
    requestTimeout: settings.requestTimeoutMs ?? 30000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
    logCreator: () => () => undefined,
  };
  if (settings.tls?.enabled) {
    config.ssl = {
      rejectUnauthorized: settings.tls.rejectUnauthorized,
      ...(settings.tls.ca ? { ca: [settings.tls.ca] } : {}),
      ...(settings.tls.cert ? { cert: settings.tls.cert } : {}),
      ...(secrets.tlsKey ? { key: secrets.tlsKey } : {}),
      ...(secrets.tlsKeyPassphrase ? { passphrase: secrets.tlsKeyPassphrase } : {}),
      ...(settings.tls.servername ? { servername: settings.tls.servername } : {}),
    };
  }
  if (settings.sasl) {
    const password = secrets.saslPassword ?? '';
    const username = settings.sasl.username;
    const sasl: SASLOptions =
      settings.sasl.mechanism === 'plain'
        ? { mechanism: 'plain', username, password }
        : settings.sasl.mechanism === 'scram-sha-256'
          ? { mechanism: 'scram-sha-256', username, password }
          : { mechanism: 'scram-sha-512', username, password };
    config.sasl = sasl;
  }
  return config;
}

/** The wire cluster's settings from the same KafkaConfig the kafkajs clients use (TLS, SASL, timeouts). */
export function wireSettingsFrom(config: KafkaConfig): WireClusterSettings {
  const brokers = Array.isArray(config.brokers) ? config.brokers : [];
  const settings: WireClusterSettings = {
    brokers,
    clientId: config.clientId ?? 'kafkadesk',
    connectionTimeoutMs: config.connectionTimeout ?? 5000,
    requestTimeoutMs: config.requestTimeout ?? 30000,
  };
  if (config.ssl) settings.tls = config.ssl === true ? {} : config.ssl;
  const sasl = config.sasl;
  if (sasl) {
    const { mechanism } = sasl;
    if ((mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') || !('username' in sasl)) {
      throw new Error(`SASL mechanism ${mechanism} is not supported`);
    }
    settings.sasl = { mechanism, username: sasl.username, password: sasl.password };
  }
  return settings;
}

export class ClusterConnection {
  private readonly kafka: KafkaClient;
  private adminPromise: Promise<Admin> | null = null;
  private producerPromise: Promise<Producer> | null = null;
  private wireCluster: WireCluster | null = null;
  /** Connections of their own for long-poll fetches (live tails): a broker answers one connection's requests in
   * order, so a fetch waiting up to maxWaitMs would hold up every admin request queued behind it. */
  private waitingWireCluster: WireCluster | null = null;

  constructor(private readonly config: KafkaConfig) {
    this.kafka = new Kafka(config);
  }

  admin(): Promise<Admin> {
    if (!this.adminPromise) {
      const admin = this.kafka.admin({ retry: { retries: 2 } });
      this.adminPromise = admin.connect().then(() => admin);
      this.adminPromise.catch(() => (this.adminPromise = null));
    }
    return this.adminPromise;
  }

  producer(): Promise<Producer> {
    if (!this.producerPromise) {
      // The Java client's partitioner, so keys land where Java producers put them.
      const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      this.producerPromise = producer.connect().then(() => producer);
      this.producerPromise.catch(() => (this.producerPromise = null));
    }
    return this.producerPromise;
  }

  /** The wire cluster (connections open lazily, per broker, on first request). */
  wire(): WireCluster {
    this.wireCluster ??= new WireCluster(wireSettingsFrom(this.config));
    return this.wireCluster;
  }

  private waitingWire(): WireCluster {
    this.waitingWireCluster ??= new WireCluster(wireSettingsFrom(this.config));
    return this.waitingWireCluster;
  }

  /**
   * The leader of a partition, refreshing metadata once if the topic is unknown or leaderless. `waiting`: for a
   * request the broker may hold (a long-poll fetch), on connections apart from the ones other requests use.
   */
  async leaderFor(topic: string, partition: number, waiting = false): Promise<WireConnection> {
    const wire = waiting ? this.waitingWire() : this.wire();
    let meta = (await wire.partitions(topic)).find((p) => p.partitionId === partition);
    if (!meta || meta.leader < 0) meta = (await wire.partitions(topic, true)).find((p) => p.partitionId === partition);
    if (!meta) throw Object.assign(new Error(`partition ${topic}-${partition} not found`), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    return wire.broker(meta.leader);
  }

  /** Forget cached partition leaders (e.g. after a NOT_LEADER error) so the next call asks the cluster again. */
  refreshRaw(): void {
    this.wireCluster?.forgetTopics();
    this.waitingWireCluster?.forgetTopics();
  }

  /**
   * Forget every client (they are recreated on next use). kafkajs clients refresh metadata for every topic
   * they ever touched, so after a topic is deleted elsewhere they fail with UNKNOWN_TOPIC_OR_PARTITION forever.
   */
  reset(): void {
    const old = [this.adminPromise, this.producerPromise];
    const oldWires = [this.wireCluster, this.waitingWireCluster];
    this.adminPromise = this.producerPromise = null;
    this.wireCluster = this.waitingWireCluster = null;
    // Let requests in flight on the old clients finish before closing them.
    setTimeout(() => {
      for (const p of old) void p?.then((c) => c.disconnect()).catch(() => undefined);
      for (const wire of oldWires) void wire?.close();
    }, 30_000).unref();
  }

  async close(): Promise<void> {
    const closers: Promise<unknown>[] = [];
    if (this.adminPromise) closers.push(this.adminPromise.then((a) => a.disconnect()));
    if (this.producerPromise) closers.push(this.producerPromise.then((p) => p.disconnect()));
    if (this.wireCluster) closers.push(this.wireCluster.close());
    if (this.waitingWireCluster) closers.push(this.waitingWireCluster.close());
    this.adminPromise = this.producerPromise = null;
    this.wireCluster = this.waitingWireCluster = null;
    await Promise.allSettled(closers);
  }

  /** A fresh kafkajs client with the same settings (for one-off consumers). */
  get client(): KafkaClient {
    return this.kafka;
  }
}

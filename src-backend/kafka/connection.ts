/**
 * One live connection to a cluster: a kafkajs admin, a producer and a raw cluster (for leader-direct Fetch and
 * ListOffsets), each created on first use and reused.
 */

import type { Admin, Kafka as KafkaClient, KafkaConfig, Producer, SASLOptions } from 'kafkajs';
import { Kafka, logLevel, Partitioners } from './kafkajs.js';
import type { ClusterSecrets, ClusterSettings } from '../../src-common/contract/clusters.js';
import { createRawCluster, type RawBroker, type RawCluster } from './raw.js';

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

export class ClusterConnection {
  private readonly kafka: KafkaClient;
  private adminPromise: Promise<Admin> | null = null;
  private producerPromise: Promise<Producer> | null = null;
  private rawPromise: Promise<RawCluster> | null = null;
  /** Replaced raw clusters, closed a little later (requests may still be in flight) or on close(). */
  private readonly retired = new Set<Promise<RawCluster>>();

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

  raw(): Promise<RawCluster> {
    if (!this.rawPromise) {
      const cluster = createRawCluster(this.config, logLevel.NOTHING);
      this.rawPromise = cluster.connect().then(() => cluster);
      this.rawPromise.catch(() => (this.rawPromise = null));
    }
    return this.rawPromise;
  }

  /**
   * Runs fn with the raw cluster. kafkajs refreshes metadata for every topic it ever looked at, so once one of them is
   * deleted every refresh fails with UNKNOWN_TOPIC_OR_PARTITION: then start over with a fresh raw cluster, once.
   */
  async withRaw<T>(fn: (raw: RawCluster) => Promise<T>): Promise<T> {
    const used = this.raw();
    try {
      return await fn(await used);
    } catch (error) {
      if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      // Concurrent callers may have replaced it already; only the first one swaps it out.
      if (this.rawPromise === used) {
        this.rawPromise = null;
        // Let in-flight requests on the old cluster finish before closing it.
        this.retired.add(used);
        setTimeout(() => {
          if (this.retired.delete(used)) void used.then((r) => r.disconnect()).catch(() => undefined);
        }, 30_000).unref();
      }
      return fn(await this.raw());
    }
  }

  /** The leader of a partition, refreshing metadata once if the topic is unknown or leaderless. */
  async leaderFor(topic: string, partition: number): Promise<RawBroker> {
    return this.withRaw((raw) => this.leaderIn(raw, topic, partition));
  }

  private async leaderIn(raw: RawCluster, topic: string, partition: number): Promise<RawBroker> {
    await raw.addTargetTopic(topic);
    let meta = raw.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition);
    if (!meta || meta.leader < 0) {
      await raw.refreshMetadata();
      meta = raw.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition);
    }
    if (!meta) throw Object.assign(new Error(`partition ${topic}-${partition} not found`), { name: 'KafkaJSTopicMetadataNotLoaded' });
    return raw.findBroker({ nodeId: meta.leader });
  }

  /** Drop cached connections (e.g. after a NOT_LEADER error) so the next call reconnects. */
  async refreshRaw(): Promise<void> {
    const raw = await this.raw().catch(() => null);
    await raw?.refreshMetadata().catch(() => undefined);
  }

  /**
   * Forget every kafkajs client (they are recreated on next use). kafkajs clients refresh metadata for every topic
   * they ever touched, so after a topic is deleted elsewhere they fail with UNKNOWN_TOPIC_OR_PARTITION forever.
   */
  reset(): void {
    const old = [this.adminPromise, this.producerPromise, this.rawPromise];
    this.adminPromise = this.producerPromise = this.rawPromise = null;
    setTimeout(() => {
      for (const p of old) void p?.then((c) => c.disconnect()).catch(() => undefined);
    }, 30_000).unref();
  }

  async close(): Promise<void> {
    const closers: Promise<unknown>[] = [];
    if (this.adminPromise) closers.push(this.adminPromise.then((a) => a.disconnect()));
    if (this.producerPromise) closers.push(this.producerPromise.then((p) => p.disconnect()));
    if (this.rawPromise) closers.push(this.rawPromise.then((r) => r.disconnect()));
    for (const retired of this.retired) closers.push(retired.then((r) => r.disconnect()));
    this.retired.clear();
    this.adminPromise = this.producerPromise = this.rawPromise = null;
    await Promise.allSettled(closers);
  }

  /** A fresh kafkajs client with the same settings (for one-off consumers). */
  get client(): KafkaClient {
    return this.kafka;
  }
}

/**
 * The backend's own raw view of a cluster: bootstrap, Metadata, and one WireConnection per broker discovered from
 * it (opened on first use, reopened when broken). Used to Fetch and ListOffsets straight from partition leaders —
 * no consumer group, so browsing is instant — and for the APIs kafkajs's public client lacks.
 */

import { defaultMetadataRequestMetadataRequestTopic } from '../../src-protocol/generated/03-metadata.js';
import { FIND_COORDINATOR, METADATA } from './wire-apis.js';
import { KafkaWireError, WireConnection, WireConnectionError, type WireSettings } from './wire-connection.js';

export interface PartitionMetadata {
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  partitionErrorCode: number;
}

export type WireClusterSettings = Omit<WireSettings, 'host' | 'port'> & { brokers: string[] };

interface BrokerAddress { host: string; port: number }

export function parseBrokerAddress(address: string): BrokerAddress {
  const colon = address.lastIndexOf(':');
  if (colon <= 0) throw new Error(`broker address ${address} has no port`);
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
}

export class WireCluster {
  private readonly addresses = new Map<number, BrokerAddress>();
  private readonly connections = new Map<number, Promise<WireConnection>>();
  private readonly topics = new Map<string, PartitionMetadata[]>();
  private bootstrap: Promise<WireConnection> | null = null;
  private controllerId = -1;
  private closed = false;

  constructor(private readonly settings: WireClusterSettings) {}

  /** Metadata for the given topics (and the broker list); throws UNKNOWN_TOPIC_OR_PARTITION for a missing one. */
  async refreshMetadata(topics: string[] = []): Promise<void> {
    const connection = await this.anyConnection();
    const response = await connection.send(METADATA, {
      topics: topics.map((name) => ({ ...defaultMetadataRequestMetadataRequestTopic(), name })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    for (const b of response.brokers) this.addresses.set(b.nodeId, { host: b.host, port: b.port });
    this.controllerId = response.controllerId;
    for (const t of response.topics) {
      if (!t.name) continue;
      // LEADER_NOT_AVAILABLE (a topic being created) still lists its partitions: leaders show up as -1 until elected.
      if (t.errorCode !== 0 && t.errorCode !== 5) {
        this.topics.delete(t.name);
        throw new KafkaWireError(t.errorCode, `${t.name}: ${new KafkaWireError(t.errorCode).type}`);
      }
      this.topics.set(t.name, t.partitions.map((p) => ({
        partitionId: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes,
        offlineReplicas: p.offlineReplicas, partitionErrorCode: p.errorCode,
      })));
    }
  }

  /** Partitions of a topic from the last metadata (refreshing it when the topic was never asked for). */
  async partitions(topic: string, refresh = false): Promise<PartitionMetadata[]> {
    if (refresh || !this.topics.has(topic)) await this.refreshMetadata([topic]);
    return this.topics.get(topic) ?? [];
  }

  /** Ensures metadata for all the topics, in one Metadata request for those not known yet. */
  async ensureTopics(topics: string[], refresh = false): Promise<void> {
    const missing = refresh ? topics : topics.filter((t) => !this.topics.has(t));
    if (missing.length > 0 || this.addresses.size === 0) await this.refreshMetadata([...new Set(missing)]);
  }

  cachedPartitions(topic: string): PartitionMetadata[] {
    return this.topics.get(topic) ?? [];
  }

  async nodeIds(): Promise<number[]> {
    if (this.addresses.size === 0) await this.refreshMetadata();
    return [...this.addresses.keys()];
  }

  /** The connection to one broker, opened on first use. */
  async broker(nodeId: number): Promise<WireConnection> {
    const cached = this.connections.get(nodeId);
    if (cached) {
      const connection = await cached.catch(() => null);
      if (connection && !connection.closed) return connection;
      this.connections.delete(nodeId);
    }
    if (!this.addresses.has(nodeId)) await this.refreshMetadata();
    const address = this.addresses.get(nodeId);
    if (!address) throw new KafkaWireError(8, `broker ${nodeId} is not in the cluster metadata`); // BROKER_NOT_AVAILABLE
    return this.open(nodeId, address);
  }

  async controller(): Promise<WireConnection> {
    if (this.controllerId < 0) await this.refreshMetadata();
    // KRaft brokers report a random broker as "controller": any broker forwards admin requests.
    return this.broker(this.controllerId >= 0 ? this.controllerId : ((await this.nodeIds())[0] ?? -1));
  }

  /** The group coordinator of a group (FindCoordinator, key type 0). */
  async groupCoordinator(groupId: string): Promise<{ nodeId: number; connection: WireConnection }> {
    const response = await (await this.anyConnection()).send(FIND_COORDINATOR, { key: groupId, keyType: 0, coordinatorKeys: [] });
    if (response.errorCode !== 0) throw new KafkaWireError(response.errorCode, response.errorMessage ?? undefined);
    this.addresses.set(response.nodeId, { host: response.host, port: response.port });
    return { nodeId: response.nodeId, connection: await this.broker(response.nodeId) };
  }

  /** Forgets cached topic metadata (e.g. after NOT_LEADER): the next call asks the cluster again. */
  forgetTopics(): void {
    this.topics.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.connections.values(), ...(this.bootstrap ? [this.bootstrap] : [])];
    this.connections.clear();
    this.bootstrap = null;
    await Promise.all(all.map((p) => p.then((c) => c.close()).catch(() => undefined)));
  }

  private open(nodeId: number, address: BrokerAddress): Promise<WireConnection> {
    if (this.closed) return Promise.reject(new WireConnectionError('cluster connection closed'));
    const opening = WireConnection.open({ ...this.settings, ...address });
    this.connections.set(nodeId, opening);
    opening.catch(() => {
      if (this.connections.get(nodeId) === opening) this.connections.delete(nodeId);
    });
    return opening;
  }

  /** A broker connection for cluster-wide requests: a known broker, else the first bootstrap address that answers. */
  private async anyConnection(): Promise<WireConnection> {
    for (const [nodeId] of this.addresses) {
      const live = await this.connections.get(nodeId)?.catch(() => null);
      if (live && !live.closed) return live;
    }
    const existing = await this.bootstrap?.catch(() => null);
    if (existing && !existing.closed) return existing;
    if (this.closed) throw new WireConnectionError('cluster connection closed');
    this.bootstrap = this.openBootstrap();
    return this.bootstrap;
  }

  private async openBootstrap(): Promise<WireConnection> {
    let lastError: unknown = new WireConnectionError('no bootstrap brokers');
    for (const address of this.settings.brokers) {
      try {
        return await WireConnection.open({ ...this.settings, ...parseBrokerAddress(address) });
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}

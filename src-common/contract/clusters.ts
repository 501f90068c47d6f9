/** Saved clusters, connection settings and the cluster overview. */

import type { BackendError } from './errors.js';
import type { RegistrySettings } from './schema-registry.js';

export type ClusterKind = 'embedded' | 'remote';
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The id of the embedded broker's cluster entry; it is always first in clusters.list. */
export const EMBEDDED_CLUSTER_ID = 'embedded';

export interface SaslSettings {
  mechanism: SaslMechanism;
  username: string;
}

export interface TlsSettings {
  /** false = plaintext. */
  enabled: boolean;
  /** Verify the broker certificate chain (turn off only for self-signed test clusters). */
  rejectUnauthorized: boolean;
  /** PEM CA bundle; empty = system roots. Not secret. */
  ca?: string;
  /** PEM client certificate for mTLS. Not secret (its key is, see ClusterSecrets). */
  cert?: string;
  /** SNI override. */
  servername?: string;
}

/** Everything about a saved cluster except secrets. */
export interface ClusterSettings {
  name: string;
  /** host:port entries. */
  bootstrap: string[];
  sasl: SaslSettings | null;
  tls: TlsSettings | null;
  clientId?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** UI hint: refuse mutating calls against this cluster. */
  readOnly?: boolean;
  /** UI hint, e.g. '#d33' for production. */
  color?: string;
  /** The cluster's Schema Registry (Confluent, Karapace, Redpanda, Apicurio ccompat); the embedded cluster has its own. */
  schemaRegistry?: RegistrySettings | null;
}

/**
 * Write-only secrets. On update, an omitted field keeps the stored value, null clears it. Secrets are never returned
 * by any call.
 */
export interface ClusterSecrets {
  saslPassword?: string | null;
  /** PEM private key for the client certificate. */
  tlsKey?: string | null;
  tlsKeyPassphrase?: string | null;
  /** Basic auth password of settings.schemaRegistry. */
  schemaRegistryPassword?: string | null;
}

export type ClusterStatus = 'connected' | 'connecting' | 'error' | 'unknown';

export interface ClusterSummary {
  id: string;
  kind: ClusterKind;
  name: string;
  bootstrap: string[];
  saslMechanism: SaslMechanism | null;
  tls: boolean;
  readOnly: boolean;
  color: string | null;
  /** Which secrets exist (in memory or in the secret store). */
  secrets: { saslPassword: boolean; tlsKey: boolean; tlsKeyPassphrase: boolean; schemaRegistryPassword?: boolean };
  /** True when secrets survive a restart (OS secret store, or browser mode with persistSecrets). */
  secretsPersisted: boolean;
  status: ClusterStatus;
  lastError: string | null;
}

export interface ClusterDetail extends ClusterSummary {
  settings: ClusterSettings;
}

export interface BrokerNode {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
  isController: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  kafkaClusterId: string | null;
  controllerId: number | null;
  brokers: BrokerNode[];
  topicCount: number | null;
  error: BackendError | null;
  /**
   * Problems that do not stop the test but will bite later, e.g. a broker advertising an address this machine cannot
   * reach (the classic advertised.listeners mistake with Docker).
   */
  warnings: string[];
}

export interface EmbeddedBrokerInfo {
  host: string;
  port: number;
  dataDir: string;
  startedAt: number;
  /** The embedded Schema Registry's URL (null when it is off). */
  schemaRegistryUrl?: string | null;
}

export interface ClusterOverview {
  clusterId: string;
  kind: ClusterKind;
  kafkaClusterId: string | null;
  controllerId: number | null;
  brokers: BrokerNode[];
  topicCount: number;
  internalTopicCount: number;
  /** Partitions of user topics (internal topics' partitions are counted in internalPartitionCount). */
  partitionCount: number;
  /** Partitions of internal topics (__consumer_offsets' 50, __transaction_state...). */
  internalPartitionCount: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  groupCount: number;
  /** Sum of high watermark - log start over all partitions. */
  messageCount: number;
  /** True unless every partition was counted exactly (compaction/transactions make HW - LW an estimate). */
  countIsEstimate: boolean;
  /** Bytes on disk (leader replicas) when known, see TopicSummary.sizeBytes. */
  sizeBytes: number | null;
  embedded: EmbeddedBrokerInfo | null;
}

/** Broker start-up options, with the defaults a zero-setup developer broker wants. */
import type { Logger } from '../logger.js';
import type { StartUser } from '../security/broker-security.js';
import type { ClusterMembership } from '../replication/membership.js';

export interface BrokerOptions {
  /** Where topics live (Kafka's `log.dirs`, one directory). */
  dataDir: string;
  /** Interface to bind; 127.0.0.1 unless the user asks for more. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Host name put in Metadata responses; defaults to `host` (or 127.0.0.1 when binding 0.0.0.0). */
  advertisedHost?: string;
  nodeId: number;
  /** `auto.create.topics.enable` (Kafka's default: true). */
  autoCreateTopics: boolean;
  /** `num.partitions` for auto-created topics. */
  numPartitions: number;
  /** `group.initial.rebalance.delay.ms`: Kafka's default is 3000; a local dev broker uses less. */
  groupInitialRebalanceDelayMs: number;
  /** `socket.request.max.bytes`: larger frames close the connection. */
  maxRequestBytes: number;
  /** fsync every append (kfake's SyncWrites); off by default like Kafka, which relies on the page cache. */
  syncWrites: boolean;
  /** `log.retention.check.interval.ms`. */
  retentionCheckIntervalMs: number;
  /** Other Kafka-named static broker configs (server.properties style), e.g. `log.cleaner.backoff.ms`. */
  configs?: Readonly<Record<string, string>>;
  /** `--user NAME:PASSWORD`: SASL users created or updated at start (stored as SCRAM credentials). */
  users?: readonly StartUser[];
  /** `--tls auto`: a TLS listener without a keystore gets a dev CA + server certificate under DATA_DIR/tls/. */
  tlsAuto?: boolean;
  logger: Logger;
  /** Member of a replicated cluster (docs/CLUSTER.md): its peers; absent for a single broker. */
  membership?: ClusterMembership;
}

export const DEFAULT_BROKER_PORT = 9092;

export function resolveOptions(partial: Partial<BrokerOptions> & { dataDir: string }, logger: Logger): BrokerOptions {
  return {
    host: '127.0.0.1',
    port: DEFAULT_BROKER_PORT,
    nodeId: 1,
    autoCreateTopics: true,
    numPartitions: 1,
    groupInitialRebalanceDelayMs: 300,
    maxRequestBytes: 104857600,
    syncWrites: false,
    retentionCheckIntervalMs: 300_000,
    ...partial,
    logger: partial.logger ?? logger,
  };
}

/**
 * Broker-level configs (Kafka's `ServerLogConfigs`, `CleanerConfig`, the classic group coordinator's and the
 * transaction coordinator's configs, and a few server basics) that this engine understands. The log-related
 * ones are the broker defaults behind topic configs (see `TopicConfigDefinition.synonyms`); Kafka can change
 * those dynamically, the rest need a restart (`readOnly`). Documentation strings are our own wording.
 */
import { atLeast, between, listOf, oneOf, type ConfigDefinition } from './config-def.js';
import { COMPRESSION_TYPES } from './topic-configs.js';
import { CONSUMER_GROUP_CONFIG_LIST } from './consumer-group-configs.js';
import { SECURITY_CONFIG_LIST } from './security-configs.js';

const L_MAX = '9223372036854775807';

const dyn = (name: string, type: ConfigDefinition['type'], defaultValue: string | null, documentation: string,
  extra: Partial<ConfigDefinition> = {}): ConfigDefinition =>
  ({ name, type, defaultValue, documentation, importance: 'HIGH', readOnly: false, ...extra });
const fixed = (name: string, type: ConfigDefinition['type'], defaultValue: string | null, documentation: string,
  extra: Partial<ConfigDefinition> = {}): ConfigDefinition =>
  ({ name, type, defaultValue, documentation, importance: 'MEDIUM', readOnly: true, ...extra });

export const BROKER_CONFIG_LIST: readonly ConfigDefinition[] = [
  fixed('auto.create.topics.enable', 'BOOLEAN', 'true', 'Create a topic automatically when a client asks for metadata of, or produces to, an unknown topic.'),
  fixed('broker.id', 'INT', '-1', 'The id of this broker (same as node.id in KRaft mode).'),
  fixed('broker.session.timeout.ms', 'INT', '9000', 'A broker that has not fetched the cluster metadata from the controller for this long is fenced (replicated clusters).',
    { validator: atLeast(1) }),
  dyn('compression.gzip.level', 'INT', '-1', 'Default gzip level for topics that recompress with gzip.'),
  dyn('compression.lz4.level', 'INT', '9', 'Default lz4 level for topics that recompress with lz4.', { validator: between(1, 17) }),
  dyn('compression.type', 'STRING', 'producer', 'Default compression.type of topics: a codec, "uncompressed", or "producer" to keep the producer\'s codec.',
    { validator: oneOf(...COMPRESSION_TYPES) }),
  dyn('compression.zstd.level', 'INT', '3', 'Default zstd level for topics that recompress with zstd.', { validator: between(-131072, 22) }),
  fixed('connections.max.idle.ms', 'LONG', '600000', 'Idle connections are closed after this many milliseconds.', { validator: atLeast(1) }),
  fixed('default.replication.factor', 'INT', '1', 'Replication factor of automatically created topics.'),
  fixed('group.initial.rebalance.delay.ms', 'INT', '3000', 'How long the first rebalance of an empty classic group waits for more members to join.', { validator: atLeast(0) }),
  fixed('group.max.session.timeout.ms', 'INT', '1800000', 'The largest session timeout a classic group member may ask for.'),
  fixed('group.max.size', 'INT', '2147483647', 'The most members one classic group may have.', { validator: atLeast(1) }),
  fixed('group.min.session.timeout.ms', 'INT', '6000', 'The smallest session timeout a classic group member may ask for.'),
  dyn('log.cleaner.backoff.ms', 'LONG', '15000', 'How long the log cleaner sleeps when no log needs cleaning.', { validator: atLeast(0) }),
  dyn('log.cleaner.dedupe.buffer.size', 'LONG', '134217728', 'Memory for the cleaner\'s key-to-offset map, across all cleaner threads.'),
  dyn('log.cleaner.delete.retention.ms', 'LONG', '86400000', 'Default delete.retention.ms: how long tombstones survive in compacted topics.', { validator: atLeast(0) }),
  fixed('log.cleaner.enable', 'BOOLEAN', 'true', 'Run the log cleaner. Without it compacted topics grow without bound.'),
  dyn('log.cleaner.max.compaction.lag.ms', 'LONG', L_MAX, 'Default max.compaction.lag.ms.', { validator: atLeast(1) }),
  dyn('log.cleaner.min.cleanable.ratio', 'DOUBLE', '0.5', 'Default min.cleanable.dirty.ratio.', { validator: between(0, 1) }),
  dyn('log.cleaner.min.compaction.lag.ms', 'LONG', '0', 'Default min.compaction.lag.ms.', { validator: atLeast(0) }),
  dyn('log.cleaner.threads', 'INT', '1', 'Number of log cleaner threads (this engine cleans one log at a time on the event loop).', { validator: atLeast(0) }),
  dyn('log.cleanup.policy', 'LIST', 'delete', 'Default cleanup.policy of topics: "delete", "compact" or both.', { validator: listOf('compact', 'delete') }),
  fixed('log.dirs', 'LIST', null, 'The directories where partition logs are stored (this engine uses its single data directory).'),
  dyn('log.flush.interval.messages', 'LONG', L_MAX, 'Default flush.messages.', { validator: atLeast(1) }),
  dyn('log.flush.interval.ms', 'LONG', null, 'Default flush.ms; when unset, log.flush.scheduler.interval.ms is used.'),
  fixed('log.flush.offset.checkpoint.interval.ms', 'INT', '60000', 'How often the recovery-point checkpoint is written.', { validator: atLeast(0) }),
  fixed('log.flush.scheduler.interval.ms', 'LONG', L_MAX, 'How often the flusher checks whether a log needs an fsync.'),
  dyn('log.index.interval.bytes', 'INT', '4096', 'Default index.interval.bytes.', { validator: atLeast(0) }),
  dyn('log.index.size.max.bytes', 'INT', '10485760', 'Default segment.index.bytes.', { validator: atLeast(4) }),
  dyn('log.local.retention.bytes', 'LONG', '-2', 'Default local.retention.bytes (tiered storage).', { validator: atLeast(-2) }),
  dyn('log.local.retention.ms', 'LONG', '-2', 'Default local.retention.ms (tiered storage).', { validator: atLeast(-2) }),
  dyn('log.message.timestamp.after.max.ms', 'LONG', '3600000', 'Default message.timestamp.after.max.ms.', { validator: atLeast(0) }),
  dyn('log.message.timestamp.before.max.ms', 'LONG', L_MAX, 'Default message.timestamp.before.max.ms.', { validator: atLeast(0) }),
  dyn('log.message.timestamp.type', 'STRING', 'CreateTime', 'Default message.timestamp.type.', { validator: oneOf('CreateTime', 'LogAppendTime') }),
  dyn('log.preallocate', 'BOOLEAN', 'false', 'Default preallocate.'),
  dyn('log.retention.bytes', 'LONG', '-1', 'Default retention.bytes (per partition; -1 for no limit).'),
  fixed('log.retention.check.interval.ms', 'LONG', '300000', 'How often the retention task looks for segments to delete.', { validator: atLeast(1) }),
  fixed('log.retention.hours', 'INT', '168', 'Default retention.ms in hours; used when log.retention.ms and log.retention.minutes are unset.'),
  fixed('log.retention.minutes', 'INT', null, 'Default retention.ms in minutes; used when log.retention.ms is unset.'),
  dyn('log.remote.copy.lag.bytes', 'LONG', '-1', 'Default remote.copy.lag.bytes (tiered storage; no effect here).', { validator: atLeast(-1) }),
  dyn('log.remote.copy.lag.ms', 'LONG', '0', 'Default remote.copy.lag.ms (tiered storage; no effect here).', { validator: atLeast(0) }),
  dyn('log.retention.ms', 'LONG', null, 'Default retention.ms (-1 for no time limit). Takes precedence over the minutes and hours forms.'),
  fixed('log.roll.hours', 'INT', '168', 'Default segment.ms in hours; used when log.roll.ms is unset.', { validator: atLeast(1) }),
  fixed('log.roll.jitter.hours', 'INT', '0', 'Default segment.jitter.ms in hours; used when log.roll.jitter.ms is unset.', { validator: atLeast(0) }),
  dyn('log.roll.jitter.ms', 'LONG', null, 'Default segment.jitter.ms.'),
  dyn('log.roll.ms', 'LONG', null, 'Default segment.ms; takes precedence over log.roll.hours.'),
  dyn('log.segment.bytes', 'INT', '1073741824', 'Default segment.bytes.', { validator: atLeast(14) }),
  dyn('log.segment.delete.delay.ms', 'LONG', '60000', 'Default file.delete.delay.ms.', { validator: atLeast(0) }),
  fixed('max.incremental.fetch.session.cache.slots', 'INT', '1000', 'The most incremental fetch sessions (KIP-227) the broker keeps; a full fetch beyond it gets no session unless an idle or smaller one can be evicted.',
    { validator: atLeast(0) }),
  fixed('max.connections', 'INT', '2147483647', 'The most connections the broker accepts at once; more are closed on accept.', { validator: atLeast(0) }),
  fixed('max.connections.per.ip', 'INT', '2147483647', 'The most connections the broker accepts from one address.', { validator: atLeast(0) }),
  fixed('max.connections.per.ip.overrides', 'STRING', '', 'Per-address exceptions to max.connections.per.ip, as "host:count,host:count".'),
  dyn('max.decompressed.message.bytes', 'INT', '2147483639', 'Default max.decompressed.message.bytes.', { validator: atLeast(0) }),
  dyn('message.max.bytes', 'INT', '1048588', 'Default max.message.bytes: the largest record batch accepted, after compression.', { validator: atLeast(0) }),
  dyn('min.insync.replicas', 'INT', '1', 'Default min.insync.replicas.', { validator: atLeast(1) }),
  fixed('node.id', 'INT', '-1', 'The id of this node in KRaft mode.'),
  fixed('num.partitions', 'INT', '1', 'Partition count of automatically created topics and CreateTopics requests without one.', { validator: atLeast(1) }),
  fixed('offset.metadata.max.bytes', 'INT', '4096', 'The longest metadata string an offset commit may carry.'),
  fixed('offsets.retention.check.interval.ms', 'LONG', '600000', 'How often committed offsets are checked for expiry.', { validator: atLeast(1) }),
  fixed('offsets.retention.minutes', 'INT', '10080', 'How long the committed offsets of a group without members are kept.', { validator: atLeast(1) }),
  fixed('offsets.topic.num.partitions', 'INT', '50', 'Partitions of __consumer_offsets when it is created (an existing topic keeps its count).', { validator: atLeast(1) }),
  fixed('offsets.topic.segment.bytes', 'INT', '104857600', 'segment.bytes of __consumer_offsets when it is created.', { validator: atLeast(1) }),
  dyn('producer.id.expiration.ms', 'INT', '86400000', 'An idempotent producer whose last write is older than this is forgotten (its sequence state dropped), unless a transaction of it is open.', { validator: atLeast(1) }),
  fixed('queued.max.request.bytes', 'LONG', '268435456', 'Memory for request bytes held by all connections (partial frames and queued requests); a connection that would exceed it is not read until memory is free. -1 for no limit (Kafka\'s default; this engine bounds it by default).'),
  fixed('replica.lag.time.max.ms', 'LONG', '30000', 'A follower that has not caught up to the leader\'s log end for this long leaves the ISR (replicated clusters).',
    { validator: atLeast(1) }),
  fixed('socket.request.max.bytes', 'INT', '104857600', 'The largest request frame accepted; a larger one closes the connection.', { validator: atLeast(1) }),
  fixed('transaction.abort.timed.out.transaction.cleanup.interval.ms', 'INT', '10000', 'How often transactions past their timeout are aborted (and expired transactional ids forgotten).', { validator: atLeast(1) }),
  fixed('transaction.max.timeout.ms', 'INT', '900000', 'The longest transaction timeout a producer may ask for in InitProducerId.', { validator: atLeast(1) }),
  fixed('transaction.state.log.num.partitions', 'INT', '50', 'Partitions of __transaction_state when it is created (an existing topic keeps its count).', { validator: atLeast(1) }),
  fixed('transaction.state.log.segment.bytes', 'INT', '104857600', 'segment.bytes of __transaction_state when it is created.', { validator: atLeast(1) }),
  fixed('transactional.id.expiration.ms', 'INT', '604800000', 'A transactional id with no transaction for this long is forgotten.', { validator: atLeast(1) }),
  dyn('unclean.leader.election.enable', 'BOOLEAN', 'false', 'Default unclean.leader.election.enable.'),
  ...CONSUMER_GROUP_CONFIG_LIST,
  ...SECURITY_CONFIG_LIST,
];

export const BROKER_CONFIGS: ReadonlyMap<string, ConfigDefinition> = new Map(BROKER_CONFIG_LIST.map((d) => [d.name, d]));

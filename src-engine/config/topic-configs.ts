/**
 * Kafka's topic-level configs (4.4 `LogConfig`): names, types, defaults, validators and the broker
 * configs that supply their default (`ServerTopicConfigSynonyms`). Documentation strings are written
 * in our own words after `TopicConfig.java`. Segment size keeps 3.9's lower bound (14 bytes): the 1 MiB
 * bound of Kafka 4.0 would make small-segment tests and demos impossible.
 */
import { atLeast, between, custom, listOf, oneOf, type ConfigDefinition } from './config-def.js';

export interface BrokerSynonym {
  readonly name: string;
  /** Multiplier to turn the broker value into the topic unit (hours and minutes to ms). */
  readonly factor?: number;
}

export interface TopicConfigDefinition extends ConfigDefinition {
  /** Broker configs that give this topic config its default, highest priority first. */
  readonly synonyms: readonly BrokerSynonym[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Long.MAX_VALUE: the "never" default of flush and compaction-lag configs. */
const L_MAX = '9223372036854775807';

export const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;
export type TopicCompressionType = (typeof COMPRESSION_TYPES)[number];

/** `leader/follower.replication.throttled.replicas`: "*" or "partition:broker" pairs. */
const throttledReplicas = custom('[partitionId]:[brokerId],[partitionId]:[brokerId],...', (_name, value) => {
  if (!Array.isArray(value)) return null;
  const list = value as readonly string[];
  if (list.length === 1 && list[0] === '*') return null;
  return list.every((e) => /^\d+:\d+$/.test(e)) ? null
    : 'must be the literal \'*\' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...';
});

const gzipLevel = custom('[1,...,9] or -1', (_n, v) => (typeof v === 'number' && v !== -1 && (v < 1 || v > 9) ? 'Value must be between 1 and 9, or -1 for the default level' : null));

const def = (name: string, type: ConfigDefinition['type'], defaultValue: string | null, synonyms: BrokerSynonym[],
  documentation: string, extra: Partial<TopicConfigDefinition> = {}): TopicConfigDefinition =>
  ({ name, type, defaultValue, synonyms, documentation, importance: 'MEDIUM', ...extra });
const syn = (name: string, factor?: number): BrokerSynonym => (factor === undefined ? { name } : { name, factor });

export const TOPIC_CONFIG_LIST: readonly TopicConfigDefinition[] = [
  def('cleanup.policy', 'LIST', 'delete', [syn('log.cleanup.policy')],
    'Comma-separated list of "delete" and/or "compact" saying what happens to old segments. "delete" (the default) '
    + 'removes segments once they exceed the retention time or size; "compact" enables log compaction, keeping the '
    + 'latest record per key; both together compact and also apply retention.', { validator: listOf('compact', 'delete') }),
  def('compression.gzip.level', 'INT', '-1', [syn('compression.gzip.level')],
    'Compression level used when compression.type is gzip.', { validator: gzipLevel }),
  def('compression.lz4.level', 'INT', '9', [syn('compression.lz4.level')],
    'Compression level used when compression.type is lz4.', { validator: between(1, 17) }),
  def('compression.type', 'STRING', 'producer', [syn('compression.type')],
    'The codec the topic stores batches with: gzip, snappy, lz4 or zstd, "uncompressed" for none, or "producer" '
    + '(default) to keep whatever codec the producer used. Any other value makes the broker re-compress batches on append.',
    { validator: oneOf(...COMPRESSION_TYPES) }),
  def('compression.zstd.level', 'INT', '3', [syn('compression.zstd.level')],
    'Compression level used when compression.type is zstd.', { validator: between(-131072, 22) }),
  def('delete.retention.ms', 'LONG', '86400000', [syn('log.cleaner.delete.retention.ms')],
    'How long tombstones (null-value records) stay in a compacted topic after the cleaner first reaches them. It also '
    + 'bounds how long a consumer reading from the start may take and still see every delete.', { validator: atLeast(0) }),
  def('errors.deadletterqueue.group.enable', 'BOOLEAN', 'false', [],
    'Whether share groups may write undeliverable records of this topic to a dead-letter queue (KIP-1191). '
    + 'This broker has no share groups, so the setting has no effect.', { ignored: true }),
  def('file.delete.delay.ms', 'LONG', '60000', [syn('log.segment.delete.delay.ms')],
    'How long a segment renamed to .deleted stays on disk before its files are removed.', { validator: atLeast(0) }),
  def('flush.messages', 'LONG', L_MAX, [syn('log.flush.interval.messages')],
    'Force an fsync after this many messages. Usually left unset: durability comes from replication and the OS page cache.',
    { validator: atLeast(1) }),
  def('flush.ms', 'LONG', L_MAX, [syn('log.flush.interval.ms'), syn('log.flush.scheduler.interval.ms')],
    'Force an fsync when this much time has passed since the last one. Usually left unset.', { validator: atLeast(0) }),
  def('follower.replication.throttled.replicas', 'LIST', '', [],
    'Replicas whose log replication is throttled on the follower side, as partition:broker pairs or "*".',
    { validator: throttledReplicas, ignored: true }),
  def('index.interval.bytes', 'INT', '4096', [syn('log.index.interval.bytes')],
    'How many bytes of batches are appended between two offset-index entries. Smaller means a bigger index but '
    + 'shorter scans when looking up an offset.', { validator: atLeast(0) }),
  def('leader.replication.throttled.replicas', 'LIST', '', [],
    'Replicas whose log replication is throttled on the leader side, as partition:broker pairs or "*".',
    { validator: throttledReplicas, ignored: true }),
  def('local.retention.bytes', 'LONG', '-2', [syn('log.local.retention.bytes')],
    'Tiered storage: the most bytes kept locally before segments may be removed (-2 means use retention.bytes).',
    { validator: atLeast(-2), ignored: true }),
  def('local.retention.ms', 'LONG', '-2', [syn('log.local.retention.ms')],
    'Tiered storage: how long segments are kept locally (-2 means use retention.ms).', { validator: atLeast(-2), ignored: true }),
  def('max.compaction.lag.ms', 'LONG', L_MAX, [syn('log.cleaner.max.compaction.lag.ms')],
    'The longest a record may stay uncompacted: a compacted log with dirty data older than this is cleaned even '
    + 'below min.cleanable.dirty.ratio.', { validator: atLeast(1) }),
  def('max.decompressed.message.bytes', 'INT', '2147483639', [syn('max.decompressed.message.bytes')],
    'The largest size a compressed record batch may have once decompressed on the broker.', { validator: atLeast(0), ignored: true }),
  def('max.message.bytes', 'INT', '1048588', [syn('message.max.bytes')],
    'The largest record batch the topic accepts, measured after compression.', { validator: atLeast(0) }),
  def('message.timestamp.after.max.ms', 'LONG', '3600000', [syn('log.message.timestamp.after.max.ms')],
    'With CreateTime, how far into the future (relative to broker time) a record timestamp may be before the batch is rejected (one hour since Kafka 4.0).',
    { validator: atLeast(0) }),
  def('message.timestamp.before.max.ms', 'LONG', L_MAX, [syn('log.message.timestamp.before.max.ms')],
    'With CreateTime, how far in the past (relative to broker time) a record timestamp may be before the batch is rejected.',
    { validator: atLeast(0) }),
  def('message.timestamp.type', 'STRING', 'CreateTime', [syn('log.message.timestamp.type')],
    'Whether record timestamps are the producer\'s create time ("CreateTime") or the broker\'s append time ("LogAppendTime").',
    { validator: oneOf('CreateTime', 'LogAppendTime') }),
  def('min.cleanable.dirty.ratio', 'DOUBLE', '0.5', [syn('log.cleaner.min.cleanable.ratio')],
    'How dirty a compacted log must be (uncleaned bytes / total bytes) before the cleaner works on it. Higher means '
    + 'fewer, more efficient cleanings and more duplicate data on disk. min.compaction.lag.ms and '
    + 'max.compaction.lag.ms refine when a log becomes eligible.', { validator: between(0, 1) }),
  def('min.compaction.lag.ms', 'LONG', '0', [syn('log.cleaner.min.compaction.lag.ms')],
    'The shortest time a record stays uncompacted in the log.', { validator: atLeast(0) }),
  def('min.insync.replicas', 'INT', '1', [syn('min.insync.replicas')],
    'With acks=all, how many in-sync replicas must acknowledge a write (always satisfied on a single-node broker).',
    { validator: atLeast(1) }),
  def('preallocate', 'BOOLEAN', 'false', [syn('log.preallocate')],
    'Whether to preallocate the segment file on disk when a new segment is created.', { ignored: true }),
  def('remote.copy.lag.bytes', 'LONG', '-1', [syn('log.remote.copy.lag.bytes')],
    'Tiered storage: how many bytes of rolled segments may wait locally before they are copied to remote storage (-1: no lag).',
    { validator: atLeast(-1), ignored: true }),
  def('remote.copy.lag.ms', 'LONG', '0', [syn('log.remote.copy.lag.ms')],
    'Tiered storage: how long a rolled segment may wait locally before it is copied to remote storage (0: no lag).',
    { validator: atLeast(0), ignored: true }),
  def('remote.log.copy.disable', 'BOOLEAN', 'false', [],
    'Tiered storage: stop copying segments to remote storage.', { ignored: true }),
  def('remote.log.delete.on.disable', 'BOOLEAN', 'false', [],
    'Tiered storage: delete remote data when tiered storage is turned off for the topic.', { ignored: true }),
  def('remote.storage.enable', 'BOOLEAN', 'false', [],
    'Tiered storage: copy segments to remote storage. This broker has no remote storage, so it must stay false.',
    { validator: custom('[false]', (_n, v) => (v === true ? 'Tiered storage is not enabled on this broker (remote.log.storage.system.enable=false)' : null)) }),
  def('retention.bytes', 'LONG', '-1', [syn('log.retention.bytes')],
    'With the "delete" policy, the largest size a partition may reach before its oldest segments are removed. '
    + '-1 (default) means no size limit. The limit applies per partition.'),
  def('retention.ms', 'LONG', String(168 * HOUR), [syn('log.retention.ms'), syn('log.retention.minutes', MINUTE), syn('log.retention.hours', HOUR)],
    'With the "delete" policy, how long a segment is kept after its newest record before it is removed; '
    + 'in effect how long consumers have to read the data. -1 means no time limit.', { validator: atLeast(-1) }),
  def('segment.bytes', 'INT', '1073741824', [syn('log.segment.bytes')],
    'The size at which a segment file is closed and a new one started. Retention and compaction work one whole '
    + 'segment at a time, so smaller segments give finer-grained cleanup at the cost of more files.', { validator: atLeast(14) }),
  def('segment.index.bytes', 'INT', '10485760', [syn('log.index.size.max.bytes')],
    'Size of the offset and time index files preallocated for each segment; a full index also rolls the segment.',
    { validator: atLeast(4) }),
  def('segment.jitter.ms', 'LONG', '0', [syn('log.roll.jitter.ms'), syn('log.roll.jitter.hours', HOUR)],
    'Up to this much random time is subtracted from segment.ms so that many partitions do not roll at once.',
    { validator: atLeast(0) }),
  def('segment.ms', 'LONG', String(168 * HOUR), [syn('log.roll.ms'), syn('log.roll.hours', HOUR)],
    'Roll a new segment after this long even if the current one is not full, so that retention and compaction '
    + 'can act on old data.', { validator: atLeast(1) }),
  def('unclean.leader.election.enable', 'BOOLEAN', 'false', [syn('unclean.leader.election.enable')],
    'Whether a replica outside the ISR may become leader as a last resort, accepting data loss (no effect on a single node).',
    { ignored: true }),
];

export const TOPIC_CONFIGS: ReadonlyMap<string, TopicConfigDefinition> = new Map(TOPIC_CONFIG_LIST.map((d) => [d.name, d]));

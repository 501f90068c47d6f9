// Scenarios run by every modern client driver against any broker (the engine in test/engine,
// the engine and the reference Kafka side by side in test/diff). Each returns a plain outcome
// object: what the client saw, without what two brokers or two runs must differ in (timestamps,
// producer and member ids), so test/diff can compare outcomes with deepEqual.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  admin,
  consume,
  produce,
  produceEach,
  startGroupConsumer,
  type Compression,
  type ConsumedRecord,
  type DriverLine,
  type ModernClient,
  type RecordIn,
} from '../../../helpers/modern-clients.js';
import { waitFor } from '../../../helpers/clients.js';
import { storedBatches } from '../../../helpers/segments.js';
import { uniqueTopic } from '../../../helpers/topics.js';

/** Where a broker under test listens and keeps its partition folders (for stored-batch checks). */
export interface BrokerUnderTest {
  bootstrap: string;
  /** The folder holding `<topic>-<partition>/` (the engine's data dir, Kafka's log.dirs). */
  logDir: string;
}

/** What a client cannot express, so its scenario leaves it out (and says so in the test name). */
export interface ClientLimits {
  /** kafka-python's send() refuses a header whose value is null ("must be (str, bytes) tuples"). */
  nullHeaderValue: boolean;
}
export const clientLimits: Record<ModernClient, ClientLimits> = {
  java: { nullHeaderValue: true },
  'confluent-kafka': { nullHeaderValue: true },
  'kafka-python': { nullHeaderValue: false },
  'franz-go': { nullHeaderValue: true },
  sarama: { nullHeaderValue: true },
};

export const codecs: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
export const codecId: Record<Compression, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/** Deterministic bytes (the same in every run, so two brokers' outcomes compare). */
function bytesOf(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0, block = 0; i < length; block++) {
    const h = createHash('sha256').update(`${seed}/${block}`).digest();
    i += h.copy(out, i);
  }
  return out;
}

/** Keys, values and headers a client must carry unchanged: binary, empty, null, large and compressible. */
export function sampleRecords(limits: ClientLimits): RecordIn[] {
  const text = 'KafkaDesk ✓ compressible text. '.repeat(400);
  const records: RecordIn[] = [
    { key: 'k0', value: bytesOf('v0', 1000), headers: [{ key: 'dup', value: 'x' }, { key: 'dup', value: 'y' }] },
    { key: null, value: Buffer.from(Array.from({ length: 256 }, (_, i) => i)) },
    { key: bytesOf('k2', 16), value: null },
    { key: '', value: '' },
    { key: 'k4', value: text, headers: [{ key: 'empty', value: '' }, ...(limits.nullHeaderValue ? [{ key: 'null', value: null }] : [])] },
  ];
  for (let i = 5; i < 20; i++) records.push({ key: `key-${i}`, value: `value ${i} ${'z'.repeat(i * 10)}`, headers: [{ key: 'i', value: String(i) }] });
  return records;
}

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));
const asBuffer = (b: RecordIn['value']): Buffer | null => (b === null || b === undefined ? null : typeof b === 'string' ? Buffer.from(b) : b);

/** A consumed record without its timestamp, bytes as hex: comparable across brokers and with what was sent. */
export function recordView(r: ConsumedRecord): { partition: number; offset: number; key: string | null; value: string | null; headers: [string, string | null][] } {
  return { partition: r.partition, offset: r.offset, key: hex(r.key), value: hex(r.value), headers: r.headers.map((h) => [h.key, hex(h.value)]) };
}
export function sentView(r: RecordIn, partition: number, offset: number): ReturnType<typeof recordView> {
  return {
    partition,
    offset,
    key: hex(asBuffer(r.key)),
    value: hex(asBuffer(r.value)),
    headers: (r.headers ?? []).map((h) => [h.key, hex(asBuffer(h.value))]),
  };
}

/**
 * The codecs of the stored compressed batches. Uncompressed batches are left out: librdkafka sends a
 * batch uncompressed when compressing does not shrink it (a lone small record), and how records fall
 * into batches depends on timing, so that is not comparable between two brokers.
 */
function storedCompressionCodecs(broker: BrokerUnderTest, topic: string): number[] {
  if (!existsSync(join(broker.logDir, `${topic}-0`))) return [];
  return [...new Set(storedBatches(broker.logDir, topic, 0).map((b) => b.codec).filter((codec) => codec !== 0))];
}

export async function codecRoundTrip(client: ModernClient, broker: BrokerUnderTest, compression: Compression) {
  const topic = uniqueTopic(`${client}-${compression}`);
  const records = sampleRecords(clientLimits[client]);
  const produced = await produce(client, { bootstrap: broker.bootstrap, topic, records, compression });
  const { records: consumed, timedOut } = await consume(client, { bootstrap: broker.bootstrap, topic, count: records.length });
  return {
    produced,
    timedOut,
    sent: records.map((r, i) => sentView(r, produced[i]?.partition ?? -1, produced[i]?.offset ?? -1)),
    consumed: consumed.map(recordView),
    storedCompressionCodecs: storedCompressionCodecs(broker, topic),
  };
}

export async function idempotentProduce(client: ModernClient, broker: BrokerUnderTest) {
  const topic = uniqueTopic(`${client}-idem`);
  const records = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `idempotent ${i}` }));
  const produced = await produce(client, { bootstrap: broker.bootstrap, topic, records, idempotent: true, compression: 'lz4' });
  const { records: consumed } = await consume(client, { bootstrap: broker.bootstrap, topic, count: records.length });
  const batches = storedBatches(broker.logDir, topic, 0);
  let nextSequence = 0;
  const sequencesGapFree = batches.every((b) => {
    const ok = b.baseSequence === nextSequence;
    nextSequence += b.recordCount;
    return ok;
  });
  return {
    produced,
    values: consumed.map((r) => r.value?.toString()),
    producerIds: [...new Set(batches.map((b) => (b.producerId >= 0 ? 'P' : 'none')))],
    producerEpochs: [...new Set(batches.map((b) => b.producerEpoch))],
    sequencesGapFree,
  };
}

/** Commits one transaction, aborts a second (same transactional id), then a plain record; reads both ways. */
export async function transactions(client: ModernClient, broker: BrokerUnderTest) {
  const topic = uniqueTopic(`${client}-txn`);
  const transactionalId = uniqueTopic(`${client}-txn-id`);
  const b = broker.bootstrap;
  const committed = await produce(client, {
    bootstrap: b, topic, transactionalId, records: ['c0', 'c1', 'c2'].map((v) => ({ key: v, value: v })),
  });
  const aborted = await produce(client, {
    bootstrap: b, topic, transactionalId, endTransaction: 'abort', records: ['a0', 'a1'].map((v) => ({ key: v, value: v })),
  });
  const after = await produce(client, { bootstrap: b, topic, records: [{ key: 'after', value: 'after' }] });
  const view = (rs: ConsumedRecord[]) => rs.map((r) => [r.offset, r.value?.toString()]);
  const readCommitted = await consume(client, { bootstrap: b, topic, count: 4, isolation: 'read_committed' });
  const readUncommitted = await consume(client, { bootstrap: b, topic, count: 6, isolation: 'read_uncommitted' });
  return {
    produced: { committed, aborted, after },
    readCommitted: view(readCommitted.records),
    readUncommitted: view(readUncommitted.records),
    // Per offset, not per batch: how a client splits its records into batches is its own timing.
    transactionalOffsets: storedBatches(broker.logDir, topic, 0).flatMap((x) =>
      Array.from({ length: x.recordCount }, (_, i) => [x.baseOffset + i, x.transactional]),
    ),
  };
}

const partitionOffsets = (lines: DriverLine[]) =>
  lines
    .filter((l): l is Extract<DriverLine, { type: 'record' }> => l.type === 'record')
    .map((r) => `${r.partition}:${r.offset}:${r.value?.toString() ?? ''}`)
    .sort();

/** One member consumes and commits everything of a 3-partition topic; a second member of the group resumes after it. */
export async function groupCommitAndResume(client: ModernClient, broker: BrokerUnderTest) {
  const topic = uniqueTopic(`${client}-group`);
  const group = uniqueTopic(`${client}-group-id`);
  const b = broker.bootstrap;
  await admin(client, { bootstrap: b, action: 'create-topics', topics: [{ name: topic, partitions: 3, replicationFactor: 1 }] });
  const batch = (from: number, n: number): RecordIn[] =>
    Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}`, partition: (from + i) % 3 }));
  await produce(client, { bootstrap: b, topic, records: batch(0, 12) });
  const first = startGroupConsumer(client, { bootstrap: b, topics: [topic], group, count: 12, timeoutMs: 60_000 });
  const firstLines = await first.done();
  await produce(client, { bootstrap: b, topic, records: batch(12, 6) });
  const second = startGroupConsumer(client, { bootstrap: b, topics: [topic], group, count: 6, timeoutMs: 60_000 });
  const secondLines = await second.done();
  const lastCommits = (lines: DriverLine[]) => {
    const byPartition = new Map<number, number>();
    for (const l of lines) if (l.type === 'committed') for (const o of l.offsets) byPartition.set(o.partition, o.offset);
    return [...byPartition.entries()].sort((x, y) => x[0] - y[0]);
  };
  // The last assignment the member was given (closing revokes it again).
  const assignedFirst = firstLines.filter((l) => l.type === 'assignment' && l.event === 'assigned').at(-1);
  return {
    first: partitionOffsets(firstLines),
    firstAssignment: assignedFirst?.type === 'assignment' ? assignedFirst.partitions.map((p) => p.partition) : [],
    firstCommits: lastCommits(firstLines),
    second: partitionOffsets(secondLines),
    secondCommits: lastCommits(secondLines),
  };
}

/** CreateTopics with configs, DescribeTopics, DescribeConfigs (sources), a duplicate create, IncrementalAlterConfigs. */
export async function adminTopicsAndConfigs(client: ModernClient, broker: BrokerUnderTest) {
  const topic = uniqueTopic(`${client}-admin`);
  const b = broker.bootstrap;
  const watched = ['retention.ms', 'cleanup.policy', 'segment.bytes', 'max.message.bytes'];
  const pick = (lines: DriverLine[]) => {
    const c = lines.find((l) => l.type === 'configs');
    if (c?.type !== 'configs') return null;
    if (c.error) return { error: c.error.code };
    return Object.fromEntries(watched.map((name) => [name, c.configs?.[name] ? { value: c.configs[name].value, source: c.configs[name].source } : null]));
  };
  const created = await admin(client, {
    bootstrap: b, action: 'create-topics',
    topics: [{ name: topic, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '123456', 'cleanup.policy': 'compact' } }],
  });
  const duplicate = await admin(client, { bootstrap: b, action: 'create-topics', topics: [{ name: topic, partitions: 1, replicationFactor: 1 }] });
  const described = await admin(client, { bootstrap: b, action: 'describe-topics', topics: [topic] });
  const configs = await admin(client, { bootstrap: b, action: 'describe-configs', topics: [topic] });
  const altered = await admin(client, { bootstrap: b, action: 'alter-configs', topic, set: { 'retention.ms': '654321' }, delete: ['cleanup.policy'] });
  const configsAfter = await admin(client, { bootstrap: b, action: 'describe-configs', topics: [topic] });
  const d = described[0];
  return {
    created: created.map((l) => ('error' in l ? (l.error?.code ?? 0) : 'no error field')),
    duplicate: duplicate.map((l) => ('error' in l ? (l.error?.code ?? 0) : 'no error field')),
    partitions: d?.type === 'topic' ? d.partitions?.map((p) => [p.partition, p.replicas.length, p.isr.length]) : d,
    configs: pick(configs),
    altered: altered.map((l) => ('error' in l ? (l.error?.code ?? 0) : 'no error field')),
    configsAfter: pick(configsAfter),
  };
}

/** A record over the topic's max.message.bytes fails alone with MESSAGE_TOO_LARGE; the next one is stored. */
export async function recordTooLarge(client: ModernClient, broker: BrokerUnderTest) {
  const topic = uniqueTopic(`${client}-too-large`);
  const b = broker.bootstrap;
  await admin(client, {
    bootstrap: b, action: 'create-topics', topics: [{ name: topic, partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '2000' } }],
  });
  const big = await produceEach(client, { bootstrap: b, topic, records: [{ key: 'big', value: bytesOf('big', 5000) }] });
  const small = await produceEach(client, { bootstrap: b, topic, records: [{ key: 'small', value: 'small' }] });
  return { big: big.map((o) => ('error' in o ? o.error.code : o)), small };
}

/** A second member takes a share of a 4-partition topic; when it leaves (stop), the first has all again. */
export async function groupRebalance(client: ModernClient, broker: BrokerUnderTest) {
  const topic = uniqueTopic(`${client}-rebalance`);
  const group = uniqueTopic(`${client}-rebalance-g`);
  const b = broker.bootstrap;
  await admin(client, { bootstrap: b, action: 'create-topics', topics: [{ name: topic, partitions: 4, replicationFactor: 1 }] });
  const member = () => startGroupConsumer(client, { bootstrap: b, topics: [topic], group, durationMs: 120_000, timeoutMs: 120_000 });
  const partitions = (m: ReturnType<typeof member>) => m.assignment().map((p) => p.partition);
  const first = member();
  await first.waitFor('the first member to own all 4 partitions', () => partitions(first).length === 4, 60_000);
  const second = member();
  const shared = () => {
    const [x, y] = [partitions(first), partitions(second)];
    return x.length > 0 && y.length > 0 && new Set([...x, ...y]).size === 4 && x.length + y.length === 4;
  };
  try {
    await waitFor('both members to share the 4 partitions', shared, 90_000);
    const split = [partitions(first).length, partitions(second).length].sort();
    await second.stop();
    await first.waitFor('the first member to own all 4 partitions again', () => partitions(first).length === 4, 90_000);
    const afterLeave = partitions(first);
    return { split, afterLeave };
  } finally {
    await Promise.allSettled([first.stop(), second.stop()]);
  }
}

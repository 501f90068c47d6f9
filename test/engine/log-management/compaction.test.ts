import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { consumeAll, eventually, readToEnd, startLmBroker, type LmBroker } from './support.js';

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];
const UPDATES = 40;
const TOMBSTONED = ['k1', 'k3'];

/** Sends one record per request (one batch each) and returns its offset. */
async function sendOne(producer: Producer, topic: string, key: string, value: string | null, timestamp?: number): Promise<number> {
  const [meta] = await producer.send({ topic, messages: [{ key, value, ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }) }] });
  return Number(meta?.baseOffset);
}

async function createCompacted(kafka: Kafka, topic: string, extra: { name: string; value: string }[] = []): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [
    { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' }, { name: 'segment.ms', value: '60000' },
    { name: 'min.cleanable.dirty.ratio', value: '0.01' }, { name: 'file.delete.delay.ms', value: '0' }, ...extra,
  ] }] });
  await admin.disconnect();
}

/** Updates every key UPDATES times, tombstones some, then rolls the log with a sentinel from the future. */
async function fill(producer: Producer, topic: string): Promise<Map<string, { offset: number; value: string | null }>> {
  const latest = new Map<string, { offset: number; value: string | null }>();
  for (let i = 0; i < UPDATES; i++) {
    for (const k of KEYS) {
      const value = `${k}-v${i}`;
      latest.set(k, { offset: await sendOne(producer, topic, k, value), value });
    }
  }
  for (const k of TOMBSTONED) latest.set(k, { offset: await sendOne(producer, topic, k, null), value: null });
  // segment.ms counts from the first batch's timestamp: a record 2 min newer rolls the active segment,
  // so every update above sits in closed (cleanable) segments.
  latest.set('sentinel', { offset: await sendOne(producer, topic, 'sentinel', 'end', Date.now() + 120_000), value: 'end' });
  return latest;
}

/** Waits until the cleaner has cleaned everything below `offset` (its checkpoint reached it). */
async function cleanedUpTo(broker: LmBroker, topic: string, offset: number) {
  return eventually(`${topic} cleaned up to ${offset}`, () => {
    const lm = broker.handle.insight.logManagement(topic, 0);
    return lm?.cleaner?.lastRun && lm.cleaner.firstDirtyOffset === offset ? lm : undefined;
  }, 15_000);
}

function asSorted(records: { key: string | null; value: string | null; offset: number }[]): [string | null, string | null, number][] {
  return records.map((r): [string | null, string | null, number] => [r.key, r.value, r.offset]).sort((a, b) => a[2] - b[2]);
}

test('compaction keeps the latest value per key at its original offset, then drops tombstones after delete.retention.ms', async () => {
  const broker: LmBroker = await startLmBroker();
  try {
    await createCompacted(broker.kafka, 'cmp', [{ name: 'delete.retention.ms', value: '1500' }]);
    const producer = broker.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const total = KEYS.length * UPDATES + TOMBSTONED.length + 1;
    const latest = await fill(producer, 'cmp');

    const cleaned = await cleanedUpTo(broker, 'cmp', latest.get('sentinel')!.offset);
    const run = cleaned.cleaner!.lastRun!;
    // Each run recopies the whole cleanable range, so the last one ends with one record per key (tombstones included).
    assert.equal(run.recordsAfter, KEYS.length);
    assert.ok(run.recordsBefore >= run.recordsAfter);
    assert.ok(cleaned.sizeBytes < (total * 70) / 10, `log shrank to ${cleaned.sizeBytes} bytes`);
    assert.equal(cleaned.cleaner!.runs >= 1, true);
    assert.ok(cleaned.cleaner!.dirtyRatio >= 0 && cleaned.cleaner!.threshold === 0.01);
    const summary = broker.handle.insight.logManagementSummary().find((r) => r.topic === 'cmp');
    assert.equal(summary?.cleanupPolicy.compact, true);
    assert.equal(summary?.minCleanableDirtyRatio, 0.01);
    assert.ok((summary?.lastCleanedAt ?? 0) > 0);
    const history = broker.handle.insight.cleanerRuns().filter((r) => r.topic === 'cmp');
    assert.ok(history.length >= 1 && history.every((r) => r.bytesAfter <= r.bytesBefore));
    // Small cleaned segments are merged (up to segment.bytes), as Kafka's cleaner groups them.
    assert.ok(cleaned.segments.length <= 3, `${cleaned.segments.length} segments after cleaning`);
    assert.equal(cleaned.cleaner!.tombstonesPending, TOMBSTONED.length);
    assert.ok(cleaned.cleaner!.nextTombstoneExpiry !== null);

    // A consumer from the beginning sees exactly the latest record per key, at its original offset.
    const expected = [...latest].map(([k, v]): [string, string | null, number] => [k, v.value, v.offset]).sort((a, b) => a[2] - b[2]);
    const seen = asSorted(await consumeAll(broker.kafka, 'cmp', expected.length));
    assert.deepEqual(seen, expected);

    // The swap left no temporary files; the checkpoint records where cleaning stopped.
    const dir = join(broker.dataDir, 'cmp-0');
    assert.deepEqual(readdirSync(dir).filter((f) => /\.(cleaned|swap)$/.test(f)), []);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.log')).length, broker.handle.insight.listSegments('cmp', 0)?.length);
    const checkpoint = readFileSync(join(broker.dataDir, 'cleaner-offset-checkpoint'), 'utf8');
    assert.match(checkpoint, new RegExp(`^cmp 0 ${latest.get('sentinel')!.offset}$`, 'm'));

    // After delete.retention.ms the tombstones go too; survivors keep their offsets.
    await eventually('tombstones removed', () => broker.handle.insight.logManagement('cmp', 0)?.cleaner?.tombstonesPending === 0, 15_000);
    const afterTombstones = asSorted(await consumeAll(broker.kafka, 'cmp', expected.length - TOMBSTONED.length));
    assert.deepEqual(afterTombstones, expected.filter(([k]) => !TOMBSTONED.includes(k)));

    // Producer state survived compaction: the idempotent producer keeps its sequence (no OutOfOrderSequence).
    const next = await sendOne(producer, 'cmp', 'k0', 'after-clean');
    assert.equal(next, latest.get('sentinel')!.offset + 1);

    // Records without a key are refused on compacted topics.
    const plain = broker.kafka.producer();
    await plain.connect();
    await assert.rejects(plain.send({ topic: 'cmp', messages: [{ value: 'no key' }] }), (err: Error & { type?: string }) => /INVALID_RECORD/.test(`${err.type} ${err.message} ${String((err as { cause?: unknown }).cause)}`) || err.name === 'KafkaJSNumberOfRetriesExceeded');
    await plain.disconnect();
    await producer.disconnect();
  } finally {
    await broker.stop();
  }
});

test('cleaned segments survive a restart (indexes rebuilt, offsets and values unchanged)', async () => {
  let broker: LmBroker = await startLmBroker();
  try {
    await createCompacted(broker.kafka, 'cmp-restart');
    const producer = broker.kafka.producer();
    await producer.connect();
    const latest = await fill(producer, 'cmp-restart');
    await producer.disconnect();
    await cleanedUpTo(broker, 'cmp-restart', latest.get('sentinel')!.offset);
    broker = await broker.restart();
    const expected = [...latest].map(([k, v]): [string, string | null, number] => [k, v.value, v.offset]).sort((a, b) => a[2] - b[2]);
    assert.deepEqual(asSorted(await consumeAll(broker.kafka, 'cmp-restart', expected.length)), expected);
  } finally {
    await broker.stop();
  }
});

test('an emptied last batch of an idempotent producer is kept; kafkajs reads past it', async () => {
  const broker: LmBroker = await startLmBroker();
  try {
    await createCompacted(broker.kafka, 'cmp-empty');
    const idem = broker.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const plain = broker.kafka.producer();
    await idem.connect();
    await plain.connect();
    await sendOne(idem, 'cmp-empty', 'x', 'from-idempotent'); // 0: its producer's only (last) batch
    await sendOne(plain, 'cmp-empty', 'x', 'newer'); // 1
    const end = await sendOne(plain, 'cmp-empty', 'end', 'end', Date.now() + 120_000); // 2, rolls the log
    await cleanedUpTo(broker, 'cmp-empty', end);
    const stored = parseBatches(readFileSync(join(broker.dataDir, 'cmp-empty-0', '00000000000000000000.log')), { verifyCrc: true });
    assert.ok(stored.ok);
    assert.deepEqual(stored.batches.map((h) => [h.baseOffset, h.recordCount, h.producerId >= 0]), [[0, 0, true], [1, 1, false]],
      'the emptied batch stays on disk to keep the producer sequence');
    const seen = await readToEnd(broker.kafka, 'cmp-empty');
    assert.deepEqual(seen.map((r) => [r.offset, r.value]), [[1, 'newer'], [2, 'end']]);
    // The idempotent producer carries on in sequence.
    assert.equal(await sendOne(idem, 'cmp-empty', 'y', 'next'), 3);
    await idem.disconnect();
    await plain.disconnect();
  } finally {
    await broker.stop();
  }
});

test('cleanup.policy=compact,delete: expired segments are deleted and the rest is compacted', async () => {
  const broker: LmBroker = await startLmBroker();
  try {
    await createCompacted(broker.kafka, 'cmp-del', [{ name: 'cleanup.policy', value: 'compact,delete' }, { name: 'retention.ms', value: '60000' }]);
    const producer = broker.kafka.producer();
    await producer.connect();
    const old = Date.now() - 2 * 3_600_000;
    for (let i = 0; i < 5; i++) {
      await sendOne(producer, 'cmp-del', 'a', `old-a${i}`, old);
      await sendOne(producer, 'cmp-del', 'b', `old-b${i}`, old);
    }
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.push(await sendOne(producer, 'cmp-del', 'a', `a${i}`));
      fresh.push(await sendOne(producer, 'cmp-del', 'c', `c${i}`));
    }
    const end = await sendOne(producer, 'cmp-del', 'end', 'end', Date.now() + 120_000);
    await producer.disconnect();
    await eventually('old segments deleted by retention.ms', () => (broker.handle.insight.logManagement('cmp-del', 0)?.logStartOffset ?? 0) >= 10);
    await cleanedUpTo(broker, 'cmp-del', end);
    const seen = await readToEnd(broker.kafka, 'cmp-del');
    assert.deepEqual(seen.map((r) => [r.key, r.value, r.offset]), [['a', 'a4', fresh[8]], ['c', 'c4', fresh[9]], ['end', 'end', end]]);
  } finally {
    await broker.stop();
  }
});

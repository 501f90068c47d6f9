// The log cleaner's heavy work runs on a worker thread: while tens of MB are compacted (gzip batches decompressed
// and recompressed), the broker keeps answering produce and fetch, and the cleaned log is what compaction must
// leave (the latest committed value per key at its offset, tombstones kept within delete.retention.ms, aborted
// transactional data dropped, markers kept).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { consumeAll, eventually, startLmBroker } from './support.js';

const { CompressionTypes } = kafkajs;
const KEYS = 2000;
const ROUNDS = 16; // 2000 keys x 16 rounds x ~1 KiB = ~32 MiB dirty
const BATCH = 500;

test('the broker serves produce and fetch while a large log is cleaned on the cleaner thread; the result is exact', { timeout: 300_000 }, async () => {
  // The timer-driven cleaner waits an hour: this test triggers the pass itself.
  const broker = await startLmBroker({ 'log.cleaner.backoff.ms': '3600000' });
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [
      { topic: 'big', numPartitions: 1, configEntries: [
        { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: String(4 * 1024 * 1024) }, { name: 'segment.ms', value: '60000' },
        { name: 'file.delete.delay.ms', value: '0' }, { name: 'delete.retention.ms', value: '3600000' },
      ] },
      { topic: 'side', numPartitions: 1 },
    ] });
    await admin.disconnect();

    const latest = new Map<string, { value: string | null; offset: number }>();
    const producer = broker.kafka.producer();
    await producer.connect();
    for (let round = 0; round < ROUNDS; round++) {
      for (let from = 0; from < KEYS; from += BATCH) {
        const messages = Array.from({ length: BATCH }, (_, i) => ({ key: `key-${from + i}`, value: `${round}:${randomBytes(512).toString('hex')}` }));
        const [meta] = await producer.send({ topic: 'big', compression: round % 2 === 0 ? CompressionTypes.GZIP : CompressionTypes.None, messages });
        messages.forEach((m, i) => latest.set(m.key, { value: m.value, offset: Number(meta?.baseOffset) + i }));
      }
    }
    // Tombstones for every tenth key.
    const tombstones = Array.from({ length: KEYS / 10 }, (_, i) => ({ key: `key-${i * 10}`, value: null }));
    const [deleted] = await producer.send({ topic: 'big', messages: tombstones });
    tombstones.forEach((m, i) => latest.set(m.key, { value: null, offset: Number(deleted?.baseOffset) + i }));
    // An aborted transaction overwriting some keys (dropped) and a committed one (kept), each with its marker.
    const txProducer = broker.kafka.producer({ transactionalId: 'big-txn', idempotent: true, maxInFlightRequests: 1 });
    await txProducer.connect();
    const aborted = await txProducer.transaction();
    await aborted.send({ topic: 'big', messages: [{ key: 'key-1', value: 'aborted' }, { key: 'key-2', value: 'aborted' }] });
    await aborted.abort();
    const committed = await txProducer.transaction();
    const [txMeta] = await committed.send({ topic: 'big', messages: [{ key: 'key-3', value: 'committed' }] });
    await committed.commit();
    latest.set('key-3', { value: 'committed', offset: Number(txMeta?.baseOffset) });
    // A record two minutes newer rolls the active segment: everything above is cleanable.
    const [end] = await producer.send({ topic: 'big', messages: [{ key: 'sentinel', value: 'end', timestamp: String(Date.now() + 120_000) }] });
    latest.set('sentinel', { value: 'end', offset: Number(end?.baseOffset) });
    const before = broker.handle.insight.logManagement('big', 0);
    assert.ok(before?.cleaner && before.cleaner.dirtyBytes > 20 * 1024 * 1024, `dirty bytes ${before?.cleaner?.dirtyBytes}`);

    // A consumer of another topic, then produce -> consumed round trips while the pass runs.
    const consumer = broker.kafka.consumer({ groupId: 'side-reader', maxWaitTimeInMs: 50 });
    const consumed = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topic: 'side', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void consumed.add(message.value!.toString()) });
    await producer.send({ topic: 'side', messages: [{ value: 'warm-up' }] });
    await eventually('the side consumer is reading', () => consumed.has('warm-up'), 30_000);

    let cleaningDone = false;
    const cleaning = broker.handle.insight.compactNow('big', 0).finally(() => { cleaningDone = true; });
    let roundTripsWhileCleaning = 0;
    for (let i = 0; !cleaningDone; i++) {
      await producer.send({ topic: 'side', messages: [{ value: `rt-${i}` }] });
      await eventually(`round trip ${i}`, () => consumed.has(`rt-${i}`), 30_000);
      if (!cleaningDone) roundTripsWhileCleaning++;
    }
    const run = await cleaning;
    assert.ok(roundTripsWhileCleaning >= 3, `${roundTripsWhileCleaning} produce/fetch round trips completed while the log was cleaned`);
    assert.ok(run && run.segmentsRewritten > 1, `segments rewritten: ${run?.segmentsRewritten}`);
    assert.equal(run.endOffset, latest.get('sentinel')!.offset);
    assert.equal(run.recordsAfter, KEYS + 2, 'one record per key (tombstones within delete.retention.ms included) and the two markers');
    assert.equal(run.tombstonesRetained, KEYS / 10);
    await consumer.disconnect();

    // Exactly the latest committed value per key, at its original offset.
    const expected = [...latest].map(([k, v]): [string, string | null, number] => [k, v.value, v.offset]).sort((a, b) => a[2] - b[2]);
    const seen = (await consumeAll(broker.kafka, 'big', expected.length, 60_000))
      .map((r): [string | null, string | null, number] => [r.key, r.value, r.offset]).sort((a, b) => a[2] - b[2]);
    assert.deepEqual(seen, expected);
    // Both markers stayed; no temporary files are left.
    const dir = join(broker.dataDir, 'big-0');
    let markers = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.log'))) {
      const parsed = parseBatches(readFileSync(join(dir, f)), { verifyCrc: true });
      assert.ok(parsed.ok);
      markers += parsed.batches.filter((h) => h.isControl).length;
    }
    assert.equal(markers, 2);
    assert.deepEqual(readdirSync(dir).filter((f) => /\.(cleaned|swap)$/.test(f)), []);
    await txProducer.disconnect();
    await producer.disconnect();
  } finally {
    await broker.stop();
  }
});

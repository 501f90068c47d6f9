import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { eventually, startLmBroker } from './support.js';

test('compaction with kafkajs transactions: aborted data goes, markers stay, committed latest values survive', async () => {
  const broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'cmp-txn', numPartitions: 1, configEntries: [
      { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '600' }, { name: 'segment.ms', value: '60000' },
      { name: 'min.cleanable.dirty.ratio', value: '0.01' }, { name: 'file.delete.delay.ms', value: '0' },
    ] }] });
    await admin.disconnect();
    const producer = broker.kafka.producer({ transactionalId: 'cmp-txn-producer', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let round = 0; round < 4; round++) {
      const aborted = await producer.transaction();
      await aborted.send({ topic: 'cmp-txn', messages: [{ key: 'a', value: `aborted-${round}` }, { key: 'b', value: `aborted-${round}` }] });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({ topic: 'cmp-txn', messages: [{ key: 'a', value: `a-${round}` }, { key: 'b', value: `b-${round}` }] });
      await committed.commit();
    }
    // Roll the log with a later record so every transaction sits in cleanable segments.
    const plain = broker.kafka.producer();
    await plain.connect();
    const [end] = await plain.send({ topic: 'cmp-txn', messages: [{ key: 'end', value: 'end', timestamp: String(Date.now() + 120_000) }] });
    const endOffset = Number(end?.baseOffset);
    await plain.disconnect();
    await eventually('cleaned up to the sentinel', () => broker.handle.insight.logManagement('cmp-txn', 0)?.cleaner?.firstDirtyOffset === endOffset, 15_000);

    for (const readUncommitted of [false, true]) {
      const consumer = broker.kafka.consumer({ groupId: `g-${String(readUncommitted)}`, readUncommitted, maxWaitTimeInMs: 100 });
      const seen: [string, string, number][] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: 'cmp-txn', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push([message.key!.toString(), message.value!.toString(), Number(message.offset)]) });
      await eventually('the sentinel', () => seen.some(([k]) => k === 'end'), 15_000);
      await consumer.disconnect();
      assert.deepEqual(seen.map(([k, v]) => [k, v]), [['a', 'a-3'], ['b', 'b-3'], ['end', 'end']], `readUncommitted=${readUncommitted}`);
    }
    // The markers (one per transaction) are still on disk.
    const dir = join(broker.dataDir, 'cmp-txn-0');
    let controls = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.log'))) {
      const parsed = parseBatches(readFileSync(join(dir, f)), { verifyCrc: true });
      assert.ok(parsed.ok);
      controls += parsed.batches.filter((h) => h.isControl).length;
    }
    assert.equal(controls, 8);
    // The transactional producer keeps working after cleaning.
    const more = await producer.transaction();
    await more.send({ topic: 'cmp-txn', messages: [{ key: 'a', value: 'a-after' }] });
    await more.commit();
    const consumer = broker.kafka.consumer({ groupId: 'g-after', maxWaitTimeInMs: 100 });
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'cmp-txn', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    await eventually('the record committed after cleaning', () => values.includes('a-after'), 15_000);
    await consumer.disconnect();
    assert.deepEqual(values, ['a-3', 'b-3', 'end', 'a-after']);
    await producer.disconnect();
  } finally {
    await broker.stop();
  }
});

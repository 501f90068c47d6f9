/**
 * Storage durability through real restarts: a clean restart keeps every record; kill -9 while a
 * producer is sending loses no acknowledged record; a torn .log tail is truncated and deleted
 * index files are rebuilt, after which the broker serves reads, time lookups and new appends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startChildBroker, startTestBroker, tempDataDir } from '../../helpers/broker.js';
import { waitFor } from '../../helpers/clients.js';

function client(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'recovery-test', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 100 } });
}

async function readAll(kafka: Kafka, topic: string, expected: number, timeoutMs = 20_000): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `read-${topic}-${Math.random()}`, maxWaitTimeInMs: 100 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length}/${expected}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value!.toString());
          if (values.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

test('a clean restart keeps every record and the topic id', async () => {
  const dataDir = tempDataDir();
  let broker = await startTestBroker({ dataDir });
  let kafka = client(broker.bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'restart', numPartitions: 2 }], waitForLeaders: true });
  const before = (await admin.fetchTopicMetadata({ topics: ['restart'] })).topics[0]!;
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < 10; i++) await producer.send({ topic: 'restart', messages: Array.from({ length: 50 }, (_, j) => ({ key: `k${j}`, value: `v${i * 50 + j}` })) });
  await producer.disconnect();
  await broker.stop({ keepData: true });

  broker = await startTestBroker({ dataDir });
  kafka = client(broker.bootstrap);
  try {
    const values = await readAll(kafka, 'restart', 500);
    assert.equal(new Set(values).size, 500);
    const admin2 = kafka.admin();
    await admin2.connect();
    const after = (await admin2.fetchTopicMetadata({ topics: ['restart'] })).topics[0]!;
    assert.equal(after.partitions.length, before.partitions.length);
    await admin2.disconnect();
  } finally {
    await broker.stop();
  }
});

test('kill -9 during produce loses no acknowledged record', async () => {
  let broker = await startChildBroker();
  const acknowledged: string[] = [];
  let producer: Producer | null = client(broker.bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let stop = false;
  const sending = (async () => {
    for (let i = 0; !stop; i++) {
      const batch = Array.from({ length: 20 }, (_, j) => `r${i}-${j}`);
      try {
        await producer!.send({ topic: 'crash', acks: -1, messages: batch.map((value) => ({ value })) });
        acknowledged.push(...batch);
      } catch {
        return; // the broker died under us: everything not acknowledged may be lost
      }
    }
  })();
  await waitFor('2000 acknowledged records', () => acknowledged.length >= 2000, 60_000, 20);
  await broker.kill9();
  stop = true;
  await sending;
  await producer.disconnect().catch(() => undefined);
  producer = null;

  broker = await broker.restart();
  try {
    const values = await readAll(client(broker.bootstrap), 'crash', acknowledged.length);
    const present = new Set(values);
    const missing = acknowledged.filter((v) => !present.has(v));
    assert.deepEqual(missing, [], `${missing.length} acknowledged records lost`);
  } finally {
    await broker.stop();
  }
});

test('a torn .log tail is truncated and deleted indexes are rebuilt', async () => {
  let broker = await startChildBroker();
  const kafka = client(broker.bootstrap);
  const producer = kafka.producer();
  await producer.connect();
  const t0 = Date.now() - 100_000;
  // 100 single-record batches, each big enough for the sparse index to get entries.
  for (let i = 0; i < 100; i++) await producer.send({ topic: 'torn', messages: [{ value: `${i}:`.padEnd(5000, 'x'), timestamp: String(t0 + i * 1000) }] });
  await producer.disconnect();
  await broker.kill9();

  const dir = join(broker.dataDir, 'torn-0');
  const log = readdirSync(dir).find((f) => f.endsWith('.log'))!;
  const size = statSync(join(dir, log)).size;
  truncateSync(join(dir, log), size - 1000); // cut the last batch in half
  for (const f of readdirSync(dir)) if (f.endsWith('.index') || f.endsWith('.timeindex')) unlinkSync(join(dir, f));

  broker = await broker.restart();
  try {
    const kafka2 = client(broker.bootstrap);
    const admin = kafka2.admin();
    await admin.connect();
    const [offsets] = await admin.fetchTopicOffsets('torn');
    assert.equal(offsets!.high, '99', 'the torn 100th batch is gone, the 99 whole ones stay');
    const [byTime] = await admin.fetchTopicOffsetsByTimestamp('torn', t0 + 50_500);
    assert.equal(byTime!.offset, '51', 'the rebuilt time index answers lookups');
    await admin.disconnect();
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.index')), 'offset index rebuilt');
    const values = await readAll(kafka2, 'torn', 99);
    assert.deepEqual(values.map((v) => Number(v.split(':')[0])), Array.from({ length: 99 }, (_, i) => i));
    const p2 = kafka2.producer();
    await p2.connect();
    const [meta] = await p2.send({ topic: 'torn', messages: [{ value: 'after-recovery' }] });
    await p2.disconnect();
    assert.equal(meta!.baseOffset, '99', 'appends continue right after the last whole batch');
    assert.ok(existsSync(dir));
  } finally {
    await broker.stop();
  }
});

// A crash in the middle of a segment swap must leave a log that loads consistently: the broker runs as a
// child process whose cleaner kills it (SIGKILL, no shutdown hooks) at a chosen point of the swap, then
// a fresh broker on the same data dir recovers and finishes compacting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { startChildBroker, type ChildBroker } from '../../helpers/broker.js';
import { eventually, readToEnd } from './support.js';

const { Kafka, logLevel } = kafkajs;
const OVERRIDES = ['--override', 'log.cleaner.backoff.ms=50', '--override', 'log.retention.check.interval.ms=100'];

function client(b: ChildBroker) {
  return new Kafka({ clientId: 'crash-test', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
}

for (const point of ['after-cleaned-written', 'after-swap-rename', 'after-old-deleted'] as const) {
  test(`crash at ${point}: the log reloads consistently and compaction completes`, async () => {
    process.env.KAFKADESK_TEST_CLEANER_CRASH_AT = point;
    let broker: ChildBroker;
    try {
      broker = await startChildBroker({ extraArgs: OVERRIDES });
    } finally {
      delete process.env.KAFKADESK_TEST_CLEANER_CRASH_AT; // only the first broker process crashes
    }
    try {
      let kafka = client(broker);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'crash', numPartitions: 1, configEntries: [
        { name: 'segment.bytes', value: '1024' }, { name: 'segment.ms', value: '60000' }, { name: 'file.delete.delay.ms', value: '60000' },
      ] }] });
      const producer = kafka.producer();
      await producer.connect();
      const produced = new Map<number, [string, string]>();
      const latest = new Map<string, number>();
      for (let i = 0; i < 30; i++) {
        for (const k of ['a', 'b', 'c']) {
          const [meta] = await producer.send({ topic: 'crash', messages: [{ key: k, value: `${k}${i}` }] });
          const offset = Number(meta?.baseOffset);
          produced.set(offset, [k, `${k}${i}`]);
          latest.set(k, offset);
        }
      }
      // A record two minutes newer rolls the active segment (segment.ms), so every update is cleanable.
      const [end] = await producer.send({ topic: 'crash', messages: [{ key: 'end', value: 'end', timestamp: String(Date.now() + 120_000) }] });
      produced.set(Number(end?.baseOffset), ['end', 'end']);
      latest.set('end', Number(end?.baseOffset));
      await producer.disconnect();
      // Turning compaction on lets the cleaner start; it kills the broker at the chosen point.
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'crash', configEntries: [
        { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' }, { name: 'min.cleanable.dirty.ratio', value: '0.01' },
        { name: 'file.delete.delay.ms', value: '60000' }, { name: 'segment.ms', value: '60000' },
      ] }] });
      await admin.disconnect().catch(() => {});
      await eventually('the broker to die mid-swap', () => broker.child.exitCode !== null || broker.child.signalCode !== null, 20_000);
      const dir = join(broker.dataDir, 'crash-0');
      const leftovers = readdirSync(dir).filter((f) => /\.(cleaned|swap|deleted)$/.test(f));
      assert.ok(leftovers.length > 0, `the crash left swap files behind (${point})`);

      broker = await broker.restart();
      assert.deepEqual(readdirSync(dir).filter((f) => /\.(cleaned|swap)$/.test(f)), [], 'recovery completed or discarded the swap');
      kafka = client(broker);
      // Whatever mix of cleaned and uncleaned segments the crash left, every record read is one that was
      // produced at that offset, offsets increase, and the latest record of every key is there.
      const expectedLatest = [...latest.values()].sort((x, y) => x - y);
      const seenNow = await readToEnd(kafka, 'crash');
      assert.ok(expectedLatest.every((o) => seenNow.some((r) => r.offset === o)), 'the latest record of every key survived the crash');
      for (const r of seenNow) assert.deepEqual([r.key, r.value], produced.get(r.offset), `offset ${r.offset}`);
      // The restarted broker's cleaner finishes the job: exactly the latest record per key remains.
      const final = await eventually('compaction to complete after restart', async () => {
        const got = await readToEnd(kafka, 'crash');
        return got.length === expectedLatest.length ? got : undefined;
      }, 20_000);
      assert.deepEqual(final.map((r) => r.offset).sort((x, y) => x - y), expectedLatest);
      for (const r of final) assert.deepEqual([r.key, r.value], produced.get(r.offset));
    } finally {
      await broker.stop();
    }
  });
}

/**
 * The manual roll ("Roll segment" in the GUI): a new segment file at the log end, offsets continue across it, the
 * data survives a restart, and the cleaner can then compact what the active segment held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readToEnd, startLmBroker } from './support.js';

const logFile = (base: number): string => `${String(base).padStart(20, '0')}.log`;

test('rollSegment starts a new segment at the log end; offsets continue and data is intact after a restart', async () => {
  let broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'roll-me', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = broker.kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'roll-me', messages: [0, 1, 2].map((i) => ({ key: `k${i}`, value: `v${i}` })) });

    assert.equal(broker.handle.insight.listSegments('roll-me', 0)?.length, 1);
    const rolled = broker.handle.insight.rollSegment('roll-me', 0);
    assert.deepEqual(rolled, { rolled: true, activeBaseOffset: 3 });
    const segments = broker.handle.insight.listSegments('roll-me', 0) ?? [];
    assert.deepEqual(segments.map((s) => [s.baseOffset, s.isActive]), [[0, false], [3, true]]);
    const dir = join(broker.dataDir, 'roll-me-0');
    assert.ok(existsSync(join(dir, logFile(3))), 'the new active segment has its own file');

    // An empty active segment is not rolled again.
    assert.deepEqual(broker.handle.insight.rollSegment('roll-me', 0), { rolled: false, activeBaseOffset: 3 });
    assert.equal(broker.handle.insight.rollSegment('roll-me', 7), null);
    assert.equal(broker.handle.insight.rollSegment('no-such-topic', 0), null);

    const [meta] = await producer.send({ topic: 'roll-me', messages: [{ key: 'k3', value: 'v3' }] });
    assert.equal(meta?.baseOffset, '3', 'offsets continue in the new segment');
    await producer.disconnect();

    broker = await broker.restart();
    assert.deepEqual(broker.handle.insight.listSegments('roll-me', 0)?.map((s) => s.baseOffset), [0, 3]);
    const records = await readToEnd(broker.kafka, 'roll-me');
    assert.deepEqual(records.map((r) => [r.offset, r.key, r.value]), [[0, 'k0', 'v0'], [1, 'k1', 'v1'], [2, 'k2', 'v2'], [3, 'k3', 'v3']]);
  } finally {
    await broker.stop();
  }
});

test('a compacted partition with only its active segment cleans nothing until it is rolled', async () => {
  const broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'roll-compact', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    await admin.disconnect();
    const producer = broker.kafka.producer();
    await producer.connect();
    for (let i = 0; i < 6; i++) await producer.send({ topic: 'roll-compact', messages: [{ key: 'same', value: `v${i}` }] });
    await producer.disconnect();

    const idle = await broker.handle.insight.compactNow('roll-compact', 0);
    assert.equal(idle?.segmentsRewritten ?? 0, 0, 'the active segment is never cleaned');
    assert.equal(broker.handle.insight.rollSegment('roll-compact', 0)?.rolled, true);
    const run = await broker.handle.insight.compactNow('roll-compact', 0);
    assert.ok(run, 'after the roll the cleaner has a closed segment to clean');
    assert.equal(run.recordsAfter, 1);
  } finally {
    await broker.stop();
  }
});

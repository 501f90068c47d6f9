import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { consumeAll, eventually, startLmBroker } from './support.js';

const HOUR = 3_600_000;

/** kafkajs's KafkaJSDeleteTopicRecordsError (possibly wrapped as the cause of a non-retriable error). */
interface PartitionErrors { partitions?: { error?: { type?: string } }[] }

test('retention.ms: expired segments go through .deleted, the log start offset moves, consumers see the rest', async () => {
  const broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'ret-ms', numPartitions: 1, configEntries: [
      { name: 'retention.ms', value: '60000' }, { name: 'segment.ms', value: '60000' }, { name: 'file.delete.delay.ms', value: '400' },
    ] }] });
    const producer = broker.kafka.producer();
    await producer.connect();
    const old = Date.now() - 2 * HOUR;
    // Two old batches (one segment: they are 1 ms apart), then a new batch: 2 h newer, so the log rolls first.
    await producer.send({ topic: 'ret-ms', messages: Array.from({ length: 5 }, (_, i) => ({ value: `old-${i}`, timestamp: String(old) })) });
    await producer.send({ topic: 'ret-ms', messages: Array.from({ length: 5 }, (_, i) => ({ value: `old-${5 + i}`, timestamp: String(old + 1) })) });
    await producer.send({ topic: 'ret-ms', messages: Array.from({ length: 3 }, (_, i) => ({ value: `new-${i}` })) });
    const dir = join(broker.dataDir, 'ret-ms-0');
    const sawDeleted = await eventually('a .deleted segment file', () => readdirSync(dir).some((f) => f === '00000000000000000000.log.deleted'));
    assert.ok(sawDeleted);
    await eventually('.deleted files removed after file.delete.delay.ms', () => !readdirSync(dir).some((f) => f.startsWith('00000000000000000000.')));
    const offsets = await admin.fetchTopicOffsets('ret-ms');
    assert.equal(offsets[0]?.low, '10');
    assert.equal(offsets[0]?.high, '13');
    const seen = await consumeAll(broker.kafka, 'ret-ms', 3);
    assert.deepEqual(seen.map((r) => [r.offset, r.value]), [[10, 'new-0'], [11, 'new-1'], [12, 'new-2']]);
    // The GUI's view: the remaining segment expires retention.ms after its newest record.
    const view = broker.handle.insight.logManagement('ret-ms', 0);
    const newest = view?.segments[0]?.lastTimestamp ?? 0;
    assert.equal(view?.segments[0]?.deletableNow, false);
    assert.equal(view?.segments[0]?.expiresAt, newest + 60_001);
    assert.equal(view?.nextRetentionAt, newest + 60_001);
    const events: string[] = [];
    broker.handle.events.on('event', (e) => events.push(e.type));

    // Everything expired, including the active segment: Kafka rolls a new empty segment first.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'ret-ms', configEntries: [{ name: 'retention.ms', value: '1' }] }] });
    await eventually('the whole log expired', async () => (await admin.fetchTopicOffsets('ret-ms'))[0]?.low === '13');
    const insight = broker.handle.insight.logManagement('ret-ms', 0);
    assert.equal(insight?.segments.length, 1);
    assert.equal(insight?.segments[0]?.baseOffset, 13);
    assert.equal(insight?.segments[0]?.sizeBytes, 0);
    assert.ok(events.includes('segments-deleted'));
    await producer.disconnect();
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
});

test('retention.bytes: oldest segments are deleted while the log is larger than the limit', async () => {
  const broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'ret-bytes', numPartitions: 1, configEntries: [
      { name: 'segment.bytes', value: '1024' }, { name: 'retention.bytes', value: '3000' }, { name: 'file.delete.delay.ms', value: '0' },
    ] }] });
    const producer = broker.kafka.producer();
    await producer.connect();
    for (let i = 0; i < 60; i++) await producer.send({ topic: 'ret-bytes', messages: [{ key: `k${i}`, value: `value-${i}-${'x'.repeat(80)}` }] });
    const info = await eventually('retention.bytes enforced', () => {
      const lm = broker.handle.insight.logManagement('ret-bytes', 0);
      return lm && lm.logStartOffset > 0 && lm.sizeBytes - (lm.segments[0]?.sizeBytes ?? 0) < 3000 ? lm : undefined;
    });
    assert.ok(info.sizeBytes >= 3000, `kept at least retention.bytes (${info.sizeBytes})`);
    assert.equal(info.logStartOffset, info.segments[0]?.baseOffset);
    const files = readdirSync(join(broker.dataDir, 'ret-bytes-0')).filter((f) => f.endsWith('.log'));
    assert.equal(files.length, info.segments.length, 'one .log per remaining segment on disk');
    const offsets = await admin.fetchTopicOffsets('ret-bytes');
    assert.equal(offsets[0]?.low, String(info.logStartOffset));
    const seen = await consumeAll(broker.kafka, 'ret-bytes', 60 - info.logStartOffset);
    assert.deepEqual(seen.map((r) => r.offset), Array.from({ length: 60 - info.logStartOffset }, (_, i) => info.logStartOffset + i));
    await producer.disconnect();
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
});

test('DeleteRecords moves the log start offset; ListOffsets earliest and consumers follow; compact-only topics refuse', async () => {
  const broker = await startLmBroker();
  try {
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [
      { topic: 'dr', numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '1024' }] },
      { topic: 'dr-compact', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ] });
    const producer = broker.kafka.producer();
    await producer.connect();
    for (let i = 0; i < 20; i++) await producer.send({ topic: 'dr', messages: [{ key: `k${i}`, value: `v${i}-${'y'.repeat(100)}` }] });
    await producer.send({ topic: 'dr-compact', messages: [{ key: 'a', value: '1' }] });
    const segmentsBefore = broker.handle.insight.listSegments('dr', 0)?.length ?? 0;
    assert.ok(segmentsBefore > 3);
    // kafkajs looks partition leaders up in its cached metadata only: load it first.
    await admin.fetchTopicMetadata({ topics: ['dr', 'dr-compact'] });
    await admin.deleteTopicRecords({ topic: 'dr', partitions: [{ partition: 0, offset: '12' }] });
    let offsets = await admin.fetchTopicOffsets('dr');
    assert.equal(offsets[0]?.low, '12');
    const segs = broker.handle.insight.listSegments('dr', 0) ?? [];
    assert.ok(segs.length < segmentsBefore, 'segments wholly below the new start are gone');
    assert.ok((segs[0]?.baseOffset ?? 99) <= 12);
    const seen = await consumeAll(broker.kafka, 'dr', 8);
    assert.equal(seen[0]?.offset, 12);
    assert.equal(seen.length, 8);

    await admin.deleteTopicRecords({ topic: 'dr', partitions: [{ partition: 0, offset: '-1' }] });
    offsets = await admin.fetchTopicOffsets('dr');
    assert.equal(offsets[0]?.low, '20');
    assert.equal(offsets[0]?.high, '20');

    await admin.fetchTopicMetadata({ topics: ['dr-compact'] });
    await assert.rejects(admin.deleteTopicRecords({ topic: 'dr-compact', partitions: [{ partition: 0, offset: '1' }] }),
      (err: PartitionErrors & { cause?: PartitionErrors }) => (err.partitions ?? err.cause?.partitions)?.[0]?.error?.type === 'POLICY_VIOLATION');
    await producer.disconnect();
    await admin.disconnect();
  } finally {
    await broker.stop();
  }
});

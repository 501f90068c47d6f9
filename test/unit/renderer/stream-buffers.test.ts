// Bounded buffers behind the live views (throughput chart, live tail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendSamples } from '../../../renderer/src/features/overview/stores/overview.js';
import { prependNewestFirst } from '../../../renderer/src/features/messages/stores/message-tail.js';
import type { KafkaMessage } from '../../../src-common/contract/messages.js';

const sample = (at: number) => ({ at, produceRecords: at, produceBytes: 0, fetchBytes: 0 });
const record = (offset: number): KafkaMessage => ({ partition: 0, offset, timestamp: offset, timestampType: 'create', key: null, value: null, headers: [], size: 0 });

test('throughput samples: ordered, no duplicates from overlapping history, bounded', () => {
  let samples = appendSamples([], [sample(1), sample(2)]);
  samples = appendSamples(samples, [sample(2), sample(3)]); // history overlapping the stream
  assert.deepEqual(samples.map((s) => s.at), [1, 2, 3]);
  const same = appendSamples(samples, [sample(1)]);
  assert.equal(same, samples, 'nothing new keeps the same array (no re-render)');
  assert.deepEqual(appendSamples(samples, [sample(4), sample(5)], 3).map((s) => s.at), [3, 4, 5]);
});

test('tail buffer: newest first across batches, oldest dropped beyond the limit', () => {
  let buffer = prependNewestFirst([], [record(1), record(2)]);
  buffer = prependNewestFirst(buffer, [record(3)]);
  assert.deepEqual(buffer.map((m) => m.offset), [3, 2, 1]);
  assert.deepEqual(prependNewestFirst(buffer, [record(4), record(5)], 4).map((m) => m.offset), [5, 4, 3, 2]);
});

test('activity feed: newest first, overlapping history and stream deduplicated, bounded', async () => {
  const { mergeActivity } = await import('../../../renderer/src/features/overview/stores/activity.js');
  const created = { type: 'topic-created' as const, topic: 't', topicId: 'x', partitions: 1, at: 1 };
  const rolled = { type: 'segment-rolled' as const, topic: 't', partition: 0, baseOffset: 10, at: 2 };
  let feed = mergeActivity([], [rolled]);
  feed = mergeActivity(feed, [created, rolled]);
  assert.deepEqual(feed.map((e) => e.at), [2, 1]);
  assert.equal(mergeActivity(feed, [created]), feed);
  assert.equal(mergeActivity(feed, [{ ...rolled, at: 3 }], 2).length, 2);
});

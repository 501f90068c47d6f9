// __consumer_offsets is a compacted topic: after the log cleaner dropped superseded commits and
// tombstoned groups, a restart still replays exactly the latest offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import type { EngineEvent } from '../../../src-common/engine-events.js';
import { waitFor } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { readOffsetCommitResponse, writeOffsetCommitRequest } from '../../../src-protocol/generated/08-offset-commit.js';
import { rawRequest } from './raw-client.js';
import { startGroupBroker, type GroupTestBroker } from './group-test-broker.js';

const { ConfigResourceTypes } = kafkajs;
/** A "simple" commit (no generation), as admin tools send it: OffsetCommit v8. */
async function commit(b: GroupTestBroker, groupId: string, topic: string, offsets: [number, number][]): Promise<void> {
  const r = await rawRequest(b.handle.host, b.handle.port, {
    apiKey: 8, version: 8, flexible: true,
    write: (w) => writeOffsetCommitRequest(w, 8, { groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
      topics: [{ name: topic, partitions: offsets.map(([partitionIndex, committedOffset]) => ({ partitionIndex, committedOffset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: `m${committedOffset}` })) }] }),
    read: (rd) => readOffsetCommitResponse(rd, 8),
  });
  assert.ok(r.topics[0]?.partitions.every((p) => p.errorCode === 0));
}

const cleaned = (events: EngineEvent[]): boolean =>
  events.some((e) => e.type === 'log-cleaned' && e.topic === '__consumer_offsets' && e.recordsAfter < e.recordsBefore);

test('compaction of __consumer_offsets keeps the latest commit per key; replay after it is exact', { timeout: 120_000 }, async () => {
  let b = await startGroupBroker({ configs: { 'log.cleaner.backoff.ms': '100' } });
  const { dataDir } = b;
  const topic = uniqueTopic('compact');
  await createTopic(b.bootstrap, topic, { partitions: 2 });
  let admin = b.kafka('compaction-test').admin();
  await admin.connect();
  try {
    // Tiny segments and an eager cleaner, so a few hundred commits get compacted.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: '__consumer_offsets', configEntries: [
        // AlterConfigs replaces the whole set, so the compact policy is restated.
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'segment.bytes', value: '2048' },
        { name: 'min.cleanable.dirty.ratio', value: '0.01' },
        { name: 'delete.retention.ms', value: '0' },
      ] }],
    });
    for (let i = 1; i <= 200; i++) {
      await commit(b, 'keep', topic, [[0, i], [1, 1000 + i]]);
    }
    await commit(b, 'doomed', topic, [[0, 7]]);
    await admin.deleteGroups(['doomed']);
    // More traffic so the tombstones leave the active segment.
    for (let i = 201; i <= 260; i++) await commit(b, 'keep', topic, [[0, i]]);
    await waitFor('the cleaner to compact __consumer_offsets', () => cleaned(b.events), 60_000);

    await admin.disconnect();
    await b.stop({ keepData: true });
    b = await startGroupBroker({ dataDir });
    admin = b.kafka('compaction-test-2').admin();
    await admin.connect();
    const keep = await admin.fetchOffsets({ groupId: 'keep', topics: [topic] });
    assert.deepEqual(keep[0]?.partitions.sort((x, y) => x.partition - y.partition).map((p) => [p.offset, p.metadata]), [['260', 'm260'], ['1200', 'm1200']]);
    const doomed = await admin.fetchOffsets({ groupId: 'doomed', topics: [topic] });
    assert.equal(doomed[0]?.partitions[0]?.offset, '-1');
    assert.equal(b.handle.insight.describeGroup('doomed'), null);
  } finally {
    await admin.disconnect();
    await b.stop();
  }
});

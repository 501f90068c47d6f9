/**
 * OffsetForLeaderEpoch (23) and the leader-epoch-checkpoint, Apache Kafka vs the engine: the end offset of the
 * current epoch (the log end), of an epoch above it, of an undefined one; fencing by the current leader epoch;
 * unknown topics and partitions; v2 (no replica id) to v4; and the checkpoint file each broker writes for a new
 * partition and one with data.
 */
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawApi } from '../helpers/raw-client.js';
import { waitFor } from '../helpers/clients.js';
import { uniqueTopic } from '../helpers/topics.js';
import { buildRecordBatch } from '../../src-engine/storage/records.js';
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from '../../src-protocol/generated/23-offset-for-leader-epoch.js';
import { assertSameAsKafka, createReadyTopic, onBoth, produceBatch, send, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const offsetForLeaderEpoch = rawApi<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(23);

const lookups = (topic: string): OffsetForLeaderEpochRequest['topics'] => [
  {
    topic,
    partitions: [
      { partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 },
      { partition: 1, currentLeaderEpoch: 0, leaderEpoch: 0 },
      { partition: 2, currentLeaderEpoch: -1, leaderEpoch: 1 },
      { partition: 0, currentLeaderEpoch: 3, leaderEpoch: 0 },
      { partition: 1, currentLeaderEpoch: -1, leaderEpoch: -1 },
      { partition: 9, currentLeaderEpoch: -1, leaderEpoch: 0 },
    ],
  },
  { topic: `${topic}-missing`, partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] },
];

test('OffsetForLeaderEpoch: end offsets, fencing, unknown partitions, v2-v4', { skip }, async () => {
  const topic = uniqueTopic('diff-epochs');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 3);
    const rec = (i: number): { value: Buffer } => ({ value: Buffer.from(`record ${i}`) });
    await produceBatch(t, topic, 0, buildRecordBatch({ records: [rec(0), rec(1), rec(2)] }));
    await produceBatch(t, topic, 0, buildRecordBatch({ records: [rec(3), rec(4)] }));
    await produceBatch(t, topic, 1, buildRecordBatch({ records: [rec(5)] }));
    const answers: Record<string, unknown> = {};
    for (const [version, replicaId] of [[2, -1], [3, -1], [4, -1], [4, -2]] as const) {
      const res = await send(t, offsetForLeaderEpoch, version, { replicaId, topics: lookups(topic) });
      answers[`v${version} replica ${replicaId}`] = res.topics.map((r) => ({ topic: r.topic.replace(topic, 'T'), partitions: r.partitions }));
    }
    return answers;
  });
  assertSameAsKafka(result);
});

test('leader-epoch-checkpoint: the same file for an empty partition and one with data', { skip }, async () => {
  const topic = uniqueTopic('diff-epoch-file');
  const checkpoint = (t: Target, partition: number): string => readFileSync(join(t.logDir, `${topic}-${partition}`, 'leader-epoch-checkpoint'), 'utf8');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 2);
    await produceBatch(t, topic, 1, buildRecordBatch({ records: [{ value: Buffer.from('a') }, { value: Buffer.from('b') }] }));
    // Kafka writes the file from its scheduler thread too; wait until it exists rather than race it.
    await waitFor(`${t.name}: checkpoint files`, async () => {
      try {
        checkpoint(t, 0);
        checkpoint(t, 1);
        return true;
      } catch {
        return false;
      }
    }, 10_000, 50);
    return { empty: checkpoint(t, 0), withData: checkpoint(t, 1) };
  });
  assertSameAsKafka(result);
});

// The engine tests every modern client driver runs (one test file per client names it):
// the scenarios of scenarios.ts against the in-process broker, with Kafka's behaviour as the
// expected values.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../../helpers/broker.js';
import { modernClientLabel, modernClientMissing, type ModernClient } from '../../../helpers/modern-clients.js';
import {
  adminTopicsAndConfigs,
  codecId,
  codecRoundTrip,
  codecs,
  groupCommitAndResume,
  groupRebalance,
  idempotentProduce,
  recordTooLarge,
  transactions,
  type BrokerUnderTest,
} from './scenarios.js';

export function describeModernClient(client: ModernClient): void {
  describe(modernClientLabel[client], { skip: modernClientMissing(client) ?? false }, () => {
    let broker: TestBroker;
    let target: BrokerUnderTest;
    before(async () => {
      broker = await startTestBroker();
      target = { bootstrap: broker.bootstrap, logDir: broker.dataDir };
    });
    after(async () => {
      await broker?.stop();
    });

    for (const compression of codecs) {
      test(`round trip with ${compression}: keys, null keys and values, empty and binary bytes, headers, byte-exact`, { timeout: 120_000 }, async () => {
        const o = await codecRoundTrip(client, target, compression);
        assert.deepEqual(o.produced, o.sent.map((_, i) => ({ partition: 0, offset: i })));
        assert.equal(o.timedOut, false);
        assert.deepEqual(o.consumed, o.sent);
        assert.deepEqual(o.storedCompressionCodecs, compression === 'none' ? [] : [codecId[compression]], 'batches stored with the codec the client used');
      });
    }

    test('idempotent producer: one producer id, epoch 0, gap-free sequences, every record once', { timeout: 120_000 }, async () => {
      const o = await idempotentProduce(client, target);
      assert.deepEqual(o.produced, Array.from({ length: 30 }, (_, i) => ({ partition: 0, offset: i })));
      assert.deepEqual(o.values, Array.from({ length: 30 }, (_, i) => `idempotent ${i}`));
      assert.deepEqual(o.producerIds, ['P']);
      assert.deepEqual(o.producerEpochs, [0]);
      assert.equal(o.sequencesGapFree, true);
    });

    test('a record over max.message.bytes fails alone with MESSAGE_TOO_LARGE', { timeout: 120_000 }, async () => {
      const o = await recordTooLarge(client, target);
      assert.deepEqual(o, { big: [10], small: [{ partition: 0, offset: 0 }] });
    });

    test('transactions: committed one visible to read_committed, aborted one only to read_uncommitted', { timeout: 180_000 }, async () => {
      const o = await transactions(client, target);
      // Each transaction's COMMIT/ABORT marker takes an offset: 0-2 committed, 3 marker, 4-5 aborted, 6 marker.
      assert.deepEqual(o.produced.committed, [0, 1, 2].map((offset) => ({ partition: 0, offset })));
      assert.deepEqual(o.produced.aborted, [4, 5].map((offset) => ({ partition: 0, offset })));
      assert.deepEqual(o.produced.after, [{ partition: 0, offset: 7 }]);
      assert.deepEqual(o.readCommitted, [[0, 'c0'], [1, 'c1'], [2, 'c2'], [7, 'after']]);
      assert.deepEqual(o.readUncommitted, [[0, 'c0'], [1, 'c1'], [2, 'c2'], [4, 'a0'], [5, 'a1'], [7, 'after']]);
      assert.deepEqual(o.transactionalOffsets, [0, 1, 2, 3, 4, 5, 6].map((offset) => [offset, true]).concat([[7, false]]));
    });

    test('consumer group: a member consumes all partitions and commits; the next member resumes after the commits', { timeout: 180_000 }, async () => {
      const o = await groupCommitAndResume(client, target);
      const expected = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, k) => from + k)
          .map((i) => `${i % 3}:${Math.floor(i / 3)}:v${i}`)
          .sort();
      assert.deepEqual(o.first, expected(0, 12));
      assert.deepEqual(o.firstAssignment, [0, 1, 2]);
      assert.deepEqual(o.firstCommits, [[0, 4], [1, 4], [2, 4]]);
      assert.deepEqual(o.second, expected(12, 18));
      assert.deepEqual(o.secondCommits, [[0, 6], [1, 6], [2, 6]]);
    });

    test('consumer group: a second member takes half the partitions; when it leaves, the first has all again', { timeout: 300_000 }, async () => {
      assert.deepEqual(await groupRebalance(client, target), { split: [2, 2], afterLeave: [0, 1, 2, 3] });
    });

    test('admin: create with configs, duplicate create, describe topic and configs, incremental alter', { timeout: 120_000 }, async () => {
      const o = await adminTopicsAndConfigs(client, target);
      assert.deepEqual(o.created, [0]);
      assert.deepEqual(o.duplicate, [36], 'TOPIC_ALREADY_EXISTS');
      assert.deepEqual(o.partitions, [[0, 1, 1], [1, 1, 1], [2, 1, 1]]);
      assert.deepEqual(o.configs, {
        'retention.ms': { value: '123456', source: 'DYNAMIC_TOPIC_CONFIG' },
        'cleanup.policy': { value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG' },
        'segment.bytes': { value: '1073741824', source: 'DEFAULT_CONFIG' },
        'max.message.bytes': { value: '1048588', source: 'DEFAULT_CONFIG' },
      });
      assert.deepEqual(o.altered, [0]);
      assert.deepEqual(o.configsAfter, {
        'retention.ms': { value: '654321', source: 'DYNAMIC_TOPIC_CONFIG' },
        'cleanup.policy': { value: 'delete', source: 'DEFAULT_CONFIG' },
        'segment.bytes': { value: '1073741824', source: 'DEFAULT_CONFIG' },
        'max.message.bytes': { value: '1048588', source: 'DEFAULT_CONFIG' },
      });
    });
  });
}

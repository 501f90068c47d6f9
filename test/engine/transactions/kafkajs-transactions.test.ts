/**
 * Transactions with kafkajs 2.2.4 (InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn and
 * TxnOffsetCommit v0-1) against the embedded broker: markers take offsets, read_committed hides
 * aborted and open data, the LSO trails the high watermark while a transaction is open, offsets
 * committed inside a transaction appear only once it commits, and the coordinator's events.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueTopic } from '../../helpers/topics.js';
import { latestOffset, readUntil, stableOffset, startTxnBroker, waitFor, type TxnBroker } from './support.js';

let broker: TxnBroker;

before(async () => {
  broker = await startTxnBroker();
});

after(async () => {
  await broker?.stop();
});

const msgs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `${prefix} value ${i}`, partition: 0 }));

describe('kafkajs transactions', () => {
  test('abort then commit: markers take offsets, read_committed sees committed records only, LSO < HW while open', async () => {
    const topic = uniqueTopic('txn-basic');
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = broker.kafka.producer({ transactionalId: `tx-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: msgs('a', 3) });
      // Open transaction: offsets 0-2 written, nothing stable yet.
      const [p0] = broker.handle.insight.partitions(topic) ?? [];
      assert.deepEqual([p0?.highWatermark, p0?.lastStableOffset], [3, 0]);
      assert.equal(await latestOffset(broker.bootstrap, topic, 1), 0, 'ListOffsets latest, read_committed = LSO');
      assert.equal(await latestOffset(broker.bootstrap, topic, 0), 3, 'ListOffsets latest, read_uncommitted = HW');
      const listed = broker.handle.insight.listTransactions().find((t) => t.transactionalId === `tx-${topic}`);
      assert.equal(listed?.state, 'Ongoing');
      assert.deepEqual(listed?.partitions, [{ topic, partitions: [0] }]);
      assert.ok((listed?.startTimestamp ?? -1) > 0);
      assert.deepEqual(broker.handle.insight.openTransactions(topic, 0)?.map((t) => t.firstOffset), [0]);
      await aborted.abort();
      // 3 = the ABORT marker.
      assert.equal(await latestOffset(broker.bootstrap, topic, 1), 4, 'LSO = HW once the transaction ended');

      const committed = await producer.transaction();
      const sent = await committed.send({ topic, messages: msgs('c', 2) });
      assert.equal(sent[0]?.baseOffset, '4', 'the abort marker took offset 3');
      await committed.commit();
      // 6 = the COMMIT marker.
    } finally {
      await producer.disconnect();
    }
    const plain = broker.kafka.producer();
    await plain.connect();
    const [meta] = await plain.send({ topic, messages: [{ key: 'end', value: 'end', partition: 0 }] });
    await plain.disconnect();
    assert.equal(meta?.baseOffset, '7', 'the commit marker took offset 6');
    const offsets = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(offsets.map((o) => [o.low, o.high]), [['0', '8']]);
    await admin.disconnect();

    const rc = await readUntil(broker.kafka, topic, 'end', false);
    assert.deepEqual(rc, [{ offset: 4, key: 'c0' }, { offset: 5, key: 'c1' }, { offset: 7, key: 'end' }]);
    const ru = await readUntil(broker.kafka, topic, 'end', true);
    assert.deepEqual(ru.map((s) => s.offset), [0, 1, 2, 4, 5, 7]);

    const mine = broker.events.filter((e) => 'transactionalId' in e && e.transactionalId === `tx-${topic}`).map((e) => e.type);
    assert.deepEqual(mine, ['transaction-begun', 'transaction-aborted', 'transaction-begun', 'transaction-committed']);
  });

  test('sendOffsets: TxnOffsetCommit offsets reach OffsetFetch only when the transaction commits', async () => {
    const topic = uniqueTopic('txn-offsets');
    const groupId = `g-${topic}`;
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = broker.kafka.producer({ transactionalId: `tx-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const fetched = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
    try {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: msgs('x', 2) });
      await txn.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '5' }] }] });
      const listed = broker.handle.insight.listTransactions().find((t) => t.transactionalId === `tx-${topic}`);
      assert.deepEqual(listed?.groupIds, [groupId]);
      assert.ok(listed?.partitions.some((p) => p.topic === '__consumer_offsets'), 'the group\'s offsets partition is in the transaction');
      assert.equal(await fetched(), '-1', 'pending offsets are invisible');
      assert.deepEqual(await stableOffset(broker.bootstrap, groupId, topic), [88, -1], 'require_stable: UNSTABLE_OFFSET_COMMIT');
      await txn.commit();
      assert.equal(await fetched(), '5');
      assert.deepEqual(await stableOffset(broker.bootstrap, groupId, topic), [0, 5]);

      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: msgs('y', 1) });
      await aborted.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '9' }] }] });
      await aborted.abort();
      assert.equal(await fetched(), '5', 'an aborted transaction\'s offsets are dropped');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  test('a second instance with the same transactional id fences the first and aborts its open transaction', async () => {
    const topic = uniqueTopic('txn-fence');
    const admin = broker.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const transactionalId = `tx-${topic}`;
    const first = broker.kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 } });
    const second = broker.kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await first.connect();
    await second.connect();
    try {
      const zombie = await first.transaction();
      await zombie.send({ topic, messages: msgs('z', 2) });
      const before = broker.handle.insight.listTransactions().find((t) => t.transactionalId === transactionalId);
      // The second instance's InitProducerId aborts the zombie's transaction (one epoch bump) and takes the next epoch.
      const txn = await second.transaction();
      const now = broker.handle.insight.listTransactions().find((t) => t.transactionalId === transactionalId);
      assert.equal(now?.producerId, before?.producerId);
      assert.equal(now?.producerEpoch, (before?.producerEpoch ?? 0) + 2);
      assert.equal(await latestOffset(broker.bootstrap, topic, 1), 3, 'the zombie\'s records were aborted (marker at 2)');
      await assert.rejects(zombie.send({ topic, messages: msgs('late', 1) }), /epoch|fenced/i);
      await assert.rejects(zombie.commit(), /epoch|fenced|transaction/i);
      await txn.send({ topic, messages: [{ key: 'end', value: 'end', partition: 0 }] });
      await txn.commit();
    } finally {
      await first.disconnect();
      await second.disconnect();
    }
    const rc = await readUntil(broker.kafka, topic, 'end', false);
    assert.deepEqual(rc, [{ offset: 3, key: 'end' }]);
  });

  test('a transaction past transaction.timeout.ms is aborted with a bumped epoch; the zombie is fenced', async () => {
    const topic = uniqueTopic('txn-timeout');
    const transactionalId = `tx-${topic}`;
    const producer = broker.kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 1000, retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 } });
    await producer.connect();
    try {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: msgs('t', 2) });
      const epoch = broker.handle.insight.listTransactions().find((t) => t.transactionalId === transactionalId)?.producerEpoch ?? -1;
      const timedOut = await waitFor('transaction-timed-out', () =>
        broker.events.find((e) => e.type === 'transaction-timed-out' && e.transactionalId === transactionalId), 10_000);
      assert.ok(timedOut.type === 'transaction-timed-out');
      assert.equal(timedOut.producerEpoch, epoch + 1, 'the abort bumped the epoch');
      assert.deepEqual(timedOut.partitions, [{ topic, partitions: [0] }]);
      const listed = broker.handle.insight.listTransactions().find((t) => t.transactionalId === transactionalId);
      assert.deepEqual([listed?.state, listed?.producerEpoch], ['CompleteAbort', epoch + 1]);
      assert.equal(await latestOffset(broker.bootstrap, topic, 1), 3, 'records 0-1 aborted, marker at 2');
      await assert.rejects(txn.send({ topic, messages: msgs('zombie', 1) }), /epoch|fenced/i);
      await assert.rejects(txn.commit(), /epoch|fenced|transaction/i);
    } finally {
      await producer.disconnect();
    }
    const plain = broker.kafka.producer();
    await plain.connect();
    await plain.send({ topic, messages: [{ key: 'end', value: 'end', partition: 0 }] });
    await plain.disconnect();
    assert.deepEqual(await readUntil(broker.kafka, topic, 'end', false), [{ offset: 3, key: 'end' }]);
    assert.deepEqual((await readUntil(broker.kafka, topic, 'end', true)).map((s) => s.key), ['t0', 't1', 'end']);
  });
});

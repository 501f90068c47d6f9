/**
 * Transactions across a broker restart: the coordinator's state comes back from
 * `__transaction_state` and the partitions' open transactions from their producer state, so an
 * EndTxn sent after the restart writes the markers of partitions added before it, and a
 * transaction that was open at shutdown still times out.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndTxnRequest, EndTxnResponse } from '../../../src-protocol/generated/26-end-txn.js';
import { tempDataDir } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { latestOffset, readUntil, startTxnBroker, waitFor, type TxnBroker } from './support.js';

let broker: TxnBroker | undefined;

after(async () => {
  await broker?.stop();
});

test('restart mid-transaction: state is replayed, EndTxn after the restart commits, an open transaction still times out', async () => {
  const dataDir = tempDataDir('kafkadesk-txn-restart-');
  broker = await startTxnBroker(dataDir);
  const topic = uniqueTopic('txn-restart');
  const admin = broker.kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }, { topic: `${topic}-o`, numPartitions: 1 }] });
  await admin.disconnect();

  const committer = broker.kafka.producer({ transactionalId: `commit-${topic}`, idempotent: true, maxInFlightRequests: 1 });
  const abandoned = broker.kafka.producer({ transactionalId: `abandon-${topic}`, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 3000 });
  await committer.connect();
  await abandoned.connect();
  const t1 = await committer.transaction();
  await t1.send({ topic, messages: [0, 1, 2].map((i) => ({ key: `k${i}`, value: `v${i}`, partition: 0 })) });
  const t2 = await abandoned.transaction();
  await t2.send({ topic, messages: [{ key: 'lost', value: 'lost', partition: 0 }] });
  // A third transaction sent group offsets: they are transactional records in __consumer_offsets and come back pending.
  const withOffsets = broker.kafka.producer({ transactionalId: `offsets-${topic}-o`, idempotent: true, maxInFlightRequests: 1 });
  await withOffsets.connect();
  const t4 = await withOffsets.transaction();
  await t4.send({ topic: `${topic}-o`, messages: [{ key: 'o', value: 'o', partition: 0 }] });
  await t4.sendOffsets({ consumerGroupId: `g-${topic}`, topics: [{ topic: `${topic}-o`, partitions: [{ partition: 0, offset: '1' }] }] });
  const offsetsEpoch = broker.handle.insight.listTransactions().find((t) => t.transactionalId === `offsets-${topic}-o`)?.producerEpoch ?? -1;
  const before = broker.handle.insight.listTransactions().filter((t) => t.transactionalId.endsWith(topic));
  await committer.disconnect();
  await abandoned.disconnect();
  await withOffsets.disconnect();
  await broker.stop({ keepData: true });

  broker = await startTxnBroker(dataDir);
  const afterRestart = broker.handle.insight.listTransactions().filter((t) => t.transactionalId.endsWith(topic));
  assert.deepEqual(
    afterRestart.map((t) => [t.transactionalId, t.state, t.producerId, t.producerEpoch, t.partitions, t.startTimestamp, t.timeoutMs]),
    before.map((t) => [t.transactionalId, t.state, t.producerId, t.producerEpoch, t.partitions, t.startTimestamp, t.timeoutMs]),
  );
  assert.deepEqual(afterRestart.map((t) => t.state), ['Ongoing', 'Ongoing']);
  const offsetsTxn = broker.handle.insight.listTransactions().find((t) => t.transactionalId === `offsets-${topic}-o`);
  assert.deepEqual([offsetsTxn?.state, offsetsTxn?.producerEpoch, offsetsTxn?.groupIds], ['Ongoing', offsetsEpoch, [`g-${topic}`]]);
  assert.deepEqual(broker.handle.insight.partitions(`${topic}-o`)?.map((p) => [p.highWatermark, p.lastStableOffset]), [[1, 0]]);
  const [p0] = broker.handle.insight.partitions(topic) ?? [];
  assert.deepEqual([p0?.highWatermark, p0?.lastStableOffset], [4, 0], 'the open transactions still hold the LSO back');

  // The first producer is gone; its transaction is committed by id/epoch over the wire (as a restarted client would retry EndTxn).
  const tx = afterRestart.find((t) => t.transactionalId === `commit-${topic}`);
  assert.ok(tx);
  const raw = await RawClient.connect('127.0.0.1', broker.handle.port);
  try {
    const res = await raw.send(rawApi<EndTxnRequest, EndTxnResponse>(26), 1, { transactionalId: tx.transactionalId, producerId: tx.producerId, producerEpoch: tx.producerEpoch, committed: true });
    assert.equal(res.errorCode, 0);
  } finally {
    raw.close();
  }
  assert.equal(broker.handle.insight.openTransactions(topic, 0)?.length, 1, 'only the abandoned transaction is still open');
  const groupOffset = async (b: TxnBroker) => {
    const admin2 = b.kafka.admin();
    await admin2.connect();
    try {
      return (await admin2.fetchOffsets({ groupId: `g-${topic}`, topics: [`${topic}-o`] }))[0]?.partitions[0]?.offset;
    } finally {
      await admin2.disconnect();
    }
  };
  assert.equal(await groupOffset(broker), '-1', 'still pending after the restart');
  const raw2 = await RawClient.connect('127.0.0.1', broker.handle.port);
  try {
    const res = await raw2.send(rawApi<EndTxnRequest, EndTxnResponse>(26), 1, { transactionalId: `offsets-${topic}-o`, producerId: offsetsTxn?.producerId ?? -1, producerEpoch: offsetsEpoch, committed: true });
    assert.equal(res.errorCode, 0);
  } finally {
    raw2.close();
  }
  assert.equal(await groupOffset(broker), '1', 'the offsets written before the restart committed with their transaction');

  const timedOut = await waitFor('the abandoned transaction to time out', () =>
    broker?.events.find((e) => e.type === 'transaction-timed-out' && e.transactionalId === `abandon-${topic}`), 15_000);
  assert.ok(timedOut);
  assert.equal(await latestOffset(broker.bootstrap, topic, 1), 6, 'two markers at 4 and 5; everything stable');

  const plain = broker.kafka.producer();
  await plain.connect();
  await plain.send({ topic, messages: [{ key: 'end', value: 'end', partition: 0 }] });
  await plain.disconnect();
  assert.deepEqual(await readUntil(broker.kafka, topic, 'end', false), [
    { offset: 0, key: 'k0' }, { offset: 1, key: 'k1' }, { offset: 2, key: 'k2' }, { offset: 6, key: 'end' },
  ]);

  // A new instance of the committed id starts from the replayed epoch.
  const again = broker.kafka.producer({ transactionalId: `commit-${topic}`, idempotent: true, maxInFlightRequests: 1 });
  await again.connect();
  const t3 = await again.transaction();
  await t3.send({ topic, messages: [{ key: 'k3', value: 'v3', partition: 0 }] });
  await t3.commit();
  await again.disconnect();
  const now = broker.handle.insight.listTransactions().find((t) => t.transactionalId === `commit-${topic}`);
  assert.deepEqual([now?.producerId, now?.producerEpoch, now?.state], [tx.producerId, tx.producerEpoch + 1, 'CompleteCommit']);

  // An aborted transaction's offsets stay in the log but never count, live or on replay.
  const offsetsAgain = broker.kafka.producer({ transactionalId: `offsets-${topic}-o`, idempotent: true, maxInFlightRequests: 1 });
  await offsetsAgain.connect();
  const t5 = await offsetsAgain.transaction();
  await t5.sendOffsets({ consumerGroupId: `g-${topic}`, topics: [{ topic: `${topic}-o`, partitions: [{ partition: 0, offset: '7' }] }] });
  await t5.abort();
  await offsetsAgain.disconnect();
  assert.equal(await groupOffset(broker), '1');

  // The group coordinator's replay counts the transactional offsets from their COMMIT marker only.
  await broker.stop({ keepData: true });
  broker = await startTxnBroker(dataDir);
  assert.equal(await groupOffset(broker), '1');
});

test('transactional.id.expiration.ms: an idle id is forgotten with a tombstone that a restart replays', async () => {
  const dataDir = tempDataDir('kafkadesk-txn-expire-');
  const expiring = { 'transactional.id.expiration.ms': '300' };
  let b = await startTxnBroker(dataDir, 0, expiring);
  try {
    const topic = uniqueTopic('txn-expire');
    const producer = b.kafka.producer({ transactionalId: `expire-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic, messages: [{ key: 'k', value: 'v', partition: 0 }] });
    await txn.commit();
    await producer.disconnect();
    const current = b;
    await waitFor('the id to expire', () => !current.handle.insight.listTransactions().some((t) => t.transactionalId === `expire-${topic}`), 10_000);
    await b.stop({ keepData: true });
    // Restarted without the short expiration: only the tombstone can explain the id's absence.
    b = await startTxnBroker(dataDir);
    assert.equal(b.handle.insight.listTransactions().some((t) => t.transactionalId === `expire-${topic}`), false);
  } finally {
    await b.stop();
  }
});

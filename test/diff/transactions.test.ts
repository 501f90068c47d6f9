/**
 * Transactions, Apache Kafka vs the engine, through kafkajs's transactional producer: commit and
 * abort, the offsets the markers take, the LSO and aborted-transaction list read_committed sees,
 * ListOffsets per isolation level and offsets committed inside a transaction. Producer ids are the
 * broker's own and are replaced by P0, P1, ... in order of appearance.
 */
import { test } from 'node:test';
import kafkajs from 'kafkajs';
import { waitFor } from '../helpers/clients.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { api, assertSameAsKafka, fetchPartition, onBoth, send, skip, usePair, type Target } from './harness.js';

const { Kafka, logLevel } = kafkajs;
const pair = usePair();

/**
 * Kafka's EndTxn answers once the outcome is logged and writes the markers afterwards, so a
 * client waits for them: until read_committed's end (the LSO) reaches the log end.
 */
async function markersWritten(t: Target, topic: string): Promise<void> {
  await waitFor('the transaction markers', async () => (await latest(t, topic, 1)) === (await latest(t, topic, 0)), 30_000, 50);
}

/** kafkajs's admin does not retry a coordinator that is still being created; clients do. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt > 100 || !(err instanceof Error) || !('retriable' in err) || err.retriable !== true) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function latest(t: Target, topic: string, isolationLevel: number): Promise<number | undefined> {
  const res = await send(t, api.listOffsets, 7, { replicaId: -1, isolationLevel, topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }] });
  return res.topics[0]?.partitions[0]?.offset;
}

test('commit, abort, commit: marker offsets, read_committed view, LSO and ListOffsets', { skip, timeout: 180_000 }, async () => {
  const topic = uniqueTopic('diff-txn');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    const kafka = new Kafka({ clientId: 'diff-txn', brokers: [t.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const inTxn = async (values: string[], end: 'commit' | 'abort'): Promise<void> => {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: values.map((value) => ({ key: null, value })) });
      await (end === 'commit' ? txn.commit() : txn.abort());
      await markersWritten(t, topic);
    };
    await inTxn(['a', 'b'], 'commit');
    await inTxn(['c'], 'abort');
    await inTxn(['d'], 'commit');
    // An open transaction holds the LSO back.
    const open = await producer.transaction();
    await open.send({ topic, messages: [{ value: 'pending' }] });
    const whileOpen = {
      latestUncommitted: await latest(t, topic, 0),
      latestCommitted: await latest(t, topic, 1),
      readCommitted: await fetchPartition(t, topic, 0, 0, { isolationLevel: 1 }),
    };
    await open.commit();
    await markersWritten(t, topic);
    await producer.disconnect();
    const producerIds = new Map<number, string>();
    const pid = (id: number): string => {
      if (!producerIds.has(id)) producerIds.set(id, `P${producerIds.size}`);
      return producerIds.get(id) ?? String(id);
    };
    const normalise = (f: Awaited<ReturnType<typeof fetchPartition>>): unknown => ({
      ...f,
      abortedTransactions: f.abortedTransactions?.map((a) => ({ producerId: pid(a.producerId), firstOffset: a.firstOffset })) ?? null,
      // kafkajs stamps its own clock; control records carry the broker's.
      batches: f.batches.map((b) => ({ ...b, recordsSha256: '', records: b.records.map((r) => ({ ...r, timestamp: 0 })) })),
    });
    return {
      whileOpen: { ...whileOpen, readCommitted: normalise(whileOpen.readCommitted) },
      uncommitted: normalise(await fetchPartition(t, topic, 0, 0, { isolationLevel: 0 })),
      committed: normalise(await fetchPartition(t, topic, 0, 0, { isolationLevel: 1 })),
      latestUncommitted: await latest(t, topic, 0),
      latestCommitted: await latest(t, topic, 1),
    };
  });
  assertSameAsKafka(result);
});

test('offsets committed inside a transaction count only once it commits', { skip, timeout: 180_000 }, async () => {
  const topic = uniqueTopic('diff-txn-offsets');
  const groupId = uniqueTopic('diff-txn-group');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    const kafka = new Kafka({ clientId: 'diff-txn', brokers: [t.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    const committed = async (): Promise<string[]> =>
      (await retrying(() => admin.fetchOffsets({ groupId, topics: [topic] }))).flatMap((o) => o.partitions.map((p) => `${p.partition}:${p.offset}`));
    // Also waits for a fresh Kafka's group coordinator (TxnOffsetCommit is not retried by kafkajs).
    const before = await committed();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ value: 'x' }] });
    await aborted.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '5' }] }] });
    await aborted.abort();
    await markersWritten(t, topic);
    const afterAbort = await committed();
    const kept = await producer.transaction();
    await kept.send({ topic, messages: [{ value: 'y' }] });
    await kept.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '7' }] }] });
    await kept.commit();
    await markersWritten(t, topic);
    const afterCommit = await committed();
    await producer.disconnect();
    await admin.disconnect();
    return { before, afterAbort, afterCommit, latest: await latest(t, topic, 1) };
  });
  assertSameAsKafka(result);
});

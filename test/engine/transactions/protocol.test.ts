/**
 * The transaction APIs on the wire, for what the real clients here never send or never get wrong:
 * Kafka's error codes per state (fencing, unknown ids, EndTxn retries), KIP-360 InitProducerId,
 * a transactional Produce to a partition outside the transaction, and the KIP-664 admin APIs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../../src-protocol/generated/22-init-producer-id.js';
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../../../src-protocol/generated/24-add-partitions-to-txn.js';
import type { EndTxnRequest, EndTxnResponse } from '../../../src-protocol/generated/26-end-txn.js';
import type { ProduceRequest, ProduceResponse } from '../../../src-protocol/generated/00-produce.js';
import type { DescribeTransactionsRequest, DescribeTransactionsResponse } from '../../../src-protocol/generated/65-describe-transactions.js';
import type { ListTransactionsRequest, ListTransactionsResponse } from '../../../src-protocol/generated/66-list-transactions.js';
import type { DescribeProducersRequest, DescribeProducersResponse } from '../../../src-protocol/generated/61-describe-producers.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { startTxnBroker, type TxnBroker } from './support.js';

const INIT = rawApi<InitProducerIdRequest, InitProducerIdResponse>(22);
const ADD = rawApi<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>(24);
const END = rawApi<EndTxnRequest, EndTxnResponse>(26);
const PRODUCE = rawApi<ProduceRequest, ProduceResponse>(0);
const DESCRIBE = rawApi<DescribeTransactionsRequest, DescribeTransactionsResponse>(65);
const LIST = rawApi<ListTransactionsRequest, ListTransactionsResponse>(66);
const PRODUCERS = rawApi<DescribeProducersRequest, DescribeProducersResponse>(61);

let broker: TxnBroker;
let raw: RawClient;

before(async () => {
  broker = await startTxnBroker();
  raw = await RawClient.connect('127.0.0.1', broker.handle.port);
});

after(async () => {
  raw?.close();
  await broker?.stop();
});

const init = (transactionalId: string, version: number, producerId = -1, producerEpoch = -1, transactionTimeoutMs = 60_000) =>
  raw.send(INIT, version, { transactionalId, transactionTimeoutMs, producerId, producerEpoch });

const add = (transactionalId: string, producerId: number, producerEpoch: number, topic: string, partitions: number[], version = 1) =>
  raw.send(ADD, version, {
    transactions: [], v3AndBelowTransactionalId: transactionalId, v3AndBelowProducerId: producerId,
    v3AndBelowProducerEpoch: producerEpoch, v3AndBelowTopics: [{ name: topic, partitions }],
  }).then((r) => r.resultsByTopicV3AndBelow.flatMap((t) => t.resultsByPartition.map((p) => p.partitionErrorCode)));

const end = (transactionalId: string, producerId: number, producerEpoch: number, committed: boolean, version = 1) =>
  raw.send(END, version, { transactionalId, producerId, producerEpoch, committed }).then((r) => r.errorCode);

async function produceTxn(topic: string, partition: number, producerId: number, producerEpoch: number, baseSequence: number): Promise<number> {
  const records = buildRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }], producerId, producerEpoch, baseSequence, isTransactional: true });
  const res = await raw.send(PRODUCE, 8, {
    transactionalId: null, acks: -1, timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
  return res.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
}

async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = broker.kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
}

test('error codes: timeouts, unknown ids, partitions, fencing, EndTxn retries, produce outside the transaction', async () => {
  const topic = uniqueTopic('txn-raw');
  await createTopic(topic, 2);
  const id = `raw-${topic}`;
  assert.equal((await init(id, 1, -1, -1, 0)).errorCode, ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  assert.equal((await init(id, 1, -1, -1, 900_001)).errorCode, ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  const first = await init(id, 1);
  assert.deepEqual([first.errorCode, first.producerEpoch], [ErrorCode.NONE, 0]);
  const { producerId } = first;

  assert.deepEqual(await add(`nobody-${topic}`, producerId, 0, topic, [0]), [ErrorCode.INVALID_PRODUCER_ID_MAPPING]);
  assert.deepEqual(await add(id, producerId + 1, 0, topic, [0]), [ErrorCode.INVALID_PRODUCER_ID_MAPPING]);
  assert.deepEqual(await add(id, producerId, 0, topic, [0, 7]), [ErrorCode.OPERATION_NOT_ATTEMPTED, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  assert.equal(await end(id, producerId, 0, true), ErrorCode.INVALID_TXN_STATE, 'nothing to end in Empty');

  assert.deepEqual(await add(id, producerId, 0, topic, [0]), [ErrorCode.NONE]);
  assert.equal(await produceTxn(topic, 0, producerId, 0, 0), ErrorCode.NONE);
  assert.equal(await produceTxn(topic, 1, producerId, 0, 0), ErrorCode.INVALID_TXN_STATE, 'partition 1 was never added');
  assert.equal(await end(id, producerId, 0, true), ErrorCode.NONE);
  assert.equal(await end(id, producerId, 0, true), ErrorCode.NONE, 'a retried commit is answered NONE');
  assert.equal(await end(id, producerId, 0, false), ErrorCode.INVALID_TXN_STATE, 'abort after commit');
  assert.equal(await produceTxn(topic, 0, producerId, 0, 1), ErrorCode.INVALID_TXN_STATE, 'no transaction is open');

  // A second instance: epoch 1 fences epoch 0 (INVALID_PRODUCER_EPOCH before KIP-588's versions, PRODUCER_FENCED after).
  const second = await init(id, 1);
  assert.deepEqual([second.producerId, second.producerEpoch], [producerId, 1]);
  assert.deepEqual(await add(id, producerId, 0, topic, [0], 1), [ErrorCode.INVALID_PRODUCER_EPOCH]);
  assert.deepEqual(await add(id, producerId, 0, topic, [0], 2), [ErrorCode.PRODUCER_FENCED]);
  assert.equal(await end(id, producerId, 0, false, 2), ErrorCode.PRODUCER_FENCED);
  assert.equal(await produceTxn(topic, 0, producerId, 0, 2), ErrorCode.INVALID_PRODUCER_EPOCH);

  // KIP-360: InitProducerId v3 with the current id/epoch bumps it; a stale pair is fenced.
  const bumped = await init(id, 3, producerId, 1);
  assert.deepEqual([bumped.errorCode, bumped.producerId, bumped.producerEpoch], [ErrorCode.NONE, producerId, 2]);
  assert.equal((await init(id, 3, producerId, 0)).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
  assert.equal((await init(id, 4, producerId, 0)).errorCode, ErrorCode.PRODUCER_FENCED);
  const retried = await init(id, 4, producerId, 1);
  assert.deepEqual([retried.errorCode, retried.producerEpoch], [ErrorCode.NONE, 2], 'a retried bump gets the same epoch again');
});

test('DescribeTransactions, ListTransactions and DescribeProducers show an open transaction', async () => {
  const topic = uniqueTopic('txn-admin');
  await createTopic(topic, 1);
  const id = `admin-${topic}`;
  const { producerId, producerEpoch } = await init(id, 1, -1, -1, 45_000);
  assert.deepEqual(await add(id, producerId, producerEpoch, topic, [0]), [ErrorCode.NONE]);
  assert.equal(await produceTxn(topic, 0, producerId, producerEpoch, 0), ErrorCode.NONE);

  const described = await raw.send(DESCRIBE, 0, { transactionalIds: [id, `missing-${topic}`] });
  const [mine, missing] = described.transactionStates;
  assert.deepEqual(
    [mine?.errorCode, mine?.transactionState, mine?.producerId, mine?.producerEpoch, mine?.transactionTimeoutMs, mine?.topics],
    [ErrorCode.NONE, 'Ongoing', producerId, producerEpoch, 45_000, [{ topic, partitions: [0] }]],
  );
  assert.ok((mine?.transactionStartTimeMs ?? -1) > 0);
  assert.equal(missing?.errorCode, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);

  const listed = await raw.send(LIST, 1, { stateFilters: ['Ongoing', 'Bogus'], producerIdFilters: [producerId], durationFilter: -1 });
  assert.deepEqual(listed.unknownStateFilters, ['Bogus']);
  assert.deepEqual(listed.transactionStates, [{ transactionalId: id, producerId, transactionState: 'Ongoing' }]);
  const longRunning = await raw.send(LIST, 1, { stateFilters: [], producerIdFilters: [producerId], durationFilter: 3_600_000 });
  assert.deepEqual(longRunning.transactionStates, []);

  const producers = await raw.send(PRODUCERS, 0, { topics: [{ name: topic, partitionIndexes: [0, 5] }] });
  const [p0, p5] = producers.topics[0]?.partitions ?? [];
  assert.deepEqual(p0?.activeProducers.map((p) => [p.producerId, p.producerEpoch, p.lastSequence, p.currentTxnStartOffset]),
    [[producerId, producerEpoch, 0, 0]]);
  assert.equal(p5?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

  assert.equal(await end(id, producerId, producerEpoch, false), ErrorCode.NONE);
  const afterAbort = await raw.send(PRODUCERS, 0, { topics: [{ name: topic, partitionIndexes: [0] }] });
  assert.equal(afterAbort.topics[0]?.partitions[0]?.activeProducers[0]?.currentTxnStartOffset, -1);
});

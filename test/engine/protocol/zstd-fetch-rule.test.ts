/**
 * Kafka's rule for zstd and old fetchers (KafkaApis.handleFetchRequest): a topic whose compression.type is
 * zstd answers Fetch < v10 with UNSUPPORTED_COMPRESSION_TYPE; zstd batches a producer sent to an ordinary
 * topic are served as stored (kafka-python 2.0.2 fetches with v4 and decodes zstd itself).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { defaultFetchRequest, type FetchRequest, type FetchResponse } from '../../../src-protocol/generated/01-fetch.js';
import type { ProduceRequest, ProduceResponse } from '../../../src-protocol/generated/00-produce.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../../src-protocol/generated/19-create-topics.js';

const ZSTD = 4;
const createTopics = rawApi<CreateTopicsRequest, CreateTopicsResponse>(19);
const produce = rawApi<ProduceRequest, ProduceResponse>(0);
const fetch = rawApi<FetchRequest, FetchResponse>(1);

let broker: TestBroker;
let client: RawClient;

before(async () => {
  broker = await startTestBroker();
  client = await RawClient.connect(broker.host, broker.port);
});

after(async () => {
  client?.close();
  await broker?.stop();
});

async function topicWithZstdBatch(name: string, configs: { name: string; value: string }[]): Promise<void> {
  const created = await client.send(createTopics, 5, { topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs }], timeoutMs: 5000, validateOnly: false });
  assert.equal(created.topics[0]!.errorCode, ErrorCode.NONE);
  const records = buildRecordBatch({ compression: ZSTD, records: [{ key: null, value: Buffer.from('zstd!'), headers: [], timestamp: Date.now() }] });
  const res = await client.send(produce, 7, { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name, partitionData: [{ index: 0, records }] }] });
  assert.equal(res.responses[0]!.partitionResponses[0]!.errorCode, ErrorCode.NONE);
}

async function fetchAt(name: string, version: number): Promise<FetchResponse> {
  const req = defaultFetchRequest();
  req.maxBytes = 1 << 20;
  req.topics = [{ topic: name, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }];
  return client.send(fetch, version, req);
}

test('a topic configured for zstd refuses Fetch v9 and serves Fetch v10', async () => {
  await topicWithZstdBatch('zstd-topic', [{ name: 'compression.type', value: 'zstd' }]);
  assert.equal((await fetchAt('zstd-topic', 9)).responses[0]!.partitions[0]!.errorCode, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  const v10 = (await fetchAt('zstd-topic', 10)).responses[0]!.partitions[0]!;
  assert.equal(v10.errorCode, ErrorCode.NONE);
  assert.ok(Buffer.isBuffer(v10.records) && v10.records.length > 0);
});

test('producer-chosen zstd on an ordinary topic is served to Fetch v4 as stored', async () => {
  await topicWithZstdBatch('producer-zstd', []);
  const p = (await fetchAt('producer-zstd', 4)).responses[0]!.partitions[0]!;
  assert.equal(p.errorCode, ErrorCode.NONE);
  assert.equal((p.records as Buffer).readInt16BE(21) & 0x07, ZSTD, 'the stored batch keeps its zstd codec');
});

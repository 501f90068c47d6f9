/**
 * Versions no client on this machine sends but Java's does: Fetch v13-17 (topics by id),
 * Produce v10-11 and ApiVersions v4. Checked with the generated codecs over a real socket.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { defaultFetchRequest, type FetchRequest, type FetchResponse } from '../../../src-protocol/generated/01-fetch.js';
import type { ProduceRequest, ProduceResponse } from '../../../src-protocol/generated/00-produce.js';
import type { MetadataRequest, MetadataResponse } from '../../../src-protocol/generated/03-metadata.js';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../../src-protocol/generated/18-api-versions.js';
import { readBatchHeader } from '../../../src-engine/storage/record-batch.js';

let broker: TestBroker;
let client: RawClient;
const apiVersions = rawApi<ApiVersionsRequest, ApiVersionsResponse>(18);
const metadata = rawApi<MetadataRequest, MetadataResponse>(3);
const produce = rawApi<ProduceRequest, ProduceResponse>(0);
const fetch = rawApi<FetchRequest, FetchResponse>(1);

before(async () => {
  broker = await startTestBroker();
  client = await RawClient.connect(broker.host, broker.port);
});

after(async () => {
  client?.close();
  await broker?.stop();
});

function batch(values: string[]): Buffer {
  return buildRecordBatch({ records: values.map((v) => ({ key: null, value: Buffer.from(v), headers: [], timestamp: Date.now() })) });
}

test('ApiVersions v4 answers with the advertised ranges', async () => {
  const res = await client.send(apiVersions, 4, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' });
  assert.equal(res.errorCode, ErrorCode.NONE);
  const fetch = res.apiKeys.find((k) => k.apiKey === 1);
  assert.deepEqual([fetch?.minVersion, fetch?.maxVersion], [4, 17]);
});

test('Produce v11 appends and Fetch v17 reads back by topic id; unknown ids get UNKNOWN_TOPIC_ID', async () => {
  const meta = await client.send(metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'by-id' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false, includeClusterAuthorizedOperations: false });
  const topicId = meta.topics[0]!.topicId;
  assert.notEqual(topicId, 'AAAAAAAAAAAAAAAAAAAAAA');

  const produced = await client.send(produce, 11, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: 'by-id', partitionData: [{ index: 0, records: batch(['a', 'b', 'c']) }] }],
  });
  assert.equal(produced.responses[0]!.partitionResponses[0]!.errorCode, ErrorCode.NONE);

  for (const version of [13, 15, 16, 17]) {
    const req = defaultFetchRequest();
    req.maxWaitMs = 0;
    req.maxBytes = 1 << 20;
    req.topics = [
      { topic: '', topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 1, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] },
      { topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] },
    ];
    const res = await client.send(fetch, version, req);
    assert.equal(res.errorCode, ErrorCode.NONE, `v${version}`);
    const [known, unknown] = res.responses;
    assert.equal(known!.topicId, topicId);
    const p = known!.partitions[0]!;
    assert.equal(p.errorCode, ErrorCode.NONE);
    assert.equal(p.highWatermark, 3);
    assert.ok(Buffer.isBuffer(p.records));
    // The fetch offset sits inside the batch: the whole batch comes back, starting at offset 0.
    const header = readBatchHeader(p.records as Buffer, 0);
    assert.deepEqual([header.baseOffset, header.lastOffset], [0, 2]);
    assert.equal(unknown!.partitions[0]!.errorCode, ErrorCode.UNKNOWN_TOPIC_ID);
  }
});

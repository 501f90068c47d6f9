/**
 * Fetch reads segments into pooled buffers that go back to the pool once the response is written. This checks
 * the one thing that could go wrong: a buffer reused while a response still references it. A client that stops
 * reading keeps a 24 MiB response stuck in the broker's socket while another client fetches other data of the
 * same sizes (which would land in those buffers if they were released early); the stuck response must still
 * arrive byte for byte, CRCs intact.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { startTestBroker, type InProcessBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { requestFrame } from './raw-client.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { decodeRecords } from '../../../src-engine/storage/records.js';
import { Reader } from '../../../src-protocol/codec/reader.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { defaultFetchRequest, readFetchResponse, type FetchRequest, type FetchResponse } from '../../../src-protocol/generated/01-fetch.js';
import type { ProduceRequest, ProduceResponse } from '../../../src-protocol/generated/00-produce.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../../src-protocol/generated/19-create-topics.js';

const ZERO_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const PARTITIONS = 3;
const BATCHES = 10;
const RECORDS_PER_BATCH = 100;
const VALUE_BYTES = 8000;
const PARTITION_BYTES = 8 << 20;
const createTopics = rawApi<CreateTopicsRequest, CreateTopicsResponse>(19);
const produce = rawApi<ProduceRequest, ProduceResponse>(0);
const fetch = rawApi<FetchRequest, FetchResponse>(1);

let broker: InProcessBroker;
let client: RawClient;

before(async () => {
  broker = await startTestBroker();
  client = await RawClient.connect(broker.host, broker.port);
});

after(async () => {
  client?.close();
  await broker?.stop();
});

const valueOf = (topic: string, p: number, b: number, r: number): string => `${topic}/${p}/${b}/${r}/`.padEnd(VALUE_BYTES, topic[0]);

async function fill(topic: string): Promise<void> {
  const res = await client.send(createTopics, 7, { topics: [{ name: topic, numPartitions: PARTITIONS, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
  assert.equal(res.topics[0]!.errorCode, ErrorCode.NONE);
  for (let p = 0; p < PARTITIONS; p++) {
    for (let b = 0; b < BATCHES; b++) {
      const records = buildRecordBatch({ records: Array.from({ length: RECORDS_PER_BATCH }, (_, r) => ({ key: null, value: Buffer.from(valueOf(topic, p, b, r)), headers: [], timestamp: 0 })) });
      const out = await client.send(produce, 9, { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: p, records }] }] });
      assert.equal(out.responses[0]!.partitionResponses[0]!.errorCode, ErrorCode.NONE);
    }
  }
}

function fetchAll(topic: string): FetchRequest {
  const req = defaultFetchRequest();
  req.maxBytes = 64 << 20;
  req.sessionEpoch = -1;
  req.topics = [{ topic, topicId: ZERO_ID, partitions: Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: PARTITION_BYTES, replicaDirectoryId: ZERO_ID })) }];
  return req;
}

/** Every record of the response, checked against what was produced (CRC-32C verified per batch). */
function assertContent(res: FetchResponse, topic: string): void {
  const partitions = res.responses[0]!.partitions;
  assert.equal(partitions.length, PARTITIONS);
  for (const p of partitions) {
    assert.equal(p.errorCode, ErrorCode.NONE);
    const records = p.records as Buffer;
    const parsed = parseBatches(records, { verifyCrc: true });
    assert.ok(parsed.ok, `partition ${p.partitionIndex}: ${parsed.ok ? '' : parsed.message}`);
    assert.ok(parsed.batches.length > 0);
    parsed.batches.forEach((h, b) => {
      decodeRecords(records.subarray(h.position, h.position + h.sizeInBytes), { ...h, position: 0 }).forEach((r, i) => {
        assert.equal(r.value?.toString(), valueOf(topic, p.partitionIndex, b, i));
      });
    });
  }
}

test('a response stuck behind a client that stopped reading keeps its bytes while other fetches reuse buffers', { timeout: 120_000 }, async () => {
  await fill('stuck');
  await fill('other');
  // The slow client: sends one fetch, takes the first chunk of the answer, then stops reading.
  const slow = connect({ host: broker.host, port: broker.port });
  await once(slow, 'connect');
  const received: Buffer[] = [];
  const firstChunk = once(slow, 'data').then(([chunk]) => {
    slow.pause();
    received.push(chunk as Buffer);
  });
  slow.write(requestFrame(1, 12, 77, fetchAll('stuck')));
  await firstChunk;

  const before = broker.insight.fetchReadBuffers();
  for (let i = 0; i < 4; i++) assertContent(await client.send(fetch, 12, fetchAll('other')), 'other');
  const afterOthers = broker.insight.fetchReadBuffers();
  assert.ok(afterOthers.reused > before.reused, 'the other client\'s fetches reused pooled buffers');

  slow.on('data', (chunk: Buffer) => received.push(chunk));
  slow.resume();
  let all = Buffer.concat(received);
  while (all.length < 4 || all.length < 4 + all.readInt32BE(0)) {
    await once(slow, 'data');
    all = Buffer.concat(received);
  }
  slow.destroy();
  const frame = all.subarray(4, 4 + all.readInt32BE(0));
  assert.equal(frame.readInt32BE(0), 77);
  const r = new Reader(frame, 4);
  r.skipTaggedFields(); // response header v1
  assertContent(readFetchResponse(r, 12), 'stuck');
});

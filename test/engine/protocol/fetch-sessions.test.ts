/**
 * Incremental fetch sessions (KIP-227) over the wire, rule by rule as Kafka's FetchManager applies them:
 * epoch 0 opens a session, -1 is sessionless and closes the named one, a wrong epoch or unknown id is an error,
 * incremental responses carry only partitions with records, changed offsets or errors, forgotten partitions
 * leave the session, sessions are bound to topic ids or names, and the cache has a slot limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { type FetchRequest, type FetchResponse } from '../../../src-protocol/generated/01-fetch.js';
import { sessionFetchRequest } from '../../helpers/fetch-requests.js';
import type { ProduceRequest, ProduceResponse } from '../../../src-protocol/generated/00-produce.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../../src-protocol/generated/19-create-topics.js';

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

/** Creates a topic and returns its id. */
async function topic(name: string, partitions: number): Promise<string> {
  const res = await client.send(createTopics, 7, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
  assert.equal(res.topics[0]!.errorCode, ErrorCode.NONE);
  return res.topics[0]!.topicId;
}

async function send(name: string, partition: number, value: string): Promise<void> {
  const records = buildRecordBatch({ records: [{ key: null, value: Buffer.from(value), headers: [], timestamp: Date.now() }] });
  const res = await client.send(produce, 9, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name, partitionData: [{ index: partition, records }] }] });
  assert.equal(res.responses[0]!.partitionResponses[0]!.errorCode, ErrorCode.NONE);
}


/** "topic:partition" of every partition in a response, in response order. */
function partitionsOf(res: FetchResponse, version = 12): string[] {
  return res.responses.flatMap((t) => t.partitions.map((p) => `${version >= 13 ? t.topicId : t.topic}:${p.partitionIndex}`));
}

test('a full fetch at epoch 0 opens a session; incremental fetches answer only what changed', async () => {
  await topic('s-basic', 3);
  const all = [0, 1, 2].map((partition) => ({ topic: 's-basic', partition, offset: 0 }));
  const full = await client.send(fetch, 12, sessionFetchRequest(0, 0, all));
  assert.equal(full.errorCode, ErrorCode.NONE);
  assert.notEqual(full.sessionId, 0, 'a session was created');
  assert.deepEqual(partitionsOf(full), ['s-basic:0', 's-basic:1', 's-basic:2']);

  // Nothing changed: the response names no partition.
  const quiet = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 1, []));
  assert.equal(quiet.errorCode, ErrorCode.NONE);
  assert.equal(quiet.sessionId, full.sessionId);
  assert.deepEqual(partitionsOf(quiet), []);

  // New records in partition 1 only: it alone comes back, with them, from the cached fetch offset.
  await send('s-basic', 1, 'hello');
  const changed = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 2, []));
  assert.deepEqual(partitionsOf(changed), ['s-basic:1']);
  const p1 = changed.responses[0]!.partitions[0]!;
  assert.equal(p1.highWatermark, 1);
  assert.ok(Buffer.isBuffer(p1.records) && p1.records.length > 0);

  // The client moves partition 1 to offset 1: the high watermark it saw is unchanged, so nothing to say.
  const moved = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 3, [{ topic: 's-basic', partition: 1, offset: 1 }]));
  assert.deepEqual(partitionsOf(moved), []);
});

test('a wrong epoch is INVALID_FETCH_SESSION_EPOCH and does not advance the session', async () => {
  await topic('s-epoch', 1);
  const full = await client.send(fetch, 12, sessionFetchRequest(0, 0, [{ topic: 's-epoch', partition: 0, offset: 0 }]));
  for (const wrong of [2, 5, 0x7fffffff]) {
    const res = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, wrong, []));
    assert.equal(res.errorCode, ErrorCode.INVALID_FETCH_SESSION_EPOCH);
    assert.equal(res.sessionId, 0);
    assert.deepEqual(res.responses, []);
  }
  const ok = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 1, []));
  assert.equal(ok.errorCode, ErrorCode.NONE);
  // A repeat of the epoch just used is a duplicate.
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 1, []))).errorCode, ErrorCode.INVALID_FETCH_SESSION_EPOCH);
});

test('an unknown session id is FETCH_SESSION_ID_NOT_FOUND (also id 0 with an incremental epoch)', async () => {
  await topic('s-unknown', 1);
  for (const id of [0, 123456789]) {
    const res = await client.send(fetch, 12, sessionFetchRequest(id, 1, [{ topic: 's-unknown', partition: 0, offset: 0 }]));
    assert.equal(res.errorCode, ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
    assert.equal(res.sessionId, 0);
    assert.deepEqual(res.responses, []);
  }
});

test('epoch -1 is a sessionless full fetch and closes the session it names; epoch 0 with an id replaces it', async () => {
  await topic('s-close', 1);
  const parts = [{ topic: 's-close', partition: 0, offset: 0 }];
  const first = await client.send(fetch, 12, sessionFetchRequest(0, 0, parts));
  const closing = await client.send(fetch, 12, sessionFetchRequest(first.sessionId, -1, parts));
  assert.equal(closing.errorCode, ErrorCode.NONE);
  assert.equal(closing.sessionId, 0);
  assert.deepEqual(partitionsOf(closing), ['s-close:0']);
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(first.sessionId, 1, []))).errorCode, ErrorCode.FETCH_SESSION_ID_NOT_FOUND);

  const second = await client.send(fetch, 12, sessionFetchRequest(0, 0, parts));
  const third = await client.send(fetch, 12, sessionFetchRequest(second.sessionId, 0, parts));
  assert.notEqual(third.sessionId, 0);
  assert.notEqual(third.sessionId, second.sessionId);
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(second.sessionId, 1, []))).errorCode, ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(third.sessionId, 1, []))).errorCode, ErrorCode.NONE);
  // Sessionless from the start: no id handed out.
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(0, -1, parts))).sessionId, 0);
});

test('forgotten partitions leave the session; forgetting the last one closes it', async () => {
  await topic('s-forget', 2);
  const full = await client.send(fetch, 12, sessionFetchRequest(0, 0, [0, 1].map((partition) => ({ topic: 's-forget', partition, offset: 0 }))));
  const forget0 = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 1, [], [{ topic: 's-forget', partition: 0, offset: 0 }]));
  assert.equal(forget0.errorCode, ErrorCode.NONE);
  await send('s-forget', 0, 'a');
  await send('s-forget', 1, 'b');
  const after = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 2, []));
  assert.deepEqual(partitionsOf(after), ['s-forget:1'], 'partition 0 is no longer in the session');
  // Adding a partition back in an incremental request reads it (a new cached partition is always answered).
  // Partition 1 still fetches from offset 0, so it returns its record again; partitions that returned data
  // moved to the end of the session, so 1 (answered last time) comes before the re-added 0.
  const readd = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 3, [{ topic: 's-forget', partition: 0, offset: 0 }]));
  assert.deepEqual(partitionsOf(readd), ['s-forget:1', 's-forget:0']);
  const empty = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 4, [], [0, 1].map((partition) => ({ topic: 's-forget', partition, offset: 0 }))));
  assert.equal(empty.errorCode, ErrorCode.NONE);
  assert.equal(empty.sessionId, 0, 'an emptied session is closed and the fetch answered sessionless');
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 5, []))).errorCode, ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
});

test('errors are answered on every incremental fetch; data comes back once the error is gone', async () => {
  await topic('s-errors', 2);
  await send('s-errors', 0, 'x');
  const parts = [{ topic: 's-errors', partition: 0, offset: 5 }, { topic: 's-errors', partition: 1, offset: 0 }, { topic: 's-errors', partition: 9, offset: 0 }];
  const full = await client.send(fetch, 12, sessionFetchRequest(0, 0, parts));
  assert.notEqual(full.sessionId, 0);
  // Unknown partitions come after the readable ones, as Kafka orders them.
  assert.deepEqual(partitionsOf(full), ['s-errors:0', 's-errors:1', 's-errors:9']);
  const codes = (r: FetchResponse): number[] => r.responses.flatMap((t) => t.partitions.map((p) => p.errorCode));
  assert.deepEqual(codes(full), [ErrorCode.OFFSET_OUT_OF_RANGE, ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  const again = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 1, []));
  assert.deepEqual(partitionsOf(again), ['s-errors:0', 's-errors:9']);
  assert.deepEqual(codes(again), [ErrorCode.OFFSET_OUT_OF_RANGE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  // The consumer resets partition 0 to offset 0: it is answered with its data and offsets.
  const reset = await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 2, [{ topic: 's-errors', partition: 0, offset: 0 }]));
  assert.deepEqual(partitionsOf(reset), ['s-errors:0', 's-errors:9']);
  assert.equal(reset.responses[0]!.partitions[0]!.errorCode, ErrorCode.NONE);
  assert.equal(reset.responses[0]!.partitions[0]!.highWatermark, 1);
});

test('v13+ sessions are keyed by topic id; unknown ids answer UNKNOWN_TOPIC_ID; id and name sessions do not mix', async () => {
  const id = await topic('s-ids', 2);
  const unknownId = 'AAAAAAAAAAAAAAAAAAAABw';
  const parts = [{ topic: '', topicId: id, partition: 0, offset: 0 }, { topic: '', topicId: unknownId, partition: 0, offset: 0 }];
  const full = await client.send(fetch, 13, sessionFetchRequest(0, 0, parts));
  assert.notEqual(full.sessionId, 0);
  assert.deepEqual(partitionsOf(full, 13), [`${id}:0`, `${unknownId}:0`]);
  assert.equal(full.responses[1]!.partitions[0]!.errorCode, ErrorCode.UNKNOWN_TOPIC_ID);
  await send('s-ids', 0, 'by id');
  const inc = await client.send(fetch, 13, sessionFetchRequest(full.sessionId, 1, []));
  assert.deepEqual(partitionsOf(inc, 13), [`${id}:0`, `${unknownId}:0`]);
  // Forgetting by id.
  const forgot = await client.send(fetch, 13, sessionFetchRequest(full.sessionId, 2, [], [{ topic: '', topicId: unknownId, partition: 0, offset: 0 }]));
  assert.deepEqual(partitionsOf(forgot, 13), [`${id}:0`], 'the data partition is answered again (its fetch offset did not move)');
  // A session opened with ids cannot continue with names, nor the other way round.
  assert.equal((await client.send(fetch, 12, sessionFetchRequest(full.sessionId, 3, []))).errorCode, ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR);
  const named = await client.send(fetch, 12, sessionFetchRequest(0, 0, [{ topic: 's-ids', partition: 1, offset: 0 }]));
  assert.equal((await client.send(fetch, 13, sessionFetchRequest(named.sessionId, 1, []))).errorCode, ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR);
});

test('an incremental long poll waits for records in any session partition', async () => {
  await topic('s-poll', 2);
  const full = await client.send(fetch, 12, sessionFetchRequest(0, 0, [0, 1].map((partition) => ({ topic: 's-poll', partition, offset: 0 }))));
  const req = sessionFetchRequest(full.sessionId, 1, []);
  req.minBytes = 1;
  req.maxWaitMs = 10_000;
  // The long poll holds its connection (responses leave in request order): produce on another one.
  const poller = await RawClient.connect(broker.host, broker.port);
  try {
    const pending = poller.send(fetch, 12, req);
    await send('s-poll', 1, 'wake up');
    const res = await pending;
    assert.deepEqual(partitionsOf(res), ['s-poll:1']);
  } finally {
    poller.close();
  }
});

test('Fetch v4-v6 has no sessions: every answer is session id 0', async () => {
  await topic('s-old', 1);
  const res = await client.send(fetch, 6, sessionFetchRequest(0, 0, [{ topic: 's-old', partition: 0, offset: 0 }]));
  assert.equal(res.errorCode, ErrorCode.NONE);
  assert.deepEqual(partitionsOf(res), ['s-old:0']);
});

test('max.incremental.fetch.session.cache.slots bounds the cache; 0 disables sessions', async () => {
  const small = await startTestBroker({ configs: { 'max.incremental.fetch.session.cache.slots': '2' } });
  const none = await startTestBroker({ configs: { 'max.incremental.fetch.session.cache.slots': '0' } });
  const c1 = await RawClient.connect(small.host, small.port);
  const c0 = await RawClient.connect(none.host, none.port);
  try {
    const parts = [{ topic: 'slots', partition: 0, offset: 0 }];
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await c1.send(fetch, 12, sessionFetchRequest(0, 0, parts))).sessionId);
    assert.notEqual(ids[0], 0);
    assert.notEqual(ids[1], 0);
    // Both sessions are fresh (younger than the 120 s eviction time) and as large: the third gets none.
    assert.equal(ids[2], 0);
    assert.deepEqual(small.insight.fetchSessions(), { sessions: 2, partitionsCached: 2, created: 2, evictions: 0, incrementalFetches: 0 });
    // Closing one frees its slot.
    await c1.send(fetch, 12, sessionFetchRequest(ids[0]!, -1, parts));
    assert.notEqual((await c1.send(fetch, 12, sessionFetchRequest(0, 0, parts))).sessionId, 0);
    assert.equal((await c0.send(fetch, 12, sessionFetchRequest(0, 0, parts))).sessionId, 0);
  } finally {
    c1.close();
    c0.close();
    await small.stop();
    await none.stop();
  }
});

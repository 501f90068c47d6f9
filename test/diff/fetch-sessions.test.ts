/**
 * Incremental fetch sessions (KIP-227), Apache Kafka vs the engine: the same request sequence on both, and
 * the same answers: top-level error codes, whether a session id was handed out (and whether it is the one
 * in use), and which partitions each response carries with their error, high watermark and batch count.
 */
import { test } from 'node:test';
import { buildRecordBatch } from '../../src-engine/storage/records.js';
import { uniqueTopic } from '../helpers/topics.js';
import { type FetchRequest, type FetchResponse } from '../../src-protocol/generated/01-fetch.js';
import { ZERO_ID, sessionFetchRequest } from '../helpers/fetch-requests.js';
import { api, assertSameAsKafka, createReadyTopic, onBoth, produceBatch, send, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const T0 = 1_700_000_000_000;


/** A response without what two brokers must differ in: the session id is reported relative to the one in use. */
function summary(res: FetchResponse, inUse: number): unknown {
  return {
    errorCode: res.errorCode,
    session: res.sessionId === 0 ? 'none' : res.sessionId === inUse ? 'same' : 'new',
    partitions: res.responses.flatMap((t) => t.partitions.map((p) => ({
      topic: t.topicId !== ZERO_ID ? 'by-id' : t.topic,
      partition: p.partitionIndex,
      errorCode: p.errorCode,
      highWatermark: p.highWatermark,
      logStartOffset: p.logStartOffset,
      recordBytes: Buffer.isBuffer(p.records) ? p.records.length : -1,
    }))),
  };
}

function oneRecord(value: string): Buffer {
  return buildRecordBatch({ records: [{ key: null, value: Buffer.from(value), headers: [], timestamp: T0 }] });
}

/** A client driving one session: each step sends a request and records the summarised answer. */
class SessionDriver {
  id = 0;
  readonly steps: Record<string, unknown> = {};
  constructor(private readonly t: Target) {}

  async step(name: string, version: number, req: (id: number) => FetchRequest): Promise<FetchResponse> {
    const res = await send(this.t, api.fetch, version, req(this.id));
    this.steps[name] = summary(res, this.id);
    if (res.sessionId !== 0) this.id = res.sessionId;
    return res;
  }
}

test('session lifecycle by name (v12): full, incremental, errors, forgotten, close', { skip }, async () => {
  const topic = uniqueTopic('diff-session');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 3);
    await produceBatch(t, topic, 0, oneRecord('zero'));
    const d = new SessionDriver(t);
    const all = [0, 1, 2].map((partition) => ({ topic, partition, offset: 0 }));
    await d.step('full', 12, () => sessionFetchRequest(0, 0, all));
    await d.step('unchanged', 12, (id) => sessionFetchRequest(id, 1, []));
    await produceBatch(t, topic, 1, oneRecord('one'));
    await d.step('newData', 12, (id) => sessionFetchRequest(id, 2, []));
    await d.step('wrongEpoch', 12, (id) => sessionFetchRequest(id, 7, []));
    await d.step('duplicateEpoch', 12, (id) => sessionFetchRequest(id, 2, []));
    await d.step('advance', 12, (id) => sessionFetchRequest(id, 3, [{ topic, partition: 0, offset: 1 }, { topic, partition: 1, offset: 1 }]));
    await d.step('outOfRange', 12, (id) => sessionFetchRequest(id, 4, [{ topic, partition: 2, offset: 50 }]));
    await d.step('stillOutOfRange', 12, (id) => sessionFetchRequest(id, 5, []));
    await d.step('forget', 12, (id) => sessionFetchRequest(id, 6, [], [{ topic, partition: 2, offset: 0 }]));
    await d.step('topicIdsInNameSession', 13, (id) => sessionFetchRequest(id, 7, []));
    await d.step('unknownSession', 12, () => sessionFetchRequest(2_000_000_000, 1, []));
    const sessionBeforeClose = d.id;
    await d.step('close', 12, (id) => sessionFetchRequest(id, -1, all));
    d.id = sessionBeforeClose;
    await d.step('afterClose', 12, (id) => sessionFetchRequest(id, 8, []));
    return d.steps;
  });
  assertSameAsKafka(result);
});

test('session errors and ordering: unknown partitions last, replaced sessions, forgetting everything', { skip }, async () => {
  const topic = uniqueTopic('diff-session-order');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 2);
    await produceBatch(t, topic, 1, oneRecord('x'));
    const d = new SessionDriver(t);
    const parts = [{ topic, partition: 9, offset: 0 }, { topic, partition: 0, offset: 0 }, { topic, partition: 1, offset: 0 }];
    await d.step('full', 12, () => sessionFetchRequest(0, 0, parts));
    await d.step('incremental', 12, (id) => sessionFetchRequest(id, 1, []));
    const replaced = d.id;
    await d.step('replace', 12, (id) => sessionFetchRequest(id, 0, parts.slice(1)));
    await d.step('oldIsGone', 12, () => sessionFetchRequest(replaced, 2, []));
    await d.step('forgetAll', 12, (id) => sessionFetchRequest(id, 1, [], parts));
    return d.steps;
  });
  assertSameAsKafka(result);
});

test('topic-id sessions (v13): unknown ids, forgetting by id, a name request in an id session', { skip }, async () => {
  const topic = uniqueTopic('diff-session-ids');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 2);
    const meta = await send(t, api.metadata, 12, { topics: [{ topicId: ZERO_ID, name: topic }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    const topicId = meta.topics[0]!.topicId;
    await produceBatch(t, topic, 0, oneRecord('by id'));
    const unknown = { topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAABw', partition: 0, offset: 0 };
    const d = new SessionDriver(t);
    await d.step('full', 13, () => sessionFetchRequest(0, 0, [{ topic: '', topicId, partition: 0, offset: 0 }, { topic: '', topicId, partition: 1, offset: 0 }, unknown]));
    await d.step('incremental', 13, (id) => sessionFetchRequest(id, 1, [{ topic: '', topicId, partition: 0, offset: 1 }]));
    await d.step('forgetUnknown', 13, (id) => sessionFetchRequest(id, 2, [], [unknown]));
    await d.step('namesInIdSession', 12, (id) => sessionFetchRequest(id, 3, []));
    await d.step('stillFine', 13, (id) => sessionFetchRequest(id, 3, []));
    return d.steps;
  });
  assertSameAsKafka(result);
});

test('an incremental long poll answers with the partition that got records', { skip }, async () => {
  const topic = uniqueTopic('diff-session-poll');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 2);
    const d = new SessionDriver(t);
    await d.step('full', 12, () => sessionFetchRequest(0, 0, [0, 1].map((partition) => ({ topic, partition, offset: 0 }))));
    await produceBatch(t, topic, 1, oneRecord('late'));
    await d.step('poll', 12, (id) => {
      const req = sessionFetchRequest(id, 1, []);
      req.minBytes = 1;
      req.maxWaitMs = 5000;
      return req;
    });
    return d.steps;
  });
  assertSameAsKafka(result);
});

/**
 * Produce's per-record errors (KIP-467), Apache Kafka vs the engine: the same bad batch gets the same error
 * code, the same record_errors (batch-relative indexes and messages) and the same error_message, the whole
 * batch is refused, and Produce v7 (before record_errors) carries the error code alone. Cases: records
 * without a key on a compacted topic, timestamps outside message.timestamp.before/after.max.ms, both at
 * once, and batches the producer marked LogAppendTime; and what a modern librdkafka makes of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompressionCodec, type CompressionCodecId } from '../../src-engine/compression/codecs.js';
import { TimestampType } from '../../src-engine/storage/record-batch.js';
import { buildRecordBatch, type RecordInput } from '../../src-engine/storage/records.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertOk, lastJsonLine, pythonDir, repoRoot, run } from '../helpers/clients.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { api, assertSameAsKafka, fetchPartition, onBoth, send, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const HOUR = 3_600_000;
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Broker time appears in timestamp messages as `[now - before, now + after]`: keep the width, drop the clock. */
function withoutBrokerClock(message: string | null): string | null {
  return message?.replace(/within \[(-?\d+), (-?\d+)\]/g, (_, lo: string, hi: string) => `within [now - x, now - x + ${BigInt(hi) - BigInt(lo)}]`) ?? null;
}

async function produce(t: Target, topic: string, records: Buffer, version = 9): Promise<unknown> {
  const res = await send(t, api.produce, version, {
    transactionalId: null, acks: -1, timeoutMs: 10_000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  });
  const p = res.responses[0]?.partitionResponses[0];
  if (!p) throw new Error(`${t.name}: no partition in the produce response`);
  return {
    errorCode: p.errorCode,
    baseOffset: p.baseOffset,
    logStartOffset: p.logStartOffset,
    recordErrors: p.recordErrors.map((e) => ({ batchIndex: e.batchIndex, message: withoutBrokerClock(e.batchIndexErrorMessage) })),
    errorMessage: withoutBrokerClock(p.errorMessage),
  };
}

function batch(records: RecordInput[], opts: { compression?: CompressionCodecId; logAppendTime?: boolean } = {}): Buffer {
  return buildRecordBatch({
    records,
    ...(opts.compression === undefined ? {} : { compression: opts.compression }),
    ...(opts.logAppendTime ? { timestampType: TimestampType.LOG_APPEND_TIME, maxTimestamp: -1 } : {}),
  });
}

/** `count` records stamped now; those at `keyless` have no key. */
function keyed(count: number, keyless: readonly number[]): RecordInput[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({ key: keyless.includes(i) ? null : b(`k${i}`), value: b(`v${i}`), timestamp: now }));
}

test('compacted topic: a batch of 100 with 10 keyless records is refused with their 10 indexes (v9) or the code alone (v7)', { skip }, async () => {
  const topic = uniqueTopic('diff-rec-compact');
  const keyless = [3, 11, 12, 30, 47, 50, 68, 71, 90, 99];
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'cleanup.policy': 'compact' } });
    return {
      v9: await produce(t, topic, batch(keyed(100, keyless))),
      v9gzip: await produce(t, topic, batch(keyed(5, [4]), { compression: CompressionCodec.GZIP })),
      v7: await produce(t, topic, batch(keyed(3, [1])), 7),
      nothingAppended: (await fetchPartition(t, topic, 0, 0)).highWatermark,
      goodBatchAfterwards: await produce(t, topic, batch(keyed(2, []))),
    };
  });
  assertSameAsKafka(result);
});

test('timestamps outside message.timestamp.before/after.max.ms: INVALID_TIMESTAMP with the offending records', { skip }, async () => {
  const topic = uniqueTopic('diff-rec-ts');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'message.timestamp.before.max.ms': String(HOUR), 'message.timestamp.after.max.ms': String(HOUR) } });
    const now = Date.now();
    const at = (offsets: number[]): RecordInput[] => offsets.map((d, i) => ({ key: b(`k${i}`), value: b(`v${i}`), timestamp: now + d }));
    return {
      // Record timestamps appear in the messages: fixed values far outside the bounds.
      tooOldAndTooNew: await produce(t, topic, batch([{ key: b('ok'), value: b('ok'), timestamp: now }, { key: b('old'), value: b('x'), timestamp: 1_000_000_000_000 }, { key: b('new'), value: b('y'), timestamp: 4_000_000_000_000 }])),
      withinBounds: await produce(t, topic, batch(at([-HOUR / 2, 0, HOUR / 2]))),
      v7: await produce(t, topic, batch([{ value: b('old'), timestamp: 1_000_000_000_000 }]), 7),
    };
  });
  assertSameAsKafka(result);
});

test('a keyless record and a bad timestamp in one batch: INVALID_TIMESTAMP, each record with its own message', { skip }, async () => {
  const topic = uniqueTopic('diff-rec-mixed');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'cleanup.policy': 'compact', 'message.timestamp.before.max.ms': String(HOUR) } });
    const now = Date.now();
    return await produce(t, topic, batch([
      { key: null, value: b('a'), timestamp: 1_000_000_000_000 },
      { key: b('b'), value: b('b'), timestamp: 1_000_000_000_000 },
      { key: b('c'), value: b('c'), timestamp: now },
      { key: null, value: b('d'), timestamp: now },
    ]));
  });
  assertSameAsKafka(result);
});

test('the default message.timestamp.after.max.ms (one hour in Kafka 4) refuses a record two hours ahead', { skip }, async () => {
  const topic = uniqueTopic('diff-rec-ahead');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic);
    return await produce(t, topic, batch([{ value: b('now'), timestamp: Date.now() }, { value: b('ahead'), timestamp: 4_000_000_000_000 }]));
  });
  assertSameAsKafka(result);
});

test('a LogAppendTime topic bounds no timestamps; batches the producer marked LogAppendTime are refused', { skip }, async () => {
  const topic = uniqueTopic('diff-rec-lat');
  const createTimeTopic = uniqueTopic('diff-rec-lat-ct');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { configs: { 'message.timestamp.type': 'LogAppendTime', 'message.timestamp.before.max.ms': String(HOUR) } });
    await createTopic(t.bootstrap, createTimeTopic);
    const marked = [{ key: b('a'), value: b('1') }, { key: null, value: null }];
    return {
      oldRecordOnLogAppendTimeTopic: ((await produce(t, topic, batch([{ value: b('old'), timestamp: 1_000_000_000_000 }]))) as { errorCode: number }).errorCode,
      markedUncompressed: await produce(t, createTimeTopic, batch(marked, { logAppendTime: true })),
      markedGzip: await produce(t, createTimeTopic, batch(marked, { logAppendTime: true, compression: CompressionCodec.GZIP })),
      markedOnLogAppendTimeTopic: await produce(t, topic, batch(marked, { logAppendTime: true })),
    };
  });
  assert.notEqual((result.kafka as { markedUncompressed: { errorCode: number } }).markedUncompressed.errorCode, 0, 'Kafka accepted the marked batch');
  assertSameAsKafka(result);
});

const modernPython = join(repoRoot, '.cache/clients/venv/bin/python');

test('modern librdkafka: the same records fail with INVALID_RECORD and the others as collateral', { skip: skip || (existsSync(modernPython) ? false : `${modernPython} missing (scripts/clients/setup.sh)`) }, async () => {
  const compacted = uniqueTopic('diff-rec-rdkafka');
  const bounded = uniqueTopic('diff-rec-rdkafka-ts');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, compacted, { configs: { 'cleanup.policy': 'compact' } });
    await createTopic(t.bootstrap, bounded, { configs: { 'message.timestamp.before.max.ms': String(HOUR) } });
    const produced = async (topic: string, count: number, keyless: string, old: string): Promise<unknown> => {
      const r = assertOk('confluent_record_errors.py', await run(modernPython, [join(pythonDir, 'confluent_record_errors.py'), t.bootstrap, topic, String(count), keyless, old], { timeoutMs: 90_000 }));
      return lastJsonLine<{ reports: unknown[] }>('confluent_record_errors.py', r.stdout).reports;
    };
    return { keyless: await produced(compacted, 30, '0,7,29', ''), old: await produced(bounded, 10, '', '4') };
  });
  assertSameAsKafka(result);
});

// Produce's per-record validation (KIP-467): every invalid record of a batch is reported with its index and
// Kafka's message, and the batch is refused as a whole. test/diff/produce-record-errors.test.ts checks the same
// cases against Apache Kafka itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { CompressionCodec } from '../../../src-engine/compression/codecs.js';
import { CRC_OFFSET, TimestampType, computeBatchCrc } from '../../../src-engine/storage/record-batch.js';
import { buildRecordBatch, type RecordInput } from '../../../src-engine/storage/records.js';
import { validateProduceRecords, type ProduceValidationOptions } from '../../../src-engine/storage/produce-validation.js';

const NOW = 1_700_000_000_000;
const opts = (o: Partial<ProduceValidationOptions> = {}): ProduceValidationOptions => ({ maxMessageBytes: 1 << 20, now: NOW, topicPartition: 't-0', ...o });
const b = (s: string): Buffer => Buffer.from(s);
const noKey = (i: number): string => `Compacted topic cannot accept message without key in topic partition t-${i}`;

function records(count: number, keyless: readonly number[]): RecordInput[] {
  return Array.from({ length: count }, (_, i) => ({ key: keyless.includes(i) ? null : b(`k${i}`), value: b(`v${i}`), timestamp: NOW }));
}

test('compacted topic: each keyless record is named by index; INVALID_RECORD quotes the first three', () => {
  const keyless = [3, 11, 12, 30, 47, 50, 68, 71, 90, 99];
  const r = validateProduceRecords(buildRecordBatch({ records: records(100, keyless) }), opts({ compacted: true }));
  assert.ok(!r.ok);
  assert.equal(r.errorCode, ErrorCode.INVALID_RECORD);
  assert.deepEqual(r.recordErrors, keyless.map((batchIndex) => ({ batchIndex, message: noKey(0) })));
  assert.equal(r.message, 'One or more records have been rejected due to 10 record errors in total, and only showing the first three errors at most: '
    + `[RecordError(batchIndex=3, message='${noKey(0)}'), RecordError(batchIndex=11, message='${noKey(0)}'), RecordError(batchIndex=12, message='${noKey(0)}')]`);
  const compressed = validateProduceRecords(buildRecordBatch({ records: records(4, [2]), compression: CompressionCodec.ZSTD }), opts({ compacted: true }));
  assert.ok(!compressed.ok);
  assert.deepEqual(compressed.recordErrors?.map((e) => e.batchIndex), [2]);
  assert.ok(validateProduceRecords(buildRecordBatch({ records: records(4, [2]) }), opts()).ok, 'keys are optional elsewhere');
});

test('timestamps out of bounds: INVALID_TIMESTAMP, Kafka\'s range message (Long.MAX_VALUE arithmetic), -1 is never bounded', () => {
  const batch = buildRecordBatch({
    records: [
      { value: b('ok'), timestamp: NOW },
      { value: b('old'), timestamp: NOW - 7_200_000 },
      { value: b('none'), timestamp: -1 },
      { value: b('new'), timestamp: NOW + 7_200_000 },
    ],
  });
  const r = validateProduceRecords(batch, opts({ timestampBeforeMaxMs: 3_600_000, timestampAfterMaxMs: 3_600_000 }));
  assert.ok(!r.ok);
  assert.equal(r.errorCode, ErrorCode.INVALID_TIMESTAMP);
  assert.equal(r.message, 'One or more records have been rejected due to invalid timestamp');
  const range = `[${NOW - 3_600_000}, ${NOW + 3_600_000}]`;
  assert.deepEqual(r.recordErrors, [
    { batchIndex: 1, message: `Timestamp ${NOW - 7_200_000} of message with offset 1 is out of range. The timestamp should be within ${range}` },
    { batchIndex: 3, message: `Timestamp ${NOW + 7_200_000} of message with offset 3 is out of range. The timestamp should be within ${range}` },
  ]);
  // Unbounded before (Long.MAX_VALUE): Kafka prints now - Long.MAX_VALUE.
  const ahead = validateProduceRecords(buildRecordBatch({ records: [{ value: b('x'), timestamp: NOW + 7_200_000 }] }), opts({ timestampAfterMaxMs: 3_600_000 }));
  assert.ok(!ahead.ok);
  assert.equal(ahead.recordErrors?.[0]?.message, `Timestamp ${NOW + 7_200_000} of message with offset 0 is out of range. The timestamp should be within [${BigInt(NOW) - 9223372036854775807n}, ${NOW + 3_600_000}]`);
  assert.ok(validateProduceRecords(batch, opts({ timestampBeforeMaxMs: 3_600_000, timestampAfterMaxMs: 3_600_000, messageTimestampType: 'LogAppendTime' })).ok,
    'LogAppendTime topics do not bound producer timestamps');
});

test('a keyless record with a bad timestamp reports the key; any timestamp error makes the batch INVALID_TIMESTAMP', () => {
  const batch = buildRecordBatch({ records: [{ key: null, value: b('a'), timestamp: 0 }, { key: b('b'), value: b('b'), timestamp: 0 }, { key: null, value: b('c'), timestamp: NOW }] });
  const r = validateProduceRecords(batch, opts({ compacted: true, timestampBeforeMaxMs: 1000 }));
  assert.ok(!r.ok);
  assert.equal(r.errorCode, ErrorCode.INVALID_TIMESTAMP);
  assert.deepEqual(r.recordErrors?.map((e) => [e.batchIndex, e.message.slice(0, 20)]), [[0, 'Compacted topic cann'], [1, 'Timestamp 0 of messa'], [2, 'Compacted topic cann']]);
});

test('a batch the producer marked LogAppendTime: each record refused, printed as Kafka reads it', () => {
  const marked = (compression?: number): Buffer => buildRecordBatch({
    records: [{ key: b('ab'), value: b('xyz') }, { key: null, value: null }], timestampType: TimestampType.LOG_APPEND_TIME, maxTimestamp: -1,
    ...(compression === undefined ? {} : { compression: compression as 1 }),
  });
  const tail = '. Producer should not set timestamp type to LogAppendTime.';
  const plain = validateProduceRecords(marked(), opts());
  assert.ok(!plain.ok && plain.errorCode === ErrorCode.INVALID_TIMESTAMP);
  assert.deepEqual(plain.recordErrors, [
    { batchIndex: 0, message: `Invalid timestamp type in message DefaultRecord(offset=0, timestamp=-1, key=2 bytes, value=3 bytes)${tail}` },
    { batchIndex: 1, message: `Invalid timestamp type in message DefaultRecord(offset=1, timestamp=-1, key=0 bytes, value=0 bytes)${tail}` },
  ]);
  // Stored as sent (compressed, compression.type=producer): Kafka skips key and value, a null one is -1 bytes.
  const inPlace = validateProduceRecords(marked(CompressionCodec.GZIP), opts());
  assert.equal(!inPlace.ok && inPlace.recordErrors?.[1]?.message, `Invalid timestamp type in message PartialDefaultRecord(offset=1, timestamp=-1, key=-1 bytes, value=-1 bytes)${tail}`);
  const recompressed = validateProduceRecords(marked(CompressionCodec.GZIP), opts({ topicCodec: CompressionCodec.LZ4 }));
  assert.equal(!recompressed.ok && recompressed.recordErrors?.[1]?.message, `Invalid timestamp type in message DefaultRecord(offset=1, timestamp=-1, key=0 bytes, value=0 bytes)${tail}`);
});

test('a malformed record refuses the batch without record errors, even after invalid records', () => {
  const batch = buildRecordBatch({ records: records(3, [0]) });
  batch.writeInt32BE(2, 57); // the header now claims 2 records
  batch.writeInt32BE(1, 23); // and a consistent last offset delta
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
  const r = validateProduceRecords(batch, opts({ compacted: true }));
  assert.ok(!r.ok);
  assert.equal(r.errorCode, ErrorCode.INVALID_RECORD);
  assert.equal(r.recordErrors, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '@node-rs/crc32';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import {
  CRC_OFFSET, TimestampType, assignBatchOffset, incrementSequence, parseBatches, readBatchHeader, setLogAppendTime,
} from '../../../src-engine/storage/record-batch.js';
import { buildRecordBatch, decodeRecords, recompressBatch } from '../../../src-engine/storage/records.js';
import { validateBatchRecords, validateProduceRecords } from '../../../src-engine/storage/produce-validation.js';
import { CompressionCodec } from '../../../src-engine/compression/codecs.js';

function batch(n: number, opts: Partial<Parameters<typeof buildRecordBatch>[0]> = {}): Buffer {
  const records = Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), timestamp: 1000 + i }));
  return buildRecordBatch({ records, ...opts });
}

function crcOk(buf: Buffer, pos = 0): boolean {
  const size = buf.readInt32BE(pos + 8) + 12;
  return (crc32c(buf.subarray(pos + 21, pos + size)) >>> 0) === buf.readUInt32BE(pos + CRC_OFFSET);
}

test('header fields round trip through buildRecordBatch/readBatchHeader', () => {
  const buf = batch(3, { producerId: 42, producerEpoch: 3, baseSequence: 7, isTransactional: true, compression: CompressionCodec.GZIP });
  const h = readBatchHeader(buf, 0);
  assert.equal(h.sizeInBytes, buf.length);
  assert.equal(h.magic, 2);
  assert.equal(h.recordCount, 3);
  assert.equal(h.lastOffsetDelta, 2);
  assert.equal(h.baseTimestamp, 1000);
  assert.equal(h.maxTimestamp, 1002);
  assert.equal(h.producerId, 42);
  assert.equal(h.producerEpoch, 3);
  assert.equal(h.baseSequence, 7);
  assert.equal(h.isTransactional, true);
  assert.equal(h.isControl, false);
  assert.equal(h.compression, CompressionCodec.GZIP);
  assert.equal(h.timestampType, TimestampType.CREATE_TIME);
  assert.ok(crcOk(buf));
});

test('parseBatches iterates several concatenated batches', () => {
  const buf = Buffer.concat([batch(2), batch(5), batch(1)]);
  const r = parseBatches(buf);
  assert.ok(r.ok);
  assert.deepEqual(r.batches.map((b) => b.recordCount), [2, 5, 1]);
  assert.deepEqual(r.batches.map((b) => b.position), [0, batch(2).length, batch(2).length + batch(5).length]);
});

test('offsets are assigned in place and the CRC stays valid; LogAppendTime recomputes it', () => {
  const buf = Buffer.concat([batch(2), batch(3)]);
  const r = parseBatches(buf);
  assert.ok(r.ok);
  const [a, b] = r.batches;
  assert.ok(a && b);
  assignBatchOffset(buf, a.position, 100, 7);
  assignBatchOffset(buf, b.position, 102, 7);
  assert.ok(crcOk(buf, a.position) && crcOk(buf, b.position));
  assert.equal(readBatchHeader(buf, b.position).baseOffset, 102);
  assert.equal(readBatchHeader(buf, b.position).partitionLeaderEpoch, 7);
  assert.deepEqual(decodeRecords(buf, readBatchHeader(buf, b.position)).map((x) => x.offset), [102, 103, 104]);

  setLogAppendTime(buf, b.position, b.sizeInBytes, 5_000_000);
  const h = readBatchHeader(buf, b.position);
  assert.equal(h.maxTimestamp, 5_000_000);
  assert.equal(h.timestampType, TimestampType.LOG_APPEND_TIME);
  assert.ok(crcOk(buf, b.position));
  assert.ok(parseBatches(buf).ok);
  assert.deepEqual(decodeRecords(buf, h).map((x) => x.timestamp), [5_000_000, 5_000_000, 5_000_000]);
});

test('a flipped byte fails the CRC with CORRUPT_MESSAGE', () => {
  const buf = batch(4);
  buf[buf.length - 3] = (buf[buf.length - 3] ?? 0) ^ 0xff;
  const r = parseBatches(buf);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.errorCode, ErrorCode.CORRUPT_MESSAGE);
});

test('framing errors map onto Kafka error codes', () => {
  const good = batch(2);
  const truncated = good.subarray(0, good.length - 5);
  const r1 = parseBatches(truncated);
  assert.ok(!r1.ok && r1.errorCode === ErrorCode.CORRUPT_MESSAGE);

  const tooSmall = Buffer.from(good);
  tooSmall.writeInt32BE(10, 8);
  const r2 = parseBatches(tooSmall);
  assert.ok(!r2.ok && r2.errorCode === ErrorCode.CORRUPT_MESSAGE);

  const r3 = parseBatches(good, { maxBatchBytes: good.length - 1 });
  assert.ok(!r3.ok && r3.errorCode === ErrorCode.MESSAGE_TOO_LARGE);

  const oldMagic = Buffer.from(good);
  oldMagic.writeInt8(1, 16);
  const r4 = parseBatches(oldMagic, { verifyCrc: false });
  assert.ok(!r4.ok && r4.errorCode === ErrorCode.INVALID_RECORD);

  const badCodec = Buffer.from(good);
  badCodec.writeInt16BE(7, 21);
  badCodec.writeUInt32BE(crc32c(badCodec.subarray(21)) >>> 0, 17);
  const r5 = parseBatches(badCodec);
  assert.ok(!r5.ok && r5.errorCode === ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
});

test('produce validation: count consistency, control batches, null keys on compacted topics, timestamps', () => {
  const inconsistent = batch(3, { lastOffsetDelta: 5 });
  const r1 = validateProduceRecords(inconsistent, { maxMessageBytes: 1 << 20 });
  assert.ok(!r1.ok && r1.errorCode === ErrorCode.INVALID_RECORD);

  const control = batch(1, { isControl: true });
  const r2 = validateProduceRecords(control, { maxMessageBytes: 1 << 20 });
  assert.ok(!r2.ok && r2.errorCode === ErrorCode.INVALID_RECORD);

  const nullKey = buildRecordBatch({ records: [{ key: null, value: Buffer.from('x') }] });
  const r3 = validateProduceRecords(nullKey, { maxMessageBytes: 1 << 20 });
  assert.ok(r3.ok && r3.hasNullKey);
  const r4 = validateProduceRecords(nullKey, { maxMessageBytes: 1 << 20, compacted: true });
  assert.ok(!r4.ok && r4.errorCode === ErrorCode.INVALID_RECORD);

  const old = batch(2);
  const r5 = validateProduceRecords(old, { maxMessageBytes: 1 << 20, now: 1_000_000, timestampBeforeMaxMs: 1000 });
  assert.ok(!r5.ok && r5.errorCode === ErrorCode.INVALID_TIMESTAMP);
  const r6 = validateProduceRecords(old, { maxMessageBytes: 1 << 20, now: 0, timestampAfterMaxMs: 500 });
  assert.ok(!r6.ok && r6.errorCode === ErrorCode.INVALID_TIMESTAMP);
  assert.ok(validateProduceRecords(old, { maxMessageBytes: 1 << 20, now: 1500, timestampBeforeMaxMs: 1000 }).ok);
  assert.ok(validateProduceRecords(old, {
    maxMessageBytes: 1 << 20, now: 1_000_000, timestampBeforeMaxMs: 1000, messageTimestampType: 'LogAppendTime',
  }).ok, 'LogAppendTime topics do not bound producer timestamps');

  const r8 = validateProduceRecords(old, { maxMessageBytes: 1 << 20, segmentBytes: old.length - 1 });
  assert.ok(!r8.ok && r8.errorCode === ErrorCode.RECORD_LIST_TOO_LARGE);

  const multi = Buffer.concat([batch(1), batch(1)]);
  const r7 = validateProduceRecords(multi, { maxMessageBytes: 1 << 20, requireSingleBatch: true });
  assert.ok(!r7.ok && r7.errorCode === ErrorCode.INVALID_RECORD);
});

test('record walk detects a record count that lies and corrupt compressed payloads', () => {
  const lying = batch(3);
  lying.writeInt32BE(4, 57);
  lying.writeInt32BE(3, 23);
  const h = readBatchHeader(lying, 0);
  const r = validateBatchRecords(lying, h);
  assert.ok(!r.ok && r.errorCode === ErrorCode.INVALID_RECORD);

  const gapped = buildRecordBatch({ records: [{ value: Buffer.from('a') }, { value: Buffer.from('b'), offsetDelta: 5 }], lastOffsetDelta: 1 });
  const r3 = validateBatchRecords(gapped, readBatchHeader(gapped, 0));
  assert.ok(!r3.ok && r3.errorCode === ErrorCode.INVALID_RECORD, 'inner offsets must be continuous');

  const gz = batch(3, { compression: CompressionCodec.GZIP });
  gz.fill(0x55, 70, 80);
  const r2 = validateBatchRecords(gz, readBatchHeader(gz, 0));
  assert.ok(!r2.ok && r2.errorCode === ErrorCode.CORRUPT_MESSAGE);
});

test('records decode keys, values, null values and headers', () => {
  const buf = buildRecordBatch({
    baseOffset: 10,
    records: [
      { key: Buffer.from('a'), value: null, timestamp: 5 },
      { key: null, value: Buffer.from('b'), headers: [{ key: 'ü', value: null }, { key: 'x', value: Buffer.from('y') }], timestamp: 9 },
    ],
  });
  const recs = decodeRecords(buf);
  assert.deepEqual(recs, [
    { offset: 10, timestamp: 5, key: Buffer.from('a'), value: null, headers: [] },
    { offset: 11, timestamp: 9, key: null, value: Buffer.from('b'), headers: [{ key: 'ü', value: null }, { key: 'x', value: Buffer.from('y') }] },
  ]);
});

test('varlong timestamp deltas beyond 32 bits and negative deltas', () => {
  const buf = buildRecordBatch({ records: [{ value: Buffer.from('1'), timestamp: 1_700_000_000_000 }, { value: Buffer.from('2'), timestamp: 10 }] });
  assert.deepEqual(decodeRecords(buf).map((r) => r.timestamp), [1_700_000_000_000, 10]);
});

test('sequence numbers wrap at Int32 max', () => {
  assert.equal(incrementSequence(5, 3), 8);
  assert.equal(incrementSequence(0x7fffffff, 1), 0);
  assert.equal(incrementSequence(0x7ffffffe, 3), 1);
});

test('recompressBatch keeps offsets, timestamps and producer fields, changes only the codec', () => {
  const original = buildRecordBatch({
    baseOffset: 500, partitionLeaderEpoch: 2, producerId: 77, producerEpoch: 1, baseSequence: 10, isTransactional: true,
    compression: CompressionCodec.GZIP,
    records: [
      { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 100, headers: [{ key: 'h', value: Buffer.from('x') }] },
      { key: null, value: null, timestamp: 90 },
      { key: Buffer.from('c'), value: Buffer.from('3'), timestamp: 120 },
    ],
  });
  const before = readBatchHeader(original, 0);
  const re = recompressBatch(original, before, CompressionCodec.ZSTD);
  const after = readBatchHeader(re, 0);
  assert.equal(after.compression, CompressionCodec.ZSTD);
  for (const field of ['baseOffset', 'lastOffsetDelta', 'partitionLeaderEpoch', 'baseTimestamp', 'maxTimestamp', 'producerId',
    'producerEpoch', 'baseSequence', 'recordCount', 'isTransactional', 'timestampType'] as const) {
    assert.equal(after[field], before[field], field);
  }
  assert.ok(parseBatches(re).ok, 'valid CRC');
  assert.deepEqual(decodeRecords(re, after), decodeRecords(original, before));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRecordBatch, decodeRecords } from '../../../src-engine/storage/records.js';
import { readBatchHeader, isBatchCrcValid } from '../../../src-engine/storage/record-batch.js';
import { CompressionCodec } from '../../../src-engine/compression/codecs.js';
import { OffsetMap, addToOffsetMap, type StoredBatch } from '../../../src-engine/log-management/cleaner/offset-map.js';
import { buildTxnView } from '../../../src-engine/log-management/cleaner/transactions.js';
import { cleanBatch, emptyStats } from '../../../src-engine/log-management/cleaner/clean-batches.js';
import { recompressForTopic } from '../../../src-engine/log-management/recompress.js';

const b = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s));

function batch(baseOffset: number, records: [string, string | null][], extra: Parameters<typeof buildRecordBatch>[0] extends infer O ? Partial<O> : never = {}): StoredBatch {
  const bytes = buildRecordBatch({ baseOffset, records: records.map(([k, v], i) => ({ key: b(k), value: b(v), timestamp: 1000 + baseOffset + i })), ...extra });
  return { bytes, header: readBatchHeader(bytes, 0) };
}

test('keeps the latest record per key, keeps offsets, marks tombstones with a delete horizon, later drops them', () => {
  const log = [
    batch(0, [['a', '1'], ['b', '1'], ['a', '2']]),
    batch(3, [['b', null], ['c', '1']], { compression: CompressionCodec.GZIP }),
    batch(5, [['a', '3']]),
  ];
  const map = new OffsetMap();
  addToOffsetMap(map, log, 0, 6, () => false);
  assert.equal(map.size, 3);
  const txns = buildTxnView(log);
  const stats = emptyStats();
  const out = log.map((x) => cleanBatch(x, { map, txns, now: 10_000, deleteRetentionMs: 500 }, stats)).filter((x): x is Buffer => x !== null);
  assert.equal(out.length, 2, 'first batch emptied and dropped');
  const second = readBatchHeader(out[0]!, 0);
  assert.equal(second.baseOffset, 3);
  assert.equal(second.lastOffset, 4);
  assert.equal(second.compression, CompressionCodec.GZIP);
  assert.equal(second.hasDeleteHorizon, true);
  assert.equal(second.baseTimestamp, 10_500);
  assert.ok(isBatchCrcValid(out[0]!, second));
  assert.deepEqual(decodeRecords(out[0]!).map((r) => [r.offset, r.key?.toString(), r.value?.toString() ?? null, r.timestamp]), [
    [3, 'b', null, 1003], [4, 'c', '1', 1004],
  ]);
  assert.equal(stats.tombstonesRetained, 1);
  assert.equal(stats.nextTombstoneExpiry, 10_500);
  assert.equal(stats.recordsBefore, 6);
  assert.equal(stats.recordsAfter, 3);

  // A second pass after the horizon removes the tombstone; before it, the batch is left as is.
  const again: StoredBatch = { bytes: out[0]!, header: second };
  const early = emptyStats();
  assert.equal(cleanBatch(again, { map, txns, now: 10_400, deleteRetentionMs: 500 }, early), out[0]);
  const late = emptyStats();
  const cleaned = cleanBatch(again, { map, txns, now: 10_600, deleteRetentionMs: 500 }, late);
  assert.ok(cleaned);
  assert.deepEqual(decodeRecords(cleaned).map((r) => r.offset), [4]);
  assert.equal(late.tombstonesRemoved, 1);
});

test('aborted transactional data is dropped, markers kept, the last batch of a producer kept empty', () => {
  const marker = (offset: number, type: number, pid: number): StoredBatch => {
    const key = Buffer.alloc(4);
    key.writeInt16BE(0, 0);
    key.writeInt16BE(type, 2);
    const bytes = buildRecordBatch({ baseOffset: offset, records: [{ key, value: Buffer.alloc(6) }], isControl: true, isTransactional: true, producerId: pid, producerEpoch: 0 });
    return { bytes, header: readBatchHeader(bytes, 0) };
  };
  const log = [
    batch(0, [['k', 'aborted']], { isTransactional: true, producerId: 7, producerEpoch: 0, baseSequence: 0 }),
    marker(1, 0, 7),
    batch(2, [['k', 'v1']], { producerId: 9, producerEpoch: 0, baseSequence: 0 }),
    batch(3, [['k', 'v2']]),
  ];
  const map = new OffsetMap();
  const txns = buildTxnView(log);
  addToOffsetMap(map, log, 0, 4, txns.isAborted);
  assert.equal(map.get(Buffer.from('k')), 3);
  const stats = emptyStats();
  const out = log.map((x) => cleanBatch(x, { map, txns, now: 0, deleteRetentionMs: 0 }, stats));
  // pid 7's only batch is aborted and is its last: kept empty for the sequence; the marker stays.
  assert.equal(readBatchHeader(out[0]!, 0).recordCount, 0);
  assert.equal(readBatchHeader(out[0]!, 0).lastOffset, 0);
  assert.equal(out[1], log[1]!.bytes);
  assert.equal(readBatchHeader(out[2]!, 0).recordCount, 0, 'producer 9 keeps an empty last batch');
  assert.equal(readBatchHeader(out[2]!, 0).baseSequence, 0);
  assert.equal(out[3], log[3]!.bytes);
});

test('topic compression re-encodes batches whose codec differs, keeping records and offsets', () => {
  const src = batch(0, [['a', 'x'.repeat(200)], ['b', 'y']], { compression: CompressionCodec.GZIP });
  const same = recompressForTopic(src.bytes, [src.header], { compressionType: 'gzip', compressionLevels: { gzip: -1, lz4: 9, zstd: 3 } });
  assert.equal(same.recompressed, false);
  const prod = recompressForTopic(src.bytes, [src.header], { compressionType: 'producer', compressionLevels: { gzip: -1, lz4: 9, zstd: 3 } });
  assert.equal(prod.recompressed, false);
  for (const [type, codec] of [['lz4', CompressionCodec.LZ4], ['zstd', CompressionCodec.ZSTD], ['snappy', CompressionCodec.SNAPPY], ['uncompressed', CompressionCodec.NONE]] as const) {
    const r = recompressForTopic(src.bytes, [src.header], { compressionType: type, compressionLevels: { gzip: -1, lz4: 9, zstd: 3 } });
    assert.equal(r.recompressed, true);
    assert.equal(r.batches[0]?.compression, codec);
    assert.ok(isBatchCrcValid(r.records, r.batches[0]!));
    assert.deepEqual(decodeRecords(r.records).map((x) => [x.offset, x.key?.toString(), x.value?.toString(), x.timestamp]),
      decodeRecords(src.bytes).map((x) => [x.offset, x.key?.toString(), x.value?.toString(), x.timestamp]));
  }
});

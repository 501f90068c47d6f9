import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { ProducerStateManager } from '../../../src-engine/producers/producer-state.js';
import { decodeSnapshot, encodeSnapshot, listSnapshots } from '../../../src-engine/producers/producer-snapshot.js';
import { readBatchHeader, type BatchHeader } from '../../../src-engine/storage/record-batch.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import { NOW, makeBatch, openLog, settings, tempDir } from '../storage/helpers.js';

function batch(pid: number, epoch: number, seq: number, count = 2, extra: { isTransactional?: boolean } = {}): Buffer {
  return makeBatch(count, { producerId: pid, producerEpoch: epoch, baseSequence: seq, ...extra });
}

function header(buf: Buffer): BatchHeader {
  return readBatchHeader(buf, 0);
}

function appendChecked(state: ProducerStateManager, buf: Buffer, baseOffset: number): ReturnType<ProducerStateManager['check']> {
  const h = header(buf);
  const r = state.check(h);
  if (r.kind === 'ok') {
    state.update({ ...h, baseOffset, lastOffset: baseOffset + h.lastOffsetDelta });
  }
  return r;
}

test('in-order sequences are accepted; a retried batch is a duplicate with its original offsets', () => {
  const s = new ProducerStateManager();
  assert.equal(appendChecked(s, batch(7, 0, 0), 0).kind, 'ok');
  assert.equal(appendChecked(s, batch(7, 0, 2), 2).kind, 'ok');
  assert.equal(appendChecked(s, batch(7, 0, 4), 4).kind, 'ok');
  assert.deepEqual(s.check(header(batch(7, 0, 2))), { kind: 'duplicate', firstOffset: 2, lastOffset: 3 });
  const gap = s.check(header(batch(7, 0, 9)));
  assert.ok(gap.kind === 'error' && gap.errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  const nonDup = s.check(header(batch(7, 0, 3)));
  assert.ok(nonDup.kind === 'error' && nonDup.errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('only the last 5 batches are remembered for duplicate detection', () => {
  const s = new ProducerStateManager();
  for (let i = 0; i < 7; i++) assert.equal(appendChecked(s, batch(1, 0, i * 2), i * 2).kind, 'ok');
  assert.equal(s.check(header(batch(1, 0, 4))).kind, 'duplicate');
  assert.equal(s.check(header(batch(1, 0, 2))).kind, 'error');
});

test('epochs: an older epoch is INVALID_PRODUCER_EPOCH, a new epoch must start at 0', () => {
  const s = new ProducerStateManager();
  appendChecked(s, batch(3, 5, 0), 0);
  const old = s.check(header(batch(3, 4, 2)));
  assert.ok(old.kind === 'error' && old.errorCode === ErrorCode.INVALID_PRODUCER_EPOCH);
  const bad = s.check(header(batch(3, 6, 2)));
  assert.ok(bad.kind === 'error' && bad.errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  assert.equal(appendChecked(s, batch(3, 6, 0), 2).kind, 'ok');
  assert.equal(appendChecked(s, batch(3, 6, 2), 4).kind, 'ok');
});

test('unknown producers: Kafka accepts any sequence; strict mode answers UNKNOWN_PRODUCER_ID', () => {
  assert.equal(new ProducerStateManager().check(header(batch(9, 0, 17))).kind, 'ok');
  const strict = new ProducerStateManager({ strictUnknownProducer: true });
  const r = strict.check(header(batch(9, 0, 17)));
  assert.ok(r.kind === 'error' && r.errorCode === ErrorCode.UNKNOWN_PRODUCER_ID);
  assert.equal(strict.check(header(batch(9, 0, 0))).kind, 'ok');
});

test('sequence numbers wrap from Int32 max to 0', () => {
  const s = new ProducerStateManager();
  assert.equal(appendChecked(s, batch(2, 0, 0x7ffffffe, 2), 0).kind, 'ok');
  assert.equal(appendChecked(s, batch(2, 0, 0, 2), 2).kind, 'ok');
  const wrapping = new ProducerStateManager();
  assert.equal(appendChecked(wrapping, batch(2, 0, 0x7ffffffe, 3), 0).kind, 'ok');
  assert.equal(appendChecked(wrapping, batch(2, 0, 1, 1), 3).kind, 'ok');
});

test('non-idempotent batches bypass the checks', () => {
  assert.equal(new ProducerStateManager().check(header(makeBatch(2))).kind, 'ok');
});

test('transactions: first offset of the ongoing transaction bounds the LSO; markers end it', () => {
  const dir = tempDir();
  const log = openLog(dir, settings());
  log.append(makeBatch(2), { now: NOW, partitionLeaderEpoch: 0 });
  log.append(batch(11, 0, 0, 3, { isTransactional: true }), { now: NOW, partitionLeaderEpoch: 0 });
  log.append(makeBatch(2), { now: NOW, partitionLeaderEpoch: 0 });
  assert.equal(log.highWatermark, 7);
  assert.equal(log.lastStableOffset, 2);
  const nonTxn = log.producerState.check(header(batch(11, 0, 3)));
  assert.ok(nonTxn.kind === 'error' && nonTxn.errorCode === ErrorCode.INVALID_TXN_STATE);
  const abortMarker = buildRecordBatch({
    records: [{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 5]) }],
    producerId: 11, producerEpoch: 0, isTransactional: true, isControl: true,
  });
  log.appendControlOrBuilt(abortMarker, { now: NOW });
  assert.equal(log.lastStableOffset, 8);
  assert.deepEqual(log.abortedTransactions(0, 8), [{ producerId: 11, firstOffset: 2 }]);
  assert.deepEqual(log.abortedTransactions(8, 20), [], 'the transaction ended before offset 8');

  // The abort is in the .txnindex of the segment holding the marker, in Kafka's 34-byte format.
  const txnFiles = fs.readdirSync(log.dir).filter((f) => f.endsWith('.txnindex'));
  assert.equal(txnFiles.length, 1);
  const txnFile = path.join(log.dir, txnFiles[0] ?? '');
  const raw = fs.readFileSync(txnFile);
  assert.equal(raw.length, 34);
  assert.deepEqual([raw.readInt16BE(0), raw.readBigInt64BE(2), raw.readBigInt64BE(10), raw.readBigInt64BE(18), raw.readBigInt64BE(26)],
    [0, 11n, 2n, 7n, 8n]);

  // A committed transaction leaves no entry.
  log.append(batch(12, 0, 0, 1, { isTransactional: true }), { now: NOW, partitionLeaderEpoch: 0 });
  assert.equal(log.lastStableOffset, 8);
  log.appendControlOrBuilt(buildRecordBatch({
    records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 5]) }],
    producerId: 12, producerEpoch: 0, isTransactional: true, isControl: true,
  }), { now: NOW });
  assert.equal(log.lastStableOffset, 10);
  assert.equal(log.abortedTransactions(0, 10).length, 1);
  log.close();

  // Survives a clean restart, and a crash that also lost the .txnindex file (rebuilt by replay).
  const reopened = openLog(dir, settings(), { cleanShutdown: true });
  assert.deepEqual(reopened.abortedTransactions(0, 10), [{ producerId: 11, firstOffset: 2 }]);
  reopened.close();
  fs.rmSync(txnFile);
  for (const f of fs.readdirSync(reopened.dir)) if (f.endsWith('.snapshot')) fs.rmSync(path.join(reopened.dir, f));
  const crashed = openLog(dir, settings(), { cleanShutdown: false });
  assert.deepEqual(crashed.abortedTransactions(0, 10), [{ producerId: 11, firstOffset: 2 }]);
  assert.equal(fs.statSync(txnFile).size, 34);
  crashed.close();
});

test('snapshot format round trip (Kafka layout, CRC-32C checked)', () => {
  const s = new ProducerStateManager();
  appendChecked(s, batch(123456789012, 3, 40, 5), 1000);
  const buf = encodeSnapshot(s.producers.values());
  assert.equal(buf.readInt16BE(0), 1);
  assert.equal(buf.readInt32BE(6), 1);
  assert.equal(buf.length, 10 + 46);
  const [e] = decodeSnapshot(buf);
  assert.deepEqual(e?.batches, [{ firstSeq: 40, lastSeq: 44, firstOffset: 1000, lastOffset: 1004, timestamp: 1004 }]);
  assert.equal(e?.producerId, 123456789012);
  assert.equal(e?.producerEpoch, 3);
  buf[20] = (buf[20] ?? 0) ^ 1;
  assert.throws(() => decodeSnapshot(buf), /CRC/);
});

test('producer state survives clean and unclean restarts (snapshot + replay)', () => {
  const dir = tempDir();
  const s = settings({ segmentBytes: 1200 });
  const log = openLog(dir, s);
  for (let i = 0; i < 10; i++) log.append(batch(5, 1, i * 2), { now: NOW, partitionLeaderEpoch: 0 });
  log.close();
  assert.ok(listSnapshots(log.dir).length >= 1);
  const clean = openLog(dir, s, { cleanShutdown: true });
  assert.deepEqual(clean.producerState.check(header(batch(5, 1, 18))), { kind: 'duplicate', firstOffset: 18, lastOffset: 19 });
  assert.equal(clean.producerState.check(header(batch(5, 1, 20))).kind, 'ok');
  clean.append(batch(5, 1, 20), { now: NOW, partitionLeaderEpoch: 0 });
  clean.append(batch(5, 1, 22), { now: NOW, partitionLeaderEpoch: 0 });
  // crash: no close; snapshots only cover up to the last roll/close, the rest is replayed from the log
  const crashed = openLog(dir, s, { cleanShutdown: false });
  assert.deepEqual(crashed.producerState.check(header(batch(5, 1, 20))), { kind: 'duplicate', firstOffset: 20, lastOffset: 21 });
  assert.deepEqual(crashed.producerState.check(header(batch(5, 1, 22))), { kind: 'duplicate', firstOffset: 22, lastOffset: 23 });
  assert.equal(crashed.producerState.check(header(batch(5, 1, 24))).kind, 'ok');
  const gap = crashed.producerState.check(header(batch(5, 1, 30)));
  assert.ok(gap.kind === 'error' && gap.errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  // Remove every snapshot: full replay from the log start gives the same answers.
  crashed.close();
  for (const f of fs.readdirSync(crashed.dir)) if (f.endsWith('.snapshot')) fs.rmSync(path.join(crashed.dir, f));
  const replayed = openLog(dir, s, { cleanShutdown: true });
  assert.deepEqual(replayed.producerState.check(header(batch(5, 1, 22))), { kind: 'duplicate', firstOffset: 22, lastOffset: 23 });
  replayed.close();
});

test('producers idle for producer.id.expiration.ms are forgotten (ongoing transactions are kept)', () => {
  const s = new ProducerStateManager();
  appendChecked(s, makeBatch(1, { producerId: 1, producerEpoch: 0, baseSequence: 0, ts: 1000 }), 0);
  appendChecked(s, makeBatch(1, { producerId: 2, producerEpoch: 0, baseSequence: 0, ts: 50_000 }), 1);
  appendChecked(s, makeBatch(1, { producerId: 3, producerEpoch: 0, baseSequence: 0, ts: 1000, isTransactional: true }), 2);
  assert.equal(s.removeExpiredProducers(40_000, 30_000), 1);
  assert.deepEqual([...s.producers.keys()].sort(), [2, 3]);
  assert.equal(s.check(header(batch(1, 0, 7))).kind, 'ok', 'an expired producer is unknown again');
});

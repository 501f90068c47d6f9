/**
 * `__transaction_state` records and transaction markers byte for byte as Kafka writes them
 * (TransactionLog.keyToBytes/valueToBytes, EndTransactionMarker), and Kafka's partitionFor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTxnLogRecord, transactionPartitionFor, txnLogKey, txnLogValue } from '../../../src-engine/transactions/txn-log.js';
import { buildMarkerBatch } from '../../../src-engine/transactions/markers.js';
import { newTxnMetadata } from '../../../src-engine/transactions/txn-metadata.js';
import { readBatchHeader } from '../../../src-engine/storage/record-batch.js';
import { decodeRecords } from '../../../src-engine/storage/records.js';

test('key: int16 version 0 + the transactional id as an int16-length string', () => {
  assert.deepEqual(txnLogKey('tx'), Buffer.from([0, 0, 0, 2, 0x74, 0x78]));
});

test('value v0: Empty has a null partition list; Ongoing lists its partitions; both decode back', () => {
  const m = newTxnMetadata('tx', 7, 60_000, 1000);
  m.producerEpoch = 3;
  const empty = txnLogValue(m);
  const expected = Buffer.alloc(2 + 8 + 2 + 4 + 1 + 4 + 8 + 8);
  let pos = expected.writeInt16BE(0, 0);
  pos = expected.writeBigInt64BE(7n, pos);
  pos = expected.writeInt16BE(3, pos);
  pos = expected.writeInt32BE(60_000, pos);
  pos = expected.writeInt8(0, pos);
  pos = expected.writeInt32BE(-1, pos);
  pos = expected.writeBigInt64BE(1000n, pos);
  expected.writeBigInt64BE(-1n, pos);
  assert.deepEqual(empty, expected);

  m.state = 'Ongoing';
  m.startTimestamp = 900;
  m.partitions.set('orders', new Set([2, 0]));
  const decoded = decodeTxnLogRecord(txnLogKey('tx'), txnLogValue(m));
  assert.equal(decoded?.transactionalId, 'tx');
  const d = decoded?.metadata;
  assert.deepEqual([d?.producerId, d?.producerEpoch, d?.timeoutMs, d?.state, d?.startTimestamp, d?.lastUpdateTimestamp],
    [7, 3, 60_000, 'Ongoing', 900, 1000]);
  assert.deepEqual([...(d?.partitions.get('orders') ?? [])].sort(), [0, 2]);
  assert.deepEqual(decodeTxnLogRecord(txnLogKey('tx'), null), { transactionalId: 'tx', metadata: null });
});

test('partitionFor: Java String.hashCode, sign bit cleared', () => {
  assert.equal(transactionPartitionFor('hello', 4), 99162322 % 4);
  // "polygenelubricants".hashCode() is Integer.MIN_VALUE: Utils.abs maps it to 0.
  assert.equal(transactionPartitionFor('polygenelubricants', 50), 0);
});

test('marker: one control record, transactional + control attributes, key version/type, value version/coordinator epoch', () => {
  const batch = buildMarkerBatch(42, 5, true, 9, 1234);
  const h = readBatchHeader(batch, 0);
  assert.deepEqual([h.isControl, h.isTransactional, h.producerId, h.producerEpoch, h.baseSequence, h.recordCount, h.lastOffsetDelta],
    [true, true, 42, 5, -1, 1, 0]);
  const [r] = decodeRecords(batch, h);
  assert.deepEqual(r?.key, Buffer.from([0, 0, 0, 1]));
  assert.deepEqual(r?.value, Buffer.from([0, 0, 0, 0, 0, 9]));
  assert.deepEqual(decodeRecords(buildMarkerBatch(42, 5, false, 0, 1234))[0]?.key, Buffer.from([0, 0, 0, 0]));
});

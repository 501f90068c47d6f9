// The log cleaner on a real Cluster and PartitionLog, with transactional batches and markers written
// directly (no transaction coordinator needed): aborted data goes, markers stay, producer state and
// the aborted-transaction index survive, and the cleaned log reloads after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from '../../../src-engine/cluster/cluster.js';
import { resolveOptions } from '../../../src-engine/cluster/options.js';
import { consoleLogger } from '../../../src-engine/logger.js';
import { buildRecordBatch, decodeRecords } from '../../../src-engine/storage/records.js';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import type { PartitionLog } from '../../../src-engine/storage/partition-log.js';

function open(dataDir: string): Cluster {
  const cluster = new Cluster(resolveOptions({ dataDir, port: 0, configs: { 'log.cleaner.backoff.ms': '3600000' } }, consoleLogger('error')));
  return cluster;
}

const b = (s: string): Buffer => Buffer.from(s);
const PID = 42;

function marker(log: PartitionLog, abort: boolean): void {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(abort ? 0 : 1, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(7, 2);
  log.appendControlOrBuilt(buildRecordBatch({ records: [{ key, value }], isControl: true, isTransactional: true, producerId: PID, producerEpoch: 0 }));
}

function txnData(log: PartitionLog, seq: number, records: [string, string][]): void {
  log.appendControlOrBuilt(buildRecordBatch({
    records: records.map(([k, v]) => ({ key: b(k), value: b(v) })), isTransactional: true, producerId: PID, producerEpoch: 0, baseSequence: seq,
  }));
}

function readAll(log: PartitionLog): { offset: number; key: string; value: string | null; control: boolean }[] {
  const out: { offset: number; key: string; value: string | null; control: boolean }[] = [];
  let from = log.logStartOffset;
  while (from < log.logEndOffset) {
    const r = log.read(from, 1 << 20, { minOneBatch: true });
    if (r.bytes === 0) break;
    const buf = Buffer.concat(r.chunks);
    const parsed = parseBatches(buf, { verifyCrc: true });
    assert.ok(parsed.ok);
    for (const h of parsed.batches) {
      for (const rec of decodeRecords(buf, h)) out.push({ offset: rec.offset, key: h.isControl ? 'ctl' : rec.key?.toString() ?? '', value: h.isControl ? null : rec.value?.toString() ?? null, control: h.isControl });
      from = h.lastOffset + 1;
    }
  }
  return out;
}

test('cleaning drops aborted data, keeps markers and producer state, and survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-cleaner-tx-'));
  let cluster = open(dataDir);
  try {
    cluster.createTopic('tx', 1, new Map([['cleanup.policy', 'compact'], ['segment.bytes', '300'], ['min.cleanable.dirty.ratio', '0.01']]));
    let log = cluster.partition('tx', 0)!.log;
    txnData(log, 0, [['a', 'a-aborted']]); // 0
    marker(log, true); // 1 ABORT
    txnData(log, 1, [['a', 'a-committed'], ['b', 'b1']]); // 2, 3
    marker(log, false); // 4 COMMIT
    log.appendControlOrBuilt(buildRecordBatch({ records: [{ key: b('b'), value: b('b2') }] })); // 5
    log.appendControlOrBuilt(buildRecordBatch({ records: [{ key: b('c'), value: b('c1') }] })); // 6
    log.roll();
    const abortedBefore = log.abortedTransactions(0, log.logEndOffset);
    assert.equal(abortedBefore.length, 1);

    const run = await cluster.logManagement.cleaner.cleanNow('tx', 0);
    assert.ok(run);
    assert.equal(run.endOffset, 7);
    const after = readAll(log);
    assert.deepEqual(after.map((r) => [r.offset, r.key, r.value]), [
      [1, 'ctl', null], [2, 'a', 'a-committed'], [4, 'ctl', null], [5, 'b', 'b2'], [6, 'c', 'c1'],
    ]);
    assert.deepEqual(log.abortedTransactions(0, log.logEndOffset), abortedBefore, 'the aborted transaction stays indexed');
    const entry = log.producerState.producers.get(PID);
    assert.ok(entry, 'producer state kept');

    // The next transactional batch of the producer is still in sequence.
    txnData(log, 3, [['d', 'd1']]);
    marker(log, false);

    await cluster.stop();
    cluster = open(dataDir);
    log = cluster.partition('tx', 0)!.log;
    const reloaded = readAll(log);
    assert.deepEqual(reloaded.slice(0, 5).map((r) => [r.offset, r.key, r.value]), after.map((r) => [r.offset, r.key, r.value]));
    assert.ok(log.producerState.producers.has(PID), 'producer state rebuilt after restart');
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

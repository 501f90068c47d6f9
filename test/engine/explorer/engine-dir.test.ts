/**
 * The segment explorer on the engine's own data dir (written by kcat and kafkajs through a real broker, then
 * stopped), on corrupted copies of it (a flipped byte, a torn tail, a garbled index entry) and on bad paths.
 * The opened directory is never modified: its files' hashes and mtimes are compared at the end.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestBroker, tempDataDir } from '../../helpers/broker.js';
import { kcatMissing } from '../../helpers/clients.js';
import { writeExplorerData, type ExplorerData } from '../../helpers/explorer-data.js';
import { assertCompacted, assertExplorerData, fingerprint, partitionNamed } from '../../helpers/explorer-checks.js';
import { openPath } from '../../../src-engine/explorer/open-dir.js';
import { batchRecords, batchesPage, segmentIndexes } from '../../../src-engine/explorer/pages.js';
import { SegmentExplorer } from '../../../src-engine/explorer/segment-explorer.js';
import { segmentFiles } from '../../../src-engine/storage/segment.js';

const skip = kcatMissing() ?? false;
let dataDir = '';
let data: ExplorerData;
let before_: Map<string, string>;
const copies: string[] = [];

before(async () => {
  if (skip) return;
  const broker = await startTestBroker();
  data = await writeExplorerData(broker.bootstrap, 'explore');
  await broker.stop({ keepData: true });
  dataDir = broker.dataDir;
  before_ = fingerprint(dataDir);
});

after(() => {
  for (const d of [dataDir, ...copies]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

function copyOf(): string {
  const dir = tempDataDir('kafkadesk-explorer-copy-');
  fs.cpSync(dataDir, dir, { recursive: true });
  copies.push(dir);
  return dir;
}

test('the engine data dir: codecs, CRCs, markers, aborted range, index checks and values as produced', { skip, timeout: 120_000 }, () => {
  const d = openPath(dataDir);
  assertExplorerData(d, data);
  assert.equal(d.errorCount, 0);
  const compacted = assertCompacted(d, data);
  assert.ok(compacted.segments > 1, 'segment.ms rolled the compacted topic');
});

test('a single partition folder opens on its own', { skip }, () => {
  const d = openPath(path.join(dataDir, `${data.txnTopic}-0`));
  assert.equal(d.kind, 'partition');
  assert.equal(d.partitions.length, 1);
  assert.equal(d.partitions[0]?.topic, data.txnTopic);
  assert.equal(d.partitions[0]?.partition, 0);
  const page = batchesPage({ path: d.path, partition: '', segment: 0 }, 0, 100);
  assert.equal(page.batches.length, 6);
  assert.equal(page.nextPosition, null);
  // By offset (through the .index): the page starts at the batch holding it.
  const at = (offset: number): number[] => batchesPage({ path: d.path, partition: '', segment: 0 }, 0, 2, offset).batches.map((b) => b.baseOffset);
  assert.deepEqual(at(1), [0, 2]);
  assert.deepEqual(at(4), [4, 5]);
  assert.deepEqual(at(6), [6]);
  assert.deepEqual(at(99), []);
});

test('a flipped byte: CRC mismatch located at its batch, the scan goes on past it', { skip }, () => {
  const dir = copyOf();
  const part = path.join(dir, `${data.txnTopic}-0`);
  const log = segmentFiles(part, 0).log;
  const page = batchesPage({ path: dir, partition: `${data.txnTopic}-0`, segment: 0 }, 0, 100);
  const third = page.batches[2];
  assert.ok(third);
  const bytes = fs.readFileSync(log);
  const at = third.position + third.sizeBytes - 3; // inside the records, covered by the CRC
  bytes.writeUInt8((bytes.readUInt8(at) ^ 0xff), at);
  fs.writeFileSync(log, bytes);
  const p = partitionNamed(openPath(dir), `${data.txnTopic}-0`);
  const seg = p.segments[0];
  assert.ok(seg);
  assert.equal(seg.crcErrors, 1);
  assert.equal(seg.batchCount, 6, 'every batch after the damaged one is still read');
  const problem = seg.problems.find((x) => x.message.includes('CRC'));
  assert.equal(problem?.file, '00000000000000000000.log');
  assert.equal(problem?.position, third.position);
  assert.ok(p.errorCount >= 1);
  const again = batchesPage({ path: dir, partition: `${data.txnTopic}-0`, segment: 0 }, 0, 100);
  assert.deepEqual(again.batches.map((b) => b.crcValid), [true, true, false, true, true, true]);
  const rec = batchRecords({ path: dir, partition: `${data.txnTopic}-0`, segment: 0 }, third.position);
  assert.equal(rec.batch.crcValid, false);
  assert.match(rec.error ?? '', /CRC/);
});

test('a .log cut mid-batch: the torn tail is located, earlier batches and the other partitions still read', { skip }, () => {
  const dir = copyOf();
  const name = `${data.txnTopic}-0`;
  const log = segmentFiles(path.join(dir, name), 0).log;
  const page = batchesPage({ path: dir, partition: name, segment: 0 }, 0, 100);
  const last = page.batches[page.batches.length - 1];
  assert.ok(last);
  fs.truncateSync(log, last.position + 20);
  const d = openPath(dir);
  const seg = partitionNamed(d, name).segments[0];
  assert.ok(seg);
  assert.equal(seg.batchCount, 5);
  assert.equal(seg.validBytes, last.position);
  const torn = seg.problems.find((x) => x.message.includes('torn'));
  assert.equal(torn?.position, last.position);
  assert.equal(partitionNamed(d, `${data.codecTopics.zstd}-0`).errorCount, 0, 'the rest of the dir is scanned');
  const cut = batchesPage({ path: dir, partition: name, segment: 0 }, 0, 100);
  assert.equal(cut.batches.length, 5);
  assert.equal(cut.problem?.position, last.position);
  // The index entry of the lost batch now points past the framed bytes.
  assert.ok(seg.index.offsetMismatches >= 1, JSON.stringify(seg.problems));
});

test('a zero-filled tail and a foreign magic byte end the walk where they start', { skip }, () => {
  const dir = copyOf();
  const zeros = `${data.codecTopics.gzip}-0`;
  const zlog = segmentFiles(path.join(dir, zeros), 0).log;
  const size = fs.statSync(zlog).size;
  fs.appendFileSync(zlog, Buffer.alloc(100)); // what a crash leaves after preallocation
  const name = `${data.txnTopic}-0`;
  const log = segmentFiles(path.join(dir, name), 0).log;
  const third = batchesPage({ path: dir, partition: name, segment: 0 }, 0, 100).batches[2];
  assert.ok(third);
  const bytes = fs.readFileSync(log);
  bytes.writeInt8(1, third.position + 16); // magic 1: a legacy message set, not a v2 batch
  fs.writeFileSync(log, bytes);

  const d = openPath(dir);
  const z = partitionNamed(d, zeros).segments[0];
  assert.equal(z?.validBytes, size);
  assert.ok(z?.problems.some((x) => x.position === size && /invalid batch length 0/.test(x.message)), JSON.stringify(z?.problems));
  assert.equal(z?.batchCount, 1, 'the batch before the zeros is intact');
  const t = partitionNamed(d, name).segments[0];
  assert.equal(t?.batchCount, 2);
  assert.ok(t?.problems.some((x) => x.position === third.position && /magic 1/.test(x.message)), JSON.stringify(t?.problems));
});

test('a garbled .index entry is flagged with its entry and file position', { skip }, () => {
  const dir = copyOf();
  const name = `${data.txnTopic}-0`;
  const index = segmentFiles(path.join(dir, name), 0).index;
  const bytes = fs.readFileSync(index);
  assert.ok(bytes.length >= 16, 'the index has entries');
  bytes.writeInt32BE(bytes.readInt32BE(12) + 7, 12); // entry 1's position
  fs.writeFileSync(index, bytes);
  const seg = partitionNamed(openPath(dir), name).segments[0];
  assert.ok(seg);
  assert.equal(seg.index.offsetMismatches, 1);
  assert.equal(seg.crcErrors, 0);
  const flagged = seg.problems.find((x) => x.file === '00000000000000000000.index');
  assert.equal(flagged?.position, 8);
  const listed = segmentIndexes({ path: dir, partition: name, segment: 0 }, 100);
  assert.deepEqual(listed.offsetIndex.map((e) => e.ok), listed.offsetIndex.map((_, i) => i !== 1));
  assert.match(listed.offsetIndex[1]?.message ?? '', /not the start of a batch/);
  // Seeking by offset does not trust the damaged entry: the walk falls back to the start of the log.
  for (const offset of [2, 3, 5]) {
    const page = batchesPage({ path: dir, partition: name, segment: 0 }, 0, 1, offset);
    assert.ok((page.batches[0]?.baseOffset ?? -1) <= offset && (page.batches[0]?.lastOffset ?? -1) >= offset, `offset ${offset}: ${JSON.stringify(page.batches[0])}`);
  }
});

test('a garbled .timeindex entry, a damaged .txnindex entry and a damaged producer snapshot are each flagged', { skip }, () => {
  const dir = copyOf();
  const name = `${data.txnTopic}-0`;
  const files = segmentFiles(path.join(dir, name), 0);
  const time = fs.readFileSync(files.timeIndex);
  assert.ok(time.length >= 24, 'the time index has entries');
  time.writeInt32BE(time.readInt32BE(12 + 8) + 1, 12 + 8); // entry 1's relative offset
  fs.writeFileSync(files.timeIndex, time);
  const txn = fs.readFileSync(files.txnIndex);
  txn.writeUInt32BE(txn.readUInt32BE(18 + 4) + 1, 18 + 4); // the marker offset (low word of lastOffset)
  fs.writeFileSync(files.txnIndex, txn);
  const snapshot = fs.readdirSync(path.join(dir, name)).find((f) => f.endsWith('.snapshot'));
  assert.ok(snapshot, 'the engine wrote a producer snapshot on shutdown');
  const snapPath = path.join(dir, name, snapshot);
  const snap = fs.readFileSync(snapPath);
  snap.writeUInt8(snap.readUInt8(snap.length - 1) ^ 0x01, snap.length - 1);
  fs.writeFileSync(snapPath, snap);

  const p = partitionNamed(openPath(dir), name);
  const seg = p.segments[0];
  assert.ok(seg);
  assert.equal(seg.index.timeMismatches, 1, JSON.stringify(seg.problems));
  assert.ok(seg.problems.some((x) => x.file.endsWith('.timeindex') && x.position === 12));
  // The entry now names offset 5 (no marker there), and the ABORT marker at 4 has lost its entry.
  assert.equal(seg.index.txnMismatches, 2, JSON.stringify(seg.problems));
  assert.ok(seg.problems.some((x) => x.file.endsWith('.txnindex') && x.message.includes('no control batch at offset 5')));
  assert.ok(seg.problems.some((x) => x.message.includes('ABORT marker at offset 4') && x.message.includes('no .txnindex entry')));
  assert.match(p.snapshots.find((s) => s.file === snapshot)?.error ?? '', /CRC/);
  assert.ok(p.problems.some((x) => x.file === snapshot && x.severity === 'error'));
  assert.equal(seg.crcErrors, 0, 'the .log itself is intact');
});

test('the worker thread answers the same, and bad paths get clear failures', { skip, timeout: 60_000 }, async () => {
  const explorer = new SegmentExplorer();
  try {
    const opened = await explorer.run({ kind: 'open', path: dataDir });
    assert.ok(opened.ok);
    assert.equal(opened.value.errorCount, 0);
    assert.equal(opened.value.partitions.length, openPath(dataDir).partitions.length);
    const missing = await explorer.run({ kind: 'open', path: path.join(dataDir, 'no-such-dir') });
    assert.deepEqual(missing.ok ? null : missing.failure.code, 'not-found');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-explorer-empty-'));
    copies.push(empty);
    const notKafka = await explorer.run({ kind: 'open', path: empty });
    assert.equal(notKafka.ok ? null : notKafka.failure.code, 'not-kafka');
    assert.match(notKafka.ok ? '' : notKafka.failure.message, /not a Kafka data directory/);
    const aFile = await explorer.run({ kind: 'open', path: path.join(dataDir, 'meta.properties') });
    assert.equal(aFile.ok ? null : aFile.failure.code, 'not-kafka');
    const badSegment = await explorer.run({ kind: 'batches', target: { path: dataDir, partition: `${data.txnTopic}-0`, segment: 99 }, fromPosition: 0, limit: 10 });
    assert.equal(badSegment.ok ? null : badSegment.failure.code, 'not-found');
    const escape = await explorer.run({ kind: 'batches', target: { path: dataDir, partition: '../etc', segment: 0 }, fromPosition: 0, limit: 10 });
    assert.equal(escape.ok ? null : escape.failure.code, 'bad-request');
    // Each key and value crosses the thread boundary as its own bytes, not as a view of the whole batch.
    const records = await explorer.run({ kind: 'records', target: { path: dataDir, partition: `${data.codecTopics.none}-0`, segment: 0 }, position: 0 });
    assert.ok(records.ok);
    assert.equal(records.value.records.length, 20);
    for (const r of records.value.records) assert.equal(r.value?.buffer.byteLength, r.value?.byteLength);
    const midBatch = await explorer.run({ kind: 'records', target: { path: dataDir, partition: `${data.txnTopic}-0`, segment: 0 }, position: 5 });
    assert.equal(midBatch.ok ? null : midBatch.failure.code, 'bad-request');
  } finally {
    await explorer.close();
  }
});

test('the opened directory was never modified (bytes, sizes, mtimes)', { skip }, () => {
  assert.deepEqual(fingerprint(dataDir), before_);
});

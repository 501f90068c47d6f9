import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LogDir } from '../../../src-engine/storage/log-dir.js';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { decodeRecords } from '../../../src-engine/storage/records.js';
import type { PartitionLog } from '../../../src-engine/storage/partition-log.js';
import { NOW, makeBatch, openLog, settings, tempDir } from './helpers.js';

function values(log: PartitionLog): string[] {
  const out: string[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const r = log.read(offset, 1 << 20, { minOneBatch: true });
    const buf = Buffer.concat(r.chunks);
    const parsed = parseBatches(buf);
    assert.ok(parsed.ok);
    for (const h of parsed.batches) {
      for (const rec of decodeRecords(buf, h)) out.push(`${rec.offset}:${rec.key?.toString()}`);
      offset = h.lastOffset + 1;
    }
  }
  return out;
}

function fill(log: PartitionLog, batches: number, perBatch = 3): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < batches; i++) {
    const b = makeBatch(perBatch, { valueSize: 120, tag: `b${i}-` });
    sizes.push(b.length);
    log.append(b, { now: NOW, partitionLeaderEpoch: 0 });
  }
  return sizes;
}

test('unclean shutdown: a .log torn mid-batch is truncated to the last whole batch; appends continue', () => {
  const dir = tempDir();
  const s = settings({ indexIntervalBytes: 500 });
  const log = openLog(dir, s);
  const sizes = fill(log, 10);
  const logFile = path.join(log.dir, '00000000000000000000.log');
  log.segments(); // the crash: no close()
  const full = fs.statSync(logFile).size;
  fs.truncateSync(logFile, full - Math.floor((sizes[9] ?? 0) / 2));

  const recovered = openLog(dir, s, { cleanShutdown: false });
  assert.equal(recovered.logEndOffset, 27, 'the torn 10th batch is gone, all 9 whole batches stay');
  assert.equal(recovered.recoveredBytesTruncated, (sizes[9] ?? 0) - Math.floor((sizes[9] ?? 0) / 2));
  assert.equal(values(recovered).length, 27);
  assert.equal(fs.statSync(logFile).size, sizes.slice(0, 9).reduce((a, b) => a + b, 0));
  recovered.append(makeBatch(2, { tag: 'after-' }), { now: NOW, partitionLeaderEpoch: 0 });
  assert.deepEqual(values(recovered).slice(-2), ['27:after-0', '28:after-1']);
  recovered.close();
});

test('unclean shutdown: a CRC-corrupt batch truncates there and later segments are deleted', () => {
  const dir = tempDir();
  const s = settings({ segmentBytes: 2500, indexIntervalBytes: 300 });
  const log = openLog(dir, s);
  const sizes = fill(log, 20);
  const segs = log.segments();
  assert.ok(segs.length >= 3);
  // Flip a byte inside the 2nd batch of the 2nd segment.
  const second = segs[1];
  assert.ok(second);
  const file = path.join(log.dir, second.files.log);
  const fd = fs.openSync(file, 'r+');
  const firstBatchSize = sizes[second.baseOffset / 3] ?? 0;
  fs.writeSync(fd, Buffer.from([0xee]), 0, 1, firstBatchSize + 100);
  fs.closeSync(fd);

  const recovered = openLog(dir, s, { cleanShutdown: false });
  assert.equal(recovered.logEndOffset, second.baseOffset + 3, 'everything from the corrupt batch on is gone');
  assert.equal(recovered.segments().length, 2);
  assert.equal(fs.readdirSync(recovered.dir).filter((f) => f.endsWith('.log')).length, 2);
  assert.equal(values(recovered).length, second.baseOffset + 3);
  recovered.close();
});

test('clean shutdown trusts segments, but missing or corrupt index files are rebuilt', () => {
  const dir = tempDir();
  const s = settings({ segmentBytes: 3000, indexIntervalBytes: 300 });
  const log = openLog(dir, s);
  fill(log, 20);
  const before = log.segments();
  log.close();
  fs.rmSync(path.join(log.dir, '00000000000000000000.index'));
  fs.rmSync(path.join(log.dir, '00000000000000000000.timeindex'));
  const secondIndex = path.join(log.dir, before[1]?.files.index ?? '');
  fs.writeFileSync(secondIndex, Buffer.from('0000000500000000000000010000000000000002', 'hex'));

  const reopened = openLog(dir, s, { cleanShutdown: true });
  const after = reopened.segments();
  assert.deepEqual(after.map((x) => [x.baseOffset, x.nextOffset, x.indexEntries, x.timeIndexEntries]),
    before.map((x) => [x.baseOffset, x.nextOffset, x.indexEntries, x.timeIndexEntries]));
  assert.ok(fs.statSync(path.join(log.dir, '00000000000000000000.index')).size > 0);
  assert.equal(values(reopened).length, 60);
  assert.deepEqual(reopened.offsetForTimestamp(1001), { offset: 1, timestamp: 1001 });
  reopened.close();
});

test('leftover .deleted and .cleaned files are removed; a .swap segment is completed', () => {
  const dir = tempDir();
  const s = settings();
  const log = openLog(dir, s);
  fill(log, 3);
  log.roll();
  fill(log, 2);
  log.close();
  const pdir = log.dir;
  // A compaction that wrote a replacement for segment 0 and crashed before swapping it in.
  fs.copyFileSync(path.join(pdir, '00000000000000000000.log'), path.join(pdir, '00000000000000000000.log.swap'));
  fs.writeFileSync(path.join(pdir, '00000000000000000000.log.cleaned'), 'junk');
  fs.writeFileSync(path.join(pdir, '00000000000000000042.log.deleted'), 'junk');
  const reopened = openLog(dir, s, { cleanShutdown: true });
  const files = fs.readdirSync(pdir);
  assert.deepEqual(files.filter((f) => /\.(swap|cleaned|deleted)$/.test(f)), []);
  assert.equal(reopened.logEndOffset, 15);
  assert.equal(values(reopened).length, 15);
  reopened.close();
});

test('LogDir: meta.properties, checkpoints in Kafka text format, clean-shutdown marker drives recovery', () => {
  const dataDir = tempDir();
  const logDir = LogDir.open(dataDir, { nodeId: 1, newClusterId: () => 'test-cluster-id' });
  assert.equal(logDir.hadCleanShutdown, false);
  const meta = fs.readFileSync(path.join(dataDir, 'meta.properties'), 'utf8');
  assert.match(meta, /^cluster\.id=test-cluster-id$/m);
  assert.match(meta, /^node\.id=1$/m);
  assert.match(meta, /^version=1$/m);
  assert.match(meta, /^directory\.id=[A-Za-z0-9_-]{22}$/m);

  const s = settings();
  const a = openLog(dataDir, s, { topic: 'my-topic.v2', logDir });
  fill(a, 4);
  a.deleteRecordsBefore(3);
  a.close();
  logDir.markCleanShutdown();
  assert.ok(fs.existsSync(path.join(dataDir, '.kafka_cleanshutdown')));
  assert.equal(fs.readFileSync(path.join(dataDir, 'recovery-point-offset-checkpoint'), 'utf8'), '0\n1\nmy-topic.v2 0 12\n');
  assert.equal(fs.readFileSync(path.join(dataDir, 'log-start-offset-checkpoint'), 'utf8'), '0\n1\nmy-topic.v2 0 3\n');
  assert.equal(fs.readFileSync(path.join(dataDir, 'replication-offset-checkpoint'), 'utf8'), '0\n1\nmy-topic.v2 0 12\n');

  const again = LogDir.open(dataDir, { nodeId: 1 });
  assert.equal(again.clusterId, 'test-cluster-id');
  assert.equal(again.hadCleanShutdown, true);
  assert.equal(fs.existsSync(path.join(dataDir, '.kafka_cleanshutdown')), false, 'marker removed while running');
  assert.deepEqual(again.partitionDirs().map((p) => [p.topic, p.partition]), [['my-topic.v2', 0]]);
  const b = openLog(dataDir, s, { topic: 'my-topic.v2', logDir: again });
  assert.equal(b.logStartOffset, 3, 'log start offset restored from its checkpoint');
  assert.equal(b.logEndOffset, 12);
  // Crash: no close, no marker. The next open recovers from the recovery point.
  fill(b, 1);
  const third = LogDir.open(dataDir, { nodeId: 1 });
  assert.equal(third.hadCleanShutdown, false);
  const c = openLog(dataDir, s, { topic: 'my-topic.v2', logDir: third });
  assert.equal(c.logEndOffset, 15);
  assert.equal(c.logStartOffset, 3);
  c.close();
  third.markCleanShutdown();
});

test('LogDir parses partition directory names at the last dash and ignores deletion leftovers', () => {
  const dataDir = tempDir();
  for (const d of ['a-b-c-3', 'x.y-0', 'orders-12', 'not_a_partition', 'orders-1.AAAAAAAAAAAAAAAAAAAAAA-delete', 'trailing-']) {
    fs.mkdirSync(path.join(dataDir, d));
  }
  const ld = LogDir.open(dataDir);
  assert.deepEqual(ld.partitionDirs().map((p) => `${p.topic}|${p.partition}`), ['a-b-c|3', 'orders|12', 'x.y|0']);
  assert.equal(fs.existsSync(path.join(dataDir, 'orders-1.AAAAAAAAAAAAAAAAAAAAAA-delete')), false);
});

test('a recreated topic ignores stale checkpoint entries of a deleted one with the same name', () => {
  const dataDir = tempDir();
  const logDir = LogDir.open(dataDir, { nodeId: 1 });
  const s = settings();
  const old = openLog(dataDir, s, { topic: 'orders', logDir });
  fill(old, 5);
  old.deleteRecordsBefore(9);
  old.close();
  logDir.markCleanShutdown();
  const logDir2 = LogDir.open(dataDir, { nodeId: 1 });
  assert.equal(logDir2.logStartOffset('orders', 0), 9);
  fs.rmSync(path.join(dataDir, 'orders-0'), { recursive: true });
  const recreated = openLog(dataDir, s, { topic: 'orders', logDir: logDir2 });
  assert.equal(recreated.logStartOffset, 0);
  assert.equal(recreated.logEndOffset, 0);
  recreated.append(makeBatch(2), { now: NOW, partitionLeaderEpoch: 0 });
  assert.deepEqual(values(recreated), ['0:k0', '1:k1']);
  recreated.close();
  logDir2.markCleanShutdown();
});

test('randomised damage: recovery keeps exactly the batches before the first damaged byte', () => {
  // A deterministic PRNG keeps failures reproducible.
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const s = settings({ segmentBytes: 4000, indexIntervalBytes: 400 });
  for (let round = 0; round < 40; round++) {
    const dir = tempDir();
    const log = openLog(dir, s);
    const batchEnds: { file: string; end: number; lastOffset: number }[] = [];
    for (let i = 0; i < 30; i++) {
      const info = log.append(makeBatch(1 + rand(4), { valueSize: 20 + rand(200), tag: `r${round}b${i}-` }), { now: NOW, partitionLeaderEpoch: 0 });
      const seg = log.segments().at(-1);
      assert.ok(seg);
      batchEnds.push({ file: seg.files.log, end: seg.sizeBytes, lastOffset: info.lastOffset });
    }
    const segFiles = log.segments().map((x) => x.files.log);
    // Damage one segment: either cut it at a random byte or flip a random byte.
    const victim = segFiles[rand(segFiles.length)] ?? '';
    const victimPath = path.join(log.dir, victim);
    const size = fs.statSync(victimPath).size;
    const at = rand(size);
    const cut = rand(2) === 0;
    if (cut) {
      fs.truncateSync(victimPath, at);
    } else {
      const fd = fs.openSync(victimPath, 'r+');
      const b = Buffer.alloc(1);
      fs.readSync(fd, b, 0, 1, at);
      b[0] = (b[0] ?? 0) ^ 0x5a;
      fs.writeSync(fd, b, 0, 1, at);
      fs.closeSync(fd);
    }
    // The damaged batch is the one containing byte `at`; everything before it must survive, nothing after it may.
    const victimBatches = batchEnds.filter((x) => x.file === victim);
    const damagedIndex = victimBatches.findIndex((x) => x.end > at);
    const damaged = victimBatches[damagedIndex];
    assert.ok(damaged);
    const batchStart = victimBatches[damagedIndex - 1]?.end ?? 0;
    const within = at - batchStart;
    const expectedEnd = (batchEnds[batchEnds.indexOf(damaged) - 1]?.lastOffset ?? -1) + 1;
    const originalEnd = log.logEndOffset;
    const recovered = openLog(dir, s, { cleanShutdown: false });
    if (cut || within >= 16) {
      assert.equal(recovered.logEndOffset, expectedEnd, `round ${round}: ${cut ? 'cut' : 'flip'} at byte ${within} of a batch`);
    } else if (within >= 12) {
      // partitionLeaderEpoch is outside the CRC (the broker rewrites it): harmless and undetectable.
      assert.equal(recovered.logEndOffset, originalEnd, `round ${round}: leader epoch flip`);
    } else if (within < 4 || within >= 8) {
      // High baseOffset bytes leave the segment's 32-bit offset range; batchLength damage breaks the framing.
      assert.ok(recovered.logEndOffset <= expectedEnd, `round ${round}: header flip at byte ${within}`);
    } else {
      // A low baseOffset byte is outside the CRC, like in Kafka: a forward shift of the last batch can pass as a
      // gap (compaction makes gaps legal). The log must still open and serve what it holds.
      assert.ok(recovered.read(recovered.logStartOffset, 1 << 20, { minOneBatch: true }).bytes >= 0);
      recovered.close();
      continue;
    }
    const keys = values(recovered);
    assert.equal(keys.length, recovered.logEndOffset, `round ${round}: every offset below the log end is readable`);
    keys.forEach((k, i) => assert.ok(k.startsWith(`${i}:`), `round ${round}: offset ${i} in order`));
    recovered.close();
  }
});

test('after an unclean start the recovery point stays where it was until the next flush', () => {
  const dataDir = tempDir();
  const s = settings();
  const first = LogDir.open(dataDir, { nodeId: 1 });
  const a = openLog(dataDir, s, { logDir: first });
  fill(a, 2);
  a.close();
  first.markCleanShutdown();
  const second = LogDir.open(dataDir, { nodeId: 1 });
  const b = openLog(dataDir, s, { logDir: second });
  fill(b, 3); // unflushed
  // crash: second is dropped without markCleanShutdown
  const third = LogDir.open(dataDir, { nodeId: 1 });
  const c = openLog(dataDir, s, { logDir: third });
  assert.equal(c.logEndOffset, 15);
  third.writeCheckpoints();
  const checkpoint = (): string => fs.readFileSync(path.join(dataDir, 'recovery-point-offset-checkpoint'), 'utf8');
  assert.equal(checkpoint(), '0\n1\norders 0 6\n', 'recovered data is not vouched for before it is flushed');
  c.flush();
  third.writeCheckpoints();
  assert.equal(checkpoint(), '0\n1\norders 0 15\n');
  c.close();
  third.markCleanShutdown();
});

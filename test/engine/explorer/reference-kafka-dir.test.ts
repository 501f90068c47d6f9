/**
 * The segment explorer on a data dir written by the reference Apache Kafka 4.4: every codec (kcat/librdkafka),
 * a committed and an aborted transaction (kafkajs), a compacted topic the log cleaner has cleaned. Kafka is
 * stopped cleanly first (trimmed indexes, producer snapshots written), then the dir is opened read-only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kcatMissing, waitFor } from '../../helpers/clients.js';
import { referenceKafkaMissing, startReferenceKafka } from '../../helpers/reference-kafka.js';
import { writeExplorerData, type ExplorerData } from '../../helpers/explorer-data.js';
import { assertCompacted, assertExplorerData, fingerprint, partitionNamed } from '../../helpers/explorer-checks.js';
import { openPath } from '../../../src-engine/explorer/open-dir.js';
import { readOffsetCheckpoint, partitionKey } from '../../../src-engine/storage/checkpoint-file.js';

const skip = referenceKafkaMissing() ?? kcatMissing() ?? false;
let dataDir = '';
let data: ExplorerData;
let cleaned = false;
/** A copy taken while Kafka still ran: active segments' indexes are preallocated (zero-filled to segment.index.bytes). */
let liveCopy = '';

before(async () => {
  if (skip) return;
  // The cleaner looks for work every 15 s by default; 200 ms keeps the test short.
  const kafka = await startReferenceKafka({ overrides: { 'log.cleaner.backoff.ms': '200' } });
  try {
    data = await writeExplorerData(kafka.bootstrap, 'refexplore');
    const checkpoint = path.join(kafka.dataDir, 'logs', 'cleaner-offset-checkpoint');
    try {
      await waitFor('the log cleaner to clean the compacted topic', () =>
        (readOffsetCheckpoint(checkpoint).get(partitionKey(data.compactTopic, 0)) ?? 0) > 0, 60_000, 200);
      cleaned = true;
    } catch {
      cleaned = false; // asserted below with the reason
    }
    liveCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-refkafka-live-'));
    fs.cpSync(path.join(kafka.dataDir, 'logs'), liveCopy, { recursive: true });
  } finally {
    await kafka.stop({ keepData: true });
  }
  dataDir = kafka.dataDir;
});

/** reference-kafka.sh puts log.dirs (and the KRaft metadata log) in `<dir>/logs`. */
const logDir = (): string => path.join(dataDir, 'logs');

after(() => {
  for (const d of [dataDir, liveCopy]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

test('Kafka 4.4 data dir: codecs, CRCs, markers, aborted range, snapshots, index checks, values as produced', { skip, timeout: 300_000 }, () => {
  const before_ = fingerprint(logDir());
  const d = openPath(logDir());
  assertExplorerData(d, data);
  assert.equal(d.errorCount, 0, JSON.stringify(d.partitions.filter((p) => p.errorCount > 0).map((p) => [p.name, p.problems, p.segments.map((s) => s.problems)])));
  const txn = partitionNamed(d, `${data.txnTopic}-0`);
  assert.ok(txn.leaderEpochs && txn.leaderEpochs.length > 0, 'leader-epoch-checkpoint');
  assert.ok(txn.offsets.highWatermark !== null && txn.offsets.highWatermark >= 7, 'replication-offset-checkpoint');
  assert.deepEqual(fingerprint(logDir()), before_, 'nothing in the opened dir changed');
});

test('Kafka 4.4 compacted topic after cleaning: newest value per key kept, older ones gone', { skip, timeout: 120_000 }, () => {
  assert.ok(cleaned, 'the reference Kafka cleaned the compacted topic within 60 s');
  const d = openPath(logDir());
  const p = partitionNamed(d, `${data.compactTopic}-0`);
  assert.ok((p.offsets.cleanerOffset ?? 0) > 0, 'cleaner-offset-checkpoint');
  const { records } = assertCompacted(d, data);
  assert.ok(records < 12, `cleaning removed superseded values (${records} of 12 records left)`);
});

test('a copy of a running Kafka 4.4: preallocated index tails are recognised, not flagged', { skip, timeout: 120_000 }, () => {
  const d = openPath(liveCopy);
  const txn = partitionNamed(d, `${data.txnTopic}-0`);
  const active = txn.segments[txn.segments.length - 1];
  assert.ok(active);
  assert.ok(active.index.preallocatedOffsetEntries > 0, `preallocated .index entries: ${JSON.stringify(active.index)}`);
  assert.ok(active.index.preallocatedTimeEntries > 0, 'preallocated .timeindex entries');
  assert.equal(active.index.offsetMismatches + active.index.timeMismatches, 0, JSON.stringify(active.problems));
  assert.equal(txn.errorCount, 0, JSON.stringify([txn.problems, txn.segments.map((s) => s.problems)]));
  const lz4 = partitionNamed(d, `${data.codecTopics.lz4}-0`);
  assert.equal(lz4.errorCount, 0, JSON.stringify(lz4.segments.map((s) => [s.index, s.problems])));
});

test('the broker\'s base folder is refused with a pointer to the data directory inside it', { skip }, () => {
  assert.throws(() => openPath(dataDir), (e: Error) => e.message.includes('not a Kafka data directory') && e.message.includes(logDir()));
});

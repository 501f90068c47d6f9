// What the segment explorer tests assert on an opened data dir written by writeExplorerData (explorer-data.ts),
// shared by the engine's and the reference Kafka's runs, plus a fingerprint proving the opened dir is unchanged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { batchRecords, batchesPage } from '../../src-engine/explorer/pages.js';
import type { ExplorerBatch, ExplorerDirectory, ExplorerPartition, ExplorerTarget } from '../../src-common/contract/explorer.js';
import type { RawExplorerRecord } from '../../src-common/engine-channel/explorer-protocol.js';
import { EXPLORER_CODECS, type ExplorerData } from './explorer-data.js';

/** Every file's bytes hash, size and mtime under `dir`. */
export function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out.set(path.relative(dir, p), `${createHash('sha256').update(fs.readFileSync(p)).digest('hex')} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

export function partitionNamed(d: ExplorerDirectory, name: string): ExplorerPartition {
  const p = d.partitions.find((x) => x.name === name);
  assert.ok(p, `partition ${name} in ${d.partitions.map((x) => x.name).join(', ')}`);
  return p;
}

/** All batches and records of a partition, page by page (small pages, so paging itself is exercised). */
export function readPartition(root: string, partition: string, p: ExplorerPartition): { batches: ExplorerBatch[]; records: RawExplorerRecord[] } {
  const batches: ExplorerBatch[] = [];
  const records: RawExplorerRecord[] = [];
  for (const s of p.segments) {
    const target: ExplorerTarget = { path: root, partition, segment: s.baseOffset };
    let from: number | null = 0;
    while (from !== null) {
      const page = batchesPage(target, from, 2);
      for (const b of page.batches) {
        batches.push(b);
        records.push(...batchRecords(target, b.position).records);
      }
      from = page.nextPosition;
    }
  }
  return { batches, records };
}

const text = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('utf8'));

export function assertExplorerData(d: ExplorerDirectory, data: ExplorerData): void {
  assert.equal(d.kind, 'data-dir');
  assert.ok(d.meta?.clusterId, 'meta.properties cluster.id');
  for (const codec of EXPLORER_CODECS) {
    const name = `${data.codecTopics[codec]}-0`;
    const p = partitionNamed(d, name);
    assert.equal(p.errorCount, 0, `${name}: ${JSON.stringify(p.segments.flatMap((s) => s.problems))}`);
    assert.ok(p.topicId, `${name}: partition.metadata topic id`);
    assert.deepEqual(Object.keys(p.segments.reduce((all, s) => ({ ...all, ...s.codecs }), {})), [codec], `${name} codecs`);
    const { batches, records } = readPartition(d.path, name, p);
    assert.ok(batches.every((b) => b.crcValid && b.compression === codec), `${name}: every CRC valid, codec ${codec}`);
    assert.deepEqual(records.map((r) => text(r.value)), data.codecValues, `${name}: values exactly as produced`);
    assert.deepEqual(records.map((r) => text(r.key)), data.codecValues.map((_, i) => `k${i}`));
    assert.deepEqual(records.map((r) => r.offset), data.codecValues.map((_, i) => i));
  }

  const txnName = `${data.txnTopic}-0`;
  const txn = partitionNamed(d, txnName);
  assert.equal(txn.errorCount, 0, JSON.stringify(txn.segments.flatMap((s) => s.problems)));
  const { batches, records } = readPartition(d.path, txnName, txn);
  const markers = records.filter((r) => r.control !== null).map((r) => [r.offset, r.control?.type]);
  // c1 c2 COMMIT | a1 ABORT | p1 COMMIT
  assert.deepEqual(markers, [[2, 'COMMIT'], [4, 'ABORT'], [6, 'COMMIT']]);
  assert.deepEqual(records.filter((r) => r.control === null).map((r) => text(r.value)), [...data.txnLayout.committed, ...data.txnLayout.aborted, ...data.txnLayout.after]);
  assert.ok(batches.every((b) => b.transactional && b.producerId >= 0 && b.crcValid));
  assert.deepEqual(batches.filter((b) => b.control).map((b) => b.baseOffset), [2, 4, 6]);
  const txnEntries = txn.segments.reduce((n, s) => n + s.index.txnEntries, 0);
  assert.equal(txnEntries, 1, 'one aborted range in .txnindex');
  assert.ok(txn.segments.some((s) => s.files.some((f) => f.name.endsWith('.txnindex'))));
  const producerId = (batches[0] as ExplorerBatch).producerId;
  assert.ok(txn.snapshots.length > 0, 'a producer snapshot');
  const snapshotEntry = txn.snapshots.flatMap((s) => s.entries).find((e) => e.producerId === producerId);
  assert.ok(snapshotEntry, 'the transactional producer is in a snapshot');
  assert.notEqual(snapshotEntry.matchesLog, false);

  for (const p of d.partitions) {
    for (const s of p.segments) {
      assert.equal(s.crcErrors, 0, `${p.name}/${s.baseOffset}: CRC`);
      assert.equal(s.index.offsetMismatches + s.index.timeMismatches + s.index.txnMismatches, 0, `${p.name}/${s.baseOffset}: ${JSON.stringify(s.problems)}`);
      assert.equal(s.validBytes, s.logBytes, `${p.name}/${s.baseOffset}: no torn tail`);
    }
  }
  // index.interval.bytes=1: the user topics' segments do have index entries to check.
  const checked = [txn, ...EXPLORER_CODECS.map((c) => partitionNamed(d, `${data.codecTopics[c]}-0`))];
  assert.ok(checked.reduce((n, p) => n + p.segments.reduce((m, s) => m + s.index.offsetEntries, 0), 0) > 0, 'offset index entries checked');
  assert.ok(txn.segments.reduce((m, s) => m + s.index.timeEntries, 0) > 0, 'time index entries checked');
}

/** The compacted partition: the newest value of every key is still there (older ones may be cleaned away). */
export function assertCompacted(d: ExplorerDirectory, data: ExplorerData): { records: number; segments: number } {
  const name = `${data.compactTopic}-0`;
  const p = partitionNamed(d, name);
  assert.equal(p.errorCount, 0, JSON.stringify(p.segments.flatMap((s) => s.problems)));
  const { records } = readPartition(d.path, name, p);
  const latest = new Map<string, string>();
  for (const r of records) latest.set(text(r.key) as string, text(r.value) as string);
  assert.deepEqual([...latest].sort(), [...data.compactLatest].sort());
  return { records: records.length, segments: p.segments.length };
}

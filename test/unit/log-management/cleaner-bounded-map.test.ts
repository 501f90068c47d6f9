// log.cleaner.dedupe.buffer.size bounds the cleaner's key map: a pass stops at the first segment whose
// keys do not fit, checkpoints there, and later passes continue until the log is fully compacted.
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
import { offsetMapCapacity } from '../../../src-engine/log-management/cleaner/offset-map.js';

test('a small dedupe buffer makes compaction proceed in several passes with the same result', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-cleaner-map-'));
  // 200 bytes -> 7 keys per pass.
  assert.equal(offsetMapCapacity(200), 7);
  const cluster = new Cluster(resolveOptions({ dataDir, port: 0, configs: { 'log.cleaner.backoff.ms': '3600000', 'log.cleaner.dedupe.buffer.size': '200' } }, consoleLogger('error')));
  const lm = cluster.logManagement;
  try {
    cluster.createTopic('bounded', 1, new Map([['cleanup.policy', 'compact'], ['segment.bytes', '400'], ['min.cleanable.dirty.ratio', '0.01']]));
    const log = cluster.partition('bounded', 0)!.log;
    const latest = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 12; k++) {
        const info = log.appendControlOrBuilt(buildRecordBatch({ records: [{ key: Buffer.from(`key-${k}`), value: Buffer.from(`r${round}`) }] }));
        latest.set(`key-${k}`, info.firstOffset);
      }
    }
    log.roll();
    const end = log.logEndOffset;
    const passes: number[] = [];
    for (let i = 0; i < 20 && (passes.at(-1) ?? -1) < end; i++) passes.push((await lm.cleaner.cleanNow('bounded', 0))!.endOffset);
    assert.ok(passes.length > 2, `several passes (${passes.join(', ')})`);
    assert.deepEqual(passes, [...passes].sort((a, b) => a - b), 'each pass continues where the last stopped');
    assert.equal(passes.at(-1), end);
    await lm.cleaner.cleanNow('bounded', 0);
    const offsets: number[] = [];
    for (let from = 0; from < log.logEndOffset;) {
      const r = log.read(from, 1 << 20, { minOneBatch: true });
      if (r.bytes === 0) break;
      const buf = Buffer.concat(r.chunks);
      const parsed = parseBatches(buf, { verifyCrc: true });
      assert.ok(parsed.ok);
      for (const h of parsed.batches) {
        offsets.push(...decodeRecords(buf, h).map((rec) => rec.offset));
        from = h.lastOffset + 1;
      }
    }
    assert.deepEqual(offsets, [...latest.values()].sort((a, b) => a - b));
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

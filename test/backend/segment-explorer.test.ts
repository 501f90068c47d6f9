/**
 * explorer.* through the backend: the embedded broker's live data dir (written by kcat and a kafkajs transactional
 * producer) opened read-only by the explorer worker, paged, drilled to records and markers; bad paths and bad
 * params get contract errors and the explorer keeps serving.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendCallError } from '../../src-common/contract/errors.js';
import { kcatMissing } from '../helpers/clients.js';
import { writeExplorerData, type ExplorerData } from '../helpers/explorer-data.js';
import { startTestBackend, type TestBackend } from './harness.js';

const skip = kcatMissing() ?? false;
let b: TestBackend;
let data: ExplorerData;
const temp: string[] = [];

before(async () => {
  if (skip) return;
  b = await startTestBackend({ lagHistory: { sampleEmbeddedByDefault: false } });
  data = await writeExplorerData(b.bootstrap, 'be-explore');
});

after(async () => {
  await b?.close();
  for (const d of temp) fs.rmSync(d, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<BackendCallError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof BackendCallError, String(error));
    return error;
  }
  throw new Error('expected the call to fail');
}

test('the embedded broker\'s data dir: partitions, a page of batches, a marker and its records', { skip, timeout: 120_000 }, async () => {
  const dir = await b.client.call('explorer.open', { embedded: true });
  const status = await b.client.call('engine.status', {});
  assert.equal(dir.path, status.dataDir);
  assert.equal(dir.kind, 'data-dir');
  const txn = dir.partitions.find((p) => p.name === `${data.txnTopic}-0`);
  assert.ok(txn, dir.partitions.map((p) => p.name).join(','));
  assert.equal(txn.errorCount, 0);
  assert.equal(txn.segments[0]?.controlBatches, 3);
  const target = { path: dir.path, partition: txn.name, segment: 0 };
  const first = await b.client.call('explorer.batches', { ...target, limit: 4 });
  assert.equal(first.batches.length, 4);
  assert.ok(first.nextPosition !== null);
  const rest = await b.client.call('explorer.batches', { ...target, fromPosition: first.nextPosition, limit: 4 });
  assert.equal(rest.batches.length, 2);
  assert.equal(rest.nextPosition, null);
  const batches = [...first.batches, ...rest.batches];
  const abort = batches.find((x) => x.control && x.baseOffset === 4);
  assert.ok(abort);
  const marker = await b.client.call('explorer.records', { ...target, position: abort.position });
  assert.equal(marker.batch.crcValid, true);
  assert.deepEqual(marker.records.map((r) => [r.offset, r.control?.type]), [[4, 'ABORT']]);
  const aborted = await b.client.call('explorer.records', { ...target, position: batches[2]?.position ?? -1 });
  assert.equal(aborted.records[0]?.value?.text, 'a1');
  assert.equal(aborted.records[0]?.key?.text, 'tx');
  const indexes = await b.client.call('explorer.indexes', target);
  assert.deepEqual(indexes.txnIndex.map((e) => [e.firstOffset, e.lastOffset, e.ok]), [[3, 4, true]]);

  const zstd = dir.partitions.find((p) => p.name === `${data.codecTopics.zstd}-0`);
  assert.ok(zstd);
  const page = await b.client.call('explorer.batches', { path: dir.path, partition: zstd.name, segment: 0 });
  assert.ok(page.batches.every((x) => x.compression === 'zstd' && x.crcValid));
  const recs = await b.client.call('explorer.records', { path: dir.path, partition: zstd.name, segment: 0, position: 0 });
  assert.equal(recs.records[0]?.value?.format, 'json');
  assert.deepEqual(JSON.parse(recs.records[0]?.value?.text ?? 'null'), JSON.parse(data.codecValues[0] ?? ''));
});

test('bad paths and params: clear errors, and the explorer keeps serving', { skip, timeout: 60_000 }, async () => {
  const missing = await failure(b.client.call('explorer.open', { path: '/nonexistent/kafka-logs' }));
  assert.equal(missing.code, 'not-found');
  assert.match(missing.message, /does not exist/);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkadesk-explorer-be-'));
  temp.push(empty);
  const notKafka = await failure(b.client.call('explorer.open', { path: empty }));
  assert.equal(notKafka.code, 'bad-request');
  assert.match(notKafka.message, /not a Kafka data directory/);
  assert.equal((await failure(b.client.call('explorer.open', {}))).code, 'bad-request');
  const status = await b.client.call('engine.status', {});
  const dataDir = status.dataDir ?? '';
  const noSegment = await failure(b.client.call('explorer.batches', { path: dataDir, partition: `${data.txnTopic}-0`, segment: 12345 }));
  assert.equal(noSegment.code, 'not-found');
  const noPosition = await failure(b.client.call('explorer.records', { path: dataDir, partition: `${data.txnTopic}-0`, segment: 0 } as never));
  assert.equal(noPosition.code, 'bad-request');
  const escape = await failure(b.client.call('explorer.indexes', { path: dataDir, partition: '../..', segment: 0 }));
  assert.equal(escape.code, 'bad-request');
  const again = await b.client.call('explorer.open', { embedded: true });
  assert.equal(again.path, dataDir);
});

test('the folder picked in the native dialog (host.pickOpenPath directory) opens', { skip, timeout: 60_000 }, async () => {
  const status = await b.client.call('engine.status', {});
  b.dialog.choose(path.join(status.dataDir ?? '', `${data.txnTopic}-0`));
  const picked = await b.client.call('host.pickOpenPath', { directory: true });
  assert.ok(picked.path);
  const dir = await b.client.call('explorer.open', { path: picked.path });
  assert.equal(dir.kind, 'partition');
  assert.equal(dir.partitions[0]?.segments[0]?.controlBatches, 3);
});

/**
 * The leader-epoch cache (Kafka's LeaderEpochFileCache) and its `leader-epoch-checkpoint`: epochs assigned as
 * batches are appended, endOffsetFor as Kafka answers it, trims on truncation, DeleteRecords and retention, the
 * file in Kafka's format, rebuilt from the batches when it is missing or unreadable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LEADER_EPOCH_CHECKPOINT_FILE, readLeaderEpochCheckpoint } from '../../../src-engine/storage/leader-epoch-cache.js';
import { makeBatch, openLog, settings, tempDir } from './helpers.js';

const checkpointOf = (dataDir: string): string => fs.readFileSync(path.join(dataDir, 'orders-0', LEADER_EPOCH_CHECKPOINT_FILE), 'utf8');

test('epochs start where their first batch is; endOffsetFor answers as Kafka', () => {
  const dataDir = tempDir();
  const log = openLog(dataDir, settings());
  for (const [epoch, count] of [[0, 5], [0, 5], [2, 3], [5, 4]] as const) log.append(makeBatch(count), { now: Date.now(), partitionLeaderEpoch: epoch });
  assert.deepEqual(log.epochs.list(), [{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 10 }, { epoch: 5, startOffset: 13 }]);
  assert.equal(checkpointOf(dataDir), '0\n3\n0 0\n2 10\n5 13\n', "Kafka's text format: version, count, `epoch offset` lines");
  const end = (epoch: number): [number, number] => {
    const r = log.epochs.endOffsetFor(epoch, log.logEndOffset);
    return [r.epoch, r.endOffset];
  };
  assert.deepEqual(end(5), [5, 17], 'the latest epoch ends at the log end');
  assert.deepEqual(end(0), [0, 10], 'an older epoch ends where the next begins');
  assert.deepEqual(end(1), [0, 10], 'an epoch without entries: the largest epoch below it, the end of that one');
  assert.deepEqual(end(3), [2, 13]);
  assert.deepEqual(end(6), [-1, -1], 'an epoch above the latest is unknown');
  assert.deepEqual(end(-1), [-1, -1], 'an undefined epoch');
  log.close();
});

test('truncation, DeleteRecords and restarts keep the entries in step with the log', () => {
  const dataDir = tempDir();
  let log = openLog(dataDir, settings({ segmentBytes: 300 }));
  for (const [epoch, count] of [[1, 4], [3, 4], [4, 4]] as const) log.append(makeBatch(count), { now: Date.now(), partitionLeaderEpoch: epoch });
  log.truncateTo(8);
  assert.deepEqual(log.epochs.list(), [{ epoch: 1, startOffset: 0 }, { epoch: 3, startOffset: 4 }], "a truncated tail takes its epochs with it");
  log.setHighWatermark(8);
  log.deleteRecordsBefore(6);
  assert.deepEqual(log.epochs.list(), [{ epoch: 3, startOffset: 6 }], 'the epoch holding the new log start starts there');
  assert.deepEqual(log.epochs.endOffsetFor(1, log.logEndOffset), { epoch: 1, endOffset: 6 }, 'an epoch older than every entry: itself, with the first entry start');
  log.close();
  log = openLog(dataDir, settings({ segmentBytes: 300 }));
  assert.deepEqual(log.epochs.list(), [{ epoch: 3, startOffset: 6 }], 'the checkpoint is read back at open');
  log.append(makeBatch(2), { now: Date.now(), partitionLeaderEpoch: 2 });
  // Leaders never go back an epoch; if a batch did, Kafka drops the entries it contradicts, and so does the cache.
  assert.deepEqual(log.epochs.list(), [{ epoch: 2, startOffset: 8 }]);
  log.close();
});

test('a missing or malformed checkpoint is rebuilt from the batches; the file is never half-written', () => {
  const dataDir = tempDir();
  let log = openLog(dataDir, settings({ segmentBytes: 300 }));
  for (const [epoch, count] of [[0, 3], [7, 3], [7, 3], [9, 3]] as const) log.append(makeBatch(count), { now: Date.now(), partitionLeaderEpoch: epoch });
  const expected = [{ epoch: 0, startOffset: 0 }, { epoch: 7, startOffset: 3 }, { epoch: 9, startOffset: 9 }];
  assert.ok(log.segments().length > 1, 'several segments to rebuild from');
  log.close();
  const file = path.join(dataDir, 'orders-0', LEADER_EPOCH_CHECKPOINT_FILE);
  for (const damage of [() => fs.rmSync(file), () => fs.writeFileSync(file, '0\n5\n0 0\n'), () => fs.writeFileSync(file, 'garbage')]) {
    damage();
    log = openLog(dataDir, settings({ segmentBytes: 300 }));
    assert.deepEqual(log.epochs.list(), expected);
    assert.deepEqual(readLeaderEpochCheckpoint(file), expected, 'and written back');
    log.close();
  }
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'orders-0')).filter((f) => f.endsWith('.tmp')), []);
});

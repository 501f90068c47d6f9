/**
 * A replica's log operations: a follower appends the leader's batches with their offsets and leader epochs,
 * refuses a gap, truncates a divergent tail (segments and producer state follow), and the replicated high
 * watermark trails the log end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { readBatchHeader } from '../../../src-engine/storage/record-batch.js';
import { makeBatch, openLog, settings, tempDir } from './helpers.js';

test('a follower keeps the leader offsets and epochs, refuses a gap, truncates a divergent tail', () => {
  const leader = openLog(tempDir(), settings());
  const follower = openLog(tempDir(), settings({ segmentBytes: 400 }));
  const batches: Buffer[] = [];
  for (let i = 0; i < 6; i++) {
    const b = makeBatch(3, { producerId: 7, producerEpoch: 0, baseSequence: i * 3, tag: `b${i}` });
    leader.append(b, { now: Date.now(), partitionLeaderEpoch: 4 });
    batches.push(b);
  }
  for (const b of batches.slice(0, 4)) follower.appendAsFollower(Buffer.from(b));
  assert.equal(follower.logEndOffset, 12);
  const stored = Buffer.concat(follower.read(9, 1 << 20, { minOneBatch: true }).chunks);
  assert.equal(readBatchHeader(stored, 0).baseOffset, 9);
  assert.equal(readBatchHeader(stored, 0).partitionLeaderEpoch, 4, 'the leader epoch is kept');
  assert.ok(follower.segments().length > 1, 'small segments: the tail spans several');
  assert.throws(() => follower.appendAsFollower(Buffer.from(batches[5]!)), (e: { code?: number }) => e.code === ErrorCode.OFFSET_OUT_OF_RANGE);

  follower.setHighWatermark(6);
  assert.equal(follower.highWatermark, 6, 'the replicated HW trails the log end');
  follower.truncateTo(6);
  assert.equal(follower.logEndOffset, 6);
  assert.equal(follower.highWatermark, 6);
  // Producer state is rebuilt from what is left: the leader's next batch (sequence 6) is in order again.
  for (const b of batches.slice(2)) follower.appendAsFollower(Buffer.from(b));
  assert.equal(follower.logEndOffset, 18);
  const next = makeBatch(1, { producerId: 7, producerEpoch: 0, baseSequence: 18 });
  assert.equal(follower.producerState.check(readBatchHeader(next, 0)).kind, 'ok');
  leader.close();
  follower.close();
});

/**
 * The fetch session cache's eviction rules (Kafka's FetchSessionCacheShard.tryEvict) on a hand-driven clock:
 * a stale session gives way to any new one; otherwise a consumer session may only displace one that was older
 * than the eviction time when last touched and has fewer partitions; the epoch sequence wraps to 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FetchSessionCache, nextEpoch, SESSION_EVICTION_MS, ZERO_TOPIC_ID, type FetchSession } from '../../../src-engine/fetch/fetch-sessions.js';

function withPartitions(n: number): (s: FetchSession) => void {
  return (s) => {
    for (let i = 0; i < n; i++) {
      s.remember({ topic: 't', topicId: ZERO_TOPIC_ID, partition: i, fetchOffset: 0, partitionMaxBytes: 1, currentLeaderEpoch: -1 },
        { errorCode: 0, highWatermark: 0, logStartOffset: 0, recordBytes: 0 });
    }
  };
}

function cache(slots: number): FetchSessionCache {
  let next = 1;
  return new FetchSessionCache(() => slots, SESSION_EVICTION_MS, () => next++);
}

test('nextEpoch: 0 -> 1, int32 max wraps to 1, -1 stays final', () => {
  assert.equal(nextEpoch(0), 1);
  assert.equal(nextEpoch(41), 42);
  assert.equal(nextEpoch(0x7fffffff), 1);
  assert.equal(nextEpoch(-1), -1);
});

test('a full cache creates no session while every session is fresh', () => {
  const c = cache(1);
  assert.ok(c.maybeCreate(0, false, 1, false, withPartitions(1)));
  assert.equal(c.maybeCreate(1000, false, 5, false, withPartitions(5)), null, 'bigger, but the cached one is too young');
  assert.equal(c.size, 1);
  assert.equal(c.totalPartitions, 1);
});

test('a session unused for longer than the eviction time is evicted for any new one', () => {
  const c = cache(1);
  const old = c.maybeCreate(0, false, 10, false, withPartitions(10))!;
  const fresh = c.maybeCreate(SESSION_EVICTION_MS + 1, false, 1, false, withPartitions(1));
  assert.ok(fresh);
  assert.equal(c.get(old.id), undefined);
  assert.equal(c.totalPartitions, 1);
});

test('an old but active session gives way only to one with more partitions', () => {
  const c = cache(1);
  const s = c.maybeCreate(0, false, 3, false, withPartitions(3))!;
  // Used recently, and older than the eviction time at this touch: now evictable by size.
  c.touch(s, SESSION_EVICTION_MS + 10);
  assert.equal(c.maybeCreate(SESSION_EVICTION_MS + 20, false, 2, false, withPartitions(2)), null, 'fewer partitions: kept');
  assert.equal(c.maybeCreate(SESSION_EVICTION_MS + 25, false, 3, false, withPartitions(3)), null, 'as many: kept (ties go to the cached one)');
  const bigger = c.maybeCreate(SESSION_EVICTION_MS + 30, false, 4, false, withPartitions(4));
  assert.ok(bigger, 'more partitions: evicted');
  assert.equal(c.get(s.id), undefined);
});

test('a privileged (follower) session evicts a fresh consumer session; consumers cannot evict it', () => {
  const c = cache(1);
  const consumer = c.maybeCreate(0, false, 5, false, withPartitions(5))!;
  const follower = c.maybeCreate(10, true, 1, false, withPartitions(1));
  assert.ok(follower);
  assert.equal(c.get(consumer.id), undefined);
  c.touch(follower, SESSION_EVICTION_MS + 50);
  assert.equal(c.maybeCreate(SESSION_EVICTION_MS + 60, false, 100, false, withPartitions(100)), null);
});

test('remove frees the slot and the partition count', () => {
  const c = cache(2);
  const a = c.maybeCreate(0, false, 2, false, withPartitions(2))!;
  c.maybeCreate(0, false, 3, false, withPartitions(3));
  assert.equal(c.totalPartitions, 5);
  assert.ok(c.remove(a.id));
  assert.equal(c.remove(a.id), false);
  assert.equal(c.totalPartitions, 3);
  assert.ok(c.maybeCreate(1, false, 1, false, withPartitions(1)));
});

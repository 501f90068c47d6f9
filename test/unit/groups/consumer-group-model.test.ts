/**
 * The KIP-848 coordinator as a state machine, on a manual clock and an in-memory log: random
 * joins, leaves, static restarts, subscription changes, lost heartbeats and partition growth,
 * checked after every step for Kafka's invariants — no partition held (assigned or being revoked)
 * by two members, epochs never above the group's — and, once every member reports honestly,
 * convergence to a balanced target held exactly; a replay of the log rebuilds the same groups.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src-engine/groups/clock.js';
import { ConsumerGroupCoordinator, DEFAULT_CONSUMER_GROUP_CONFIG, type TopicCatalog } from '../../../src-engine/groups/consumer/coordinator.js';
import type { ConsumerGroup } from '../../../src-engine/groups/consumer/consumer-group.js';
import { toWire } from '../../../src-engine/groups/consumer/assignment.js';
import type { HeartbeatInput } from '../../../src-engine/groups/consumer/heartbeat.js';
import { KafkaHashOrder } from '../../../src-engine/groups/consumer/kafka-hash-order.js';
import type { KeyValue } from '../../../src-engine/groups/offsets-topic-records.js';
import { uniformAssignor, rangeAssignor } from '../../../src-engine/groups/consumer/assignors.js';

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Topics implements TopicCatalog {
  readonly counts = new Map<string, number>([['t1', 5], ['t2', 3]]);
  private readonly ids = new Map([['t1', Buffer.alloc(16, 1).toString('base64url')], ['t2', Buffer.alloc(16, 2).toString('base64url')]]);
  topic(name: string): { topicId: string; partitions: number } | undefined {
    const n = this.counts.get(name);
    const topicId = this.ids.get(name);
    return n === undefined || topicId === undefined ? undefined : { topicId, partitions: n };
  }
  topicName(id: string): string | undefined {
    return [...this.ids].find(([, v]) => v === id)?.[0];
  }
  topicNames(): string[] {
    return [...this.counts.keys()];
  }
}

function coordinator(log: KeyValue[], topics: Topics, clock: ManualClock, assignor = 'uniform'): ConsumerGroupCoordinator {
  const classic = { classicState: () => 'none' as const, dropEmptyClassicGroup: () => {}, classicMaxSize: 1000, adoptClassicMembers: () => {} };
  return new ConsumerGroupCoordinator({ ...DEFAULT_CONSUMER_GROUP_CONFIG, assignors: [assignor, assignor === 'uniform' ? 'range' : 'uniform'] }, clock, topics, classic, (_g, r) => log.push(...r));
}

function input(o: Partial<HeartbeatInput>): HeartbeatInput {
  return {
    groupId: 'g', memberId: '', memberEpoch: 0, instanceId: null, rackId: null, rebalanceTimeoutMs: -1, subscribedTopicNames: null,
    subscribedTopicRegex: null, serverAssignor: null, topicPartitions: null, clientId: 'c', clientHost: '/127.0.0.1', apiVersion: 1, ...o,
  };
}

function checkInvariants(g: ConsumerGroup): void {
  const holder = new Map<string, string>();
  for (const m of g.members.values()) {
    assert.ok(m.memberEpoch <= g.groupEpoch, `${m.memberId} epoch ${m.memberEpoch} > group epoch ${g.groupEpoch}`);
    for (const a of [m.assigned, m.pendingRevocation]) {
      for (const [t, ps] of a) {
        for (const p of ps) {
          const key = `${t}:${p}`;
          assert.equal(holder.get(key), undefined, `${key} held by ${holder.get(key)} and ${m.memberId}`);
          holder.set(key, m.memberId);
        }
      }
    }
  }
  assert.ok(g.assignmentEpoch <= g.groupEpoch);
}

/** Every member heartbeats honestly (reporting what it holds) until the group is Stable. */
function settle(cg: ConsumerGroupCoordinator, g: ConsumerGroup): void {
  for (let round = 0; round < 20 && g.state !== 'Stable'; round++) {
    for (const m of [...g.members.values()]) {
      if (m.memberEpoch < 0) continue;
      const r = cg.heartbeat(input({ memberId: m.memberId, instanceId: m.instanceId, memberEpoch: m.memberEpoch, topicPartitions: toWire(m.assigned) }));
      assert.equal(r.errorCode, 0, `${m.memberId}: ${r.errorMessage}`);
      checkInvariants(g);
    }
  }
  if ([...g.members.values()].some((m) => m.memberEpoch < 0)) return;
  assert.equal(g.state, 'Stable');
  const count = new Map<string, number>();
  for (const m of g.members.values()) {
    assert.deepEqual(toWire(m.assigned), toWire(g.targetAssignment.get(m.memberId) ?? new Map()), `${m.memberId} holds its target`);
    for (const [t, ps] of m.assigned) for (const p of ps) count.set(`${t}:${p}`, (count.get(`${t}:${p}`) ?? 0) + 1);
  }
  const subscribed = g.subscribedTopicNames();
  const expected = [...subscribed].reduce((n, t) => n + (g.subscriptionMetadata.get(t)?.partitions ?? 0), 0);
  assert.equal(count.size, expected, 'every subscribed partition is assigned once');
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`random membership changes keep ownership exclusive and converge (seed ${seed})`, () => {
    const random = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const log: KeyValue[] = [];
    const topics = new Topics();
    const clock = new ManualClock();
    const cg = coordinator(log, topics, clock, seed % 2 === 0 ? 'uniform' : 'range');
    const names = ['m-a', 'm-b', 'm-c', 'm-d', 'm-e'];
    for (let step = 0; step < 60; step++) {
      const g = cg.groups.get('g');
      const id = pick(names);
      const m = g?.members.get(id);
      const action = random();
      if (!m) {
        const subs = pick([['t1'], ['t1'], ['t1', 't2'], ['t2']]);
        const r = cg.heartbeat(input({ memberId: id, rebalanceTimeoutMs: 10_000, subscribedTopicNames: subs, topicPartitions: [], instanceId: id === 'm-e' ? 'static-e' : null }));
        if (r.errorCode !== 0) assert.equal(r.errorCode, 111, r.errorMessage ?? ''); // the static instance is still owned
      } else if (action < 0.15) {
        cg.heartbeat(input({ memberId: id, instanceId: m.instanceId, memberEpoch: m.instanceId !== null && random() < 0.5 ? -2 : -1 }));
      } else if (action < 0.25) {
        cg.heartbeat(input({ memberId: id, memberEpoch: m.memberEpoch, instanceId: m.instanceId, subscribedTopicNames: pick([['t1'], ['t1', 't2'], ['t2']]) }));
      } else if (action < 0.3) {
        topics.counts.set('t2', (topics.counts.get('t2') ?? 0) + 1);
      } else if (action < 0.35) {
        clock.advance(DEFAULT_CONSUMER_GROUP_CONFIG.sessionTimeoutMs + 1); // everyone silent: all fenced
      } else if (m.memberEpoch >= 0) {
        // A heartbeat that may or may not acknowledge revocations yet.
        const owned = random() < 0.5 ? toWire(m.assigned) : toWire(new Map([...m.assigned, ...m.pendingRevocation]));
        const r = cg.heartbeat(input({ memberId: id, instanceId: m.instanceId, memberEpoch: m.memberEpoch, topicPartitions: owned }));
        assert.equal(r.errorCode, 0, r.errorMessage ?? '');
      }
      const now = cg.groups.get('g');
      if (now) checkInvariants(now);
    }
    const g = cg.groups.get('g');
    if (g) settle(cg, g);
    // Replaying the log rebuilds the same groups.
    const again = coordinator([], topics, new ManualClock(), seed % 2 === 0 ? 'uniform' : 'range');
    again.load(log);
    assert.deepEqual(again.describe(['g']), cg.describe(['g']), 'same members in the same (Kafka) order');
  });
}

test('Kafka member order: TimelineHashMap slots (Fibonacci hashing of String.hashCode), collisions in insertion order', () => {
  const order = new KafkaHashOrder();
  for (const k of ['ZS44iPY3Sa6hADI9_4Czbg', 'A', 'B']) order.add(k);
  // Kafka 4.4 listed this group's members in exactly this order (ConsumerGroupDescribe).
  assert.deepEqual(order.keys(), ['A', 'ZS44iPY3Sa6hADI9_4Czbg', 'B']);
  order.remove('A');
  order.add('S2');
  assert.deepEqual(order.keys(), ['S2', 'ZS44iPY3Sa6hADI9_4Czbg', 'B']);
});

test('assignors: uniform keeps what it can and balances; range gives contiguous ranges', () => {
  const members = ['a', 'b', 'c'].map((memberId) => ({ memberId, instanceId: null, topics: new Set(['t']), target: new Map<string, Set<number>>() }));
  const fresh = uniformAssignor({ members, partitions: new Map([['t', 7]]) });
  assert.deepEqual([...fresh.values()].map((a) => a.get('t')?.size), [3, 2, 2]);
  const sticky = uniformAssignor({ members: members.map((m) => ({ ...m, target: fresh.get(m.memberId) ?? new Map() })).slice(0, 2), partitions: new Map([['t', 7]]) });
  for (const [id, a] of sticky) for (const p of fresh.get(id)?.get('t') ?? []) assert.ok(a.get('t')?.has(p), `${id} keeps ${p}`);
  const ranges = rangeAssignor({ members, partitions: new Map([['t', 7]]) });
  assert.deepEqual([...ranges.values()].map((a) => [...(a.get('t') ?? [])]), [[0, 1, 2], [3, 4], [5, 6]]);
});

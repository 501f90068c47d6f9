import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, generationLabels, summarize, type TimedGroupEvent } from '../../../renderer/src/features/consumer-groups/rebalance-timeline.js';

const member = (memberId: string, partitions: number[]) => ({ memberId, groupInstanceId: null, clientId: memberId.split('-')[0] ?? memberId, clientHost: '/127.0.0.1', assignment: [{ topic: 't', partitions }] });
const joined = (at: number, memberId: string): TimedGroupEvent => ({ type: 'member-joined', group: 'g', memberId, groupInstanceId: null, clientId: memberId.split('-')[0] ?? memberId, clientHost: '/127.0.0.1', protocols: ['range'], reason: null, at });

test('eager rebalance: every lane pauses during the window', () => {
  const events: TimedGroupEvent[] = [
    joined(0, 'a-1'),
    { type: 'rebalance-started', group: 'g', generation: 1, reason: 'a-1 joined', at: 1 },
    { type: 'sync-completed', group: 'g', generation: 1, protocolType: 'consumer', protocol: 'range', leader: 'a-1', members: [member('a-1', [0, 1])], at: 10 },
    joined(100, 'b-1'),
    { type: 'rebalance-started', group: 'g', generation: 2, reason: 'b-1 joined', at: 100 },
    { type: 'sync-completed', group: 'g', generation: 2, protocolType: 'consumer', protocol: 'range', leader: 'a-1', members: [member('a-1', [0]), member('b-1', [1])], at: 130 },
    { type: 'member-left', group: 'g', memberId: 'b-1', reason: 'leave-group', at: 200 },
  ];
  const timeline = buildTimeline(events, 300);
  assert.deepEqual(timeline.rebalances.map((r) => [r.generation, r.from, r.to, r.cooperative]), [[1, 1, 10, false], [2, 100, 130, false]]);
  const a = timeline.lanes.find((l) => l.memberId === 'a-1');
  assert.deepEqual(a?.segments.map((s) => [s.kind, s.from, s.to, s.partitions]), [['joining', 0, 10, 0], ['consuming', 10, 100, 2], ['paused', 100, 130, 0], ['consuming', 130, 300, 1]]);
  const b = timeline.lanes.find((l) => l.memberId === 'b-1');
  assert.deepEqual(b?.segments.map((s) => [s.kind, s.from, s.to]), [['joining', 100, 130], ['consuming', 130, 200]]);
  assert.equal(b?.leftReason, 'leave-group');
  // The first window paused nobody (a-1 was only joining): the one member stop is a-1's 30 ms.
  assert.deepEqual(summarize(timeline), { count: 2, rebalancingMs: 9 + 30, longestMs: 30, stopped: [{ memberId: 'a-1', label: 'a (a-1)', ms: 30 }], maxMemberStopMs: 30, pending: [] });
  assert.equal(timeline.start, 0);
  assert.equal(timeline.end, 300);
});

test('cooperative rebalance: lanes keep consuming through the window', () => {
  const events: TimedGroupEvent[] = [
    joined(0, 'a-1'),
    { type: 'rebalance-started', group: 'g', generation: 1, reason: 'join', at: 0 },
    { type: 'sync-completed', group: 'g', generation: 1, protocolType: 'consumer', protocol: 'cooperative-sticky', leader: 'a-1', members: [member('a-1', [0, 1])], at: 5 },
    { type: 'rebalance-started', group: 'g', generation: 2, reason: 'join', at: 50 },
    { type: 'sync-completed', group: 'g', generation: 2, protocolType: 'consumer', protocol: 'cooperative-sticky', leader: 'a-1', members: [member('a-1', [0])], at: 60 },
  ];
  const timeline = buildTimeline(events, 100);
  assert.equal(timeline.rebalances[1]?.cooperative, true);
  const kinds = timeline.lanes[0]?.segments.map((s) => s.kind);
  assert.deepEqual(kinds, ['joining', 'consuming', 'consuming']);
  // The first window learns its protocol at sync time, so it is counted as cooperative too.
  assert.equal(summarize(timeline).maxMemberStopMs, 0);
});

test('an open rebalance stays open until now; empty input is harmless', () => {
  const open = buildTimeline([{ type: 'rebalance-started', group: 'g', generation: 3, reason: 'x', at: 10 }], 20);
  assert.equal(open.rebalances[0]?.to, null);
  assert.equal(summarize(open).rebalancingMs, 10);
  assert.equal(summarize(open).maxMemberStopMs, 0);
  const empty = buildTimeline([], 5);
  assert.deepEqual(empty.lanes, []);
  assert.equal(empty.start, 5);
});

test('join-completed tells the protocol before sync: a cooperative round never pauses lanes', () => {
  const events: TimedGroupEvent[] = [
    joined(0, 'a-1'),
    { type: 'rebalance-started', group: 'g', generation: 0, reason: 'join', at: 0 },
    { type: 'join-completed', group: 'g', generation: 1, protocolType: 'consumer', protocol: 'cooperative-sticky', leader: 'a-1', memberIds: ['a-1'], at: 3 },
    { type: 'sync-completed', group: 'g', generation: 1, protocolType: 'consumer', protocol: 'cooperative-sticky', leader: 'a-1', members: [member('a-1', [0, 1])], at: 5 },
    joined(40, 'b-1'),
    { type: 'rebalance-started', group: 'g', generation: 1, reason: 'b-1 joined', at: 40 },
    { type: 'join-completed', group: 'g', generation: 2, protocolType: 'consumer', protocol: 'cooperative-sticky', leader: 'a-1', memberIds: ['a-1', 'b-1'], at: 42 },
    { type: 'sync-completed', group: 'g', generation: 2, protocolType: 'consumer', protocol: 'cooperative-sticky', leader: 'a-1', members: [member('a-1', [0]), member('b-1', [1])], at: 45 },
  ];
  const timeline = buildTimeline(events, 60);
  assert.deepEqual(timeline.rebalances.map((r) => r.cooperative), [true, true]);
  assert.ok(!timeline.lanes.some((lane) => lane.segments.some((s) => s.kind === 'paused')));
  assert.equal(summarize(timeline).maxMemberStopMs, 0);
});

test('issue 15: a rebalance ends when the group is Empty; absent time is never stop time', () => {
  const hour = 3_600_000;
  const events: TimedGroupEvent[] = [
    joined(0, 'a-1'),
    { type: 'rebalance-started', group: 'g', generation: 0, reason: 'a-1 joined', at: 0 },
    { type: 'state-changed', group: 'g', from: 'CompletingRebalance', to: 'Stable', at: 300 },
    { type: 'sync-completed', group: 'g', generation: 1, protocolType: 'consumer', protocol: 'range', leader: 'a-1', members: [member('a-1', [0, 1])], at: 300 },
    { type: 'member-left', group: 'g', memberId: 'a-1', reason: 'leave-group', at: 1000 },
    { type: 'rebalance-started', group: 'g', generation: 1, reason: 'a-1 left', at: 1000 },
    { type: 'state-changed', group: 'g', from: 'PreparingRebalance', to: 'Empty', at: 1300 },
    // Half an hour later the consumer comes back.
    joined(hour / 2, 'a-2'),
    { type: 'rebalance-started', group: 'g', generation: 2, reason: 'a-2 joined', at: hour / 2 },
    { type: 'sync-completed', group: 'g', generation: 3, protocolType: 'consumer', protocol: 'range', leader: 'a-2', members: [member('a-2', [0, 1])], at: hour / 2 + 300 },
    { type: 'state-changed', group: 'g', from: 'CompletingRebalance', to: 'Stable', at: hour / 2 + 300 },
  ];
  const timeline = buildTimeline(events, hour);
  assert.deepEqual(timeline.rebalances.map((r) => [r.from, r.to, r.endedIn, r.synced, r.generation]), [
    [0, 300, 'Stable', true, 1], [1000, 1300, 'Empty', false, 1], [hour / 2, hour / 2 + 300, 'Stable', true, 3],
  ]);
  const s = summarize(timeline);
  assert.equal(s.count, 3);
  assert.equal(s.rebalancingMs, 900);
  assert.equal(s.maxMemberStopMs, 0, 'nobody was consuming when a rebalance paused it');
});

test('issue 15: generation labels never collide; close windows share one label', () => {
  const w = (generation: number, from: number) => ({ generation, from, to: from + 10, reason: '', protocol: 'range', cooperative: false, endedIn: 'Stable' as const, synced: true });
  const rebalances = [w(1, 0), w(2, 5), w(3, 8), w(4, 500), w(5, 1000)];
  assert.deepEqual(generationLabels(rebalances, 0, 1000, 1000, 64), ['gen 1–3', '', '', 'gen 4', 'gen 5']);
  assert.deepEqual(generationLabels(rebalances, 0, 1000, 100, 64), ['gen 1–4', '', '', '', 'gen 5']);
});

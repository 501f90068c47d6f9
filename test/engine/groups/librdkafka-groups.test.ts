// librdkafka (confluent-kafka-python) against the coordinator: static membership (KIP-345) and
// cooperative-sticky incremental rebalancing (the coordinator stays protocol-agnostic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { GroupEvent } from '../../../src-common/engine-events.js';
import { confluentKafkaMissing, jsonLines, python3, repoRoot, start, waitFor, type RunningClient } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { assertExclusiveOwnership, startGroupBroker, type GroupTestBroker } from './group-test-broker.js';

const skip = confluentKafkaMissing() ?? false;
const FIXTURE = join(repoRoot, 'test/engine/groups/fixtures/ck_member.py');

interface Line { event?: 'assign' | 'revoke'; partitions?: number[]; consumed?: string }

function member(b: GroupTestBroker, topic: string, group: string, clientId: string, strategy: string, instanceId: string | null, sessionTimeoutMs = 10_000): { run: RunningClient; lines: () => Line[] } {
  let out = '';
  const run = start(python3, [FIXTURE, b.bootstrap, topic, group, clientId, strategy, instanceId ?? '-', String(sessionTimeoutMs)], {
    timeoutMs: 100_000,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    onStdout: (s) => (out += s),
  });
  return { run, lines: () => jsonLines<Line>(out.split('\n').filter((l) => l.startsWith('{')).join('\n')) };
}

async function stop(m: { run: RunningClient }): Promise<void> {
  m.run.child.kill('SIGTERM');
  const t = setTimeout(() => m.run.kill(), 10_000);
  await m.run.done;
  clearTimeout(t);
}

type Sync = Extract<GroupEvent, { type: 'sync-completed' }>;
const owned = (s: Sync, clientId: string): number[] => s.members.find((m) => m.clientId === clientId)?.assignment.flatMap((a) => a.partitions).sort() ?? [];

test('static member restarted after kill -9 gets its assignment back without a rebalance', { skip, timeout: 120_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('static');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 4 });
  const a = member(b, topic, group, 'static-a', 'range', 'instance-a');
  const other = member(b, topic, group, 'static-b', 'range', 'instance-b');
  let a2: ReturnType<typeof member> | null = null;
  try {
    await b.waitStable(group, 2, 60_000);
    await waitFor('a to be assigned', () => a.lines().some((l) => l.event === 'assign' && (l.partitions?.length ?? 0) > 0), 20_000);
    const before = b.handle.insight.describeGroup(group);
    const aBefore = before?.members.find((m) => m.groupInstanceId === 'instance-a');
    assert.ok(aBefore);
    const rebalances = b.groupEvents(group).filter((e) => e.type === 'rebalance-started').length;
    const generation = before?.generation;
    const otherRevokes = other.lines().filter((l) => l.event === 'revoke').length;

    a.run.kill();
    await a.run.done;
    a2 = member(b, topic, group, 'static-a', 'range', 'instance-a');
    await waitFor('the restarted instance to be assigned', () => a2?.lines().some((l) => l.event === 'assign' && (l.partitions?.length ?? 0) > 0) === true, 30_000);
    const assigned = a2.lines().find((l) => l.event === 'assign')?.partitions;
    assert.deepEqual(assigned, aBefore.assignment[0]?.partitions, 'same partitions as before the crash');
    const after = b.handle.insight.describeGroup(group);
    assert.equal(after?.state, 'Stable');
    assert.equal(after?.generation, generation, 'no new generation');
    assert.equal(b.groupEvents(group).filter((e) => e.type === 'rebalance-started').length, rebalances, 'no rebalance');
    const newA = after?.members.find((m) => m.groupInstanceId === 'instance-a');
    assert.notEqual(newA?.memberId, aBefore.memberId, 'new member id');
    assert.ok(b.groupEvents(group).some((e) => e.type === 'member-left' && e.memberId === aBefore.memberId && e.reason === 'fenced'));
    // The other member never noticed (it may have revoked earlier, while the group formed).
    assert.equal(other.lines().filter((l) => l.event === 'revoke').length, otherRevokes);
  } finally {
    a.run.kill();
    if (a2) await stop(a2);
    await stop(other);
    await b.stop();
  }
});

test('cooperative-sticky: a second member gets partitions incrementally, the first never stops owning the rest', { skip, timeout: 120_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('coop');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 6 });
  const a = member(b, topic, group, 'coop-a', 'cooperative-sticky', null);
  let c: ReturnType<typeof member> | null = null;
  try {
    await b.waitStable(group, 1, 60_000);
    await waitFor('a owns all 6', () => b.syncs(group).at(-1)?.members[0]?.assignment[0]?.partitions.length === 6, 20_000);
    const firstGen = b.syncs(group).length;
    c = member(b, topic, group, 'coop-c', 'cooperative-sticky', null);
    await waitFor('a balanced 3/3 split', () => {
      const last = b.syncs(group).at(-1);
      return last !== undefined && last.members.length === 2 && owned(last, 'coop-a').length === 3 && owned(last, 'coop-c').length === 3;
    }, 60_000);
    const steps = b.syncs(group).slice(firstGen);
    assert.ok(steps.length >= 2, `incremental: ${steps.length} generations to move partitions`);
    // Step 1 only revokes from a (c gets nothing yet); a keeps a subset of what it had all along.
    let prev = [0, 1, 2, 3, 4, 5];
    for (const s of steps) {
      const mine = owned(s, 'coop-a');
      assert.ok(mine.length >= 3, `gen ${s.generation}: a still owns ${JSON.stringify(mine)}`);
      assert.ok(mine.every((p) => prev.includes(p)), `gen ${s.generation}: a only loses partitions`);
      prev = mine;
      const all = s.members.flatMap((m) => m.assignment.flatMap((x) => x.partitions));
      assert.equal(new Set(all).size, all.length, `gen ${s.generation}: no partition owned twice`);
    }
    assert.equal(owned(steps[0] as Sync, 'coop-c').length, 0, 'first step: revocation only');
    assertExclusiveOwnership(steps.at(-1) as Sync, topic, 6);
    // librdkafka saw an incremental revoke, never a full one.
    const revokes = a.lines().filter((l) => l.event === 'revoke');
    assert.ok(revokes.length >= 1);
    assert.ok(revokes.every((l) => (l.partitions?.length ?? 0) < 6));
  } finally {
    if (c) await stop(c);
    await stop(a);
    await b.stop();
  }
});

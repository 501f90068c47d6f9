/**
 * The classic group coordinator during a rebalance, Apache Kafka vs the engine (issue 11 §1): the
 * generation increments when the join phase completes (not when a rebalance starts); while the
 * group prepares a rebalance, heartbeats say REBALANCE_IN_PROGRESS and commits of the current
 * generation are accepted; between join and sync (CompletingRebalance) commits get
 * REBALANCE_IN_PROGRESS and older generations ILLEGAL_GENERATION; the leader receives every
 * member's JoinGroup metadata byte for byte (cooperative-sticky's owned partitions and generation
 * live there, KIP-429/KIP-792), in Kafka's member order (its java.util.HashMap).
 * One connection per member: Kafka answers one request per connection at a time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { javaHashMapOrder } from '../../src-engine/groups/java-hash-map-order.js';
import { waitFor } from '../helpers/clients.js';
import { RawClient, rawApi } from '../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../src-protocol/generated/10-find-coordinator.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../src-protocol/generated/11-join-group.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../../src-protocol/generated/12-heartbeat.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../../src-protocol/generated/14-sync-group.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src-protocol/generated/08-offset-commit.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../src-protocol/generated/15-describe-groups.js';
import { assertSameAsKafka, onBoth, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const findCoordinator = rawApi<FindCoordinatorRequest, FindCoordinatorResponse>(10);
const joinGroup = rawApi<JoinGroupRequest, JoinGroupResponse>(11);
const heartbeat = rawApi<HeartbeatRequest, HeartbeatResponse>(12);
const syncGroup = rawApi<SyncGroupRequest, SyncGroupResponse>(14);
const offsetCommit = rawApi<OffsetCommitRequest, OffsetCommitResponse>(8);
const describeGroups = rawApi<DescribeGroupsRequest, DescribeGroupsResponse>(15);

/** One group member with its own connection. */
class Member {
  memberId = '';
  generation = -1;
  private constructor(readonly raw: RawClient, readonly groupId: string, readonly clientId: string) {}

  static async connect(t: Target, groupId: string, clientId: string): Promise<Member> {
    return new Member(await RawClient.connect(t.host, t.port), groupId, clientId);
  }

  /** JoinGroup v7 with `metadata` for cooperative-sticky; resolves when the join phase completes. */
  async join(metadata: Buffer): Promise<JoinGroupResponse> {
    const req = (): JoinGroupRequest => ({
      groupId: this.groupId, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 20_000, memberId: this.memberId, groupInstanceId: null,
      protocolType: 'consumer', protocols: [{ name: 'cooperative-sticky', metadata }], reason: null,
    });
    let r = await this.raw.send(joinGroup, 7, req(), 30_000);
    // A fresh Kafka loads the coordinator a moment after FindCoordinator answers: clients retry.
    while ([14, 15, 16].includes(r.errorCode)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      r = await this.raw.send(joinGroup, 7, req(), 30_000);
    }
    if (r.errorCode === 79) { // MEMBER_ID_REQUIRED (KIP-394)
      this.memberId = r.memberId;
      r = await this.raw.send(joinGroup, 7, req(), 30_000);
    }
    this.memberId = r.memberId;
    this.generation = r.generationId;
    return r;
  }

  sync(assignments: { memberId: string; assignment: Buffer }[]): Promise<SyncGroupResponse> {
    return this.raw.send(syncGroup, 5, { groupId: this.groupId, generationId: this.generation, memberId: this.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'cooperative-sticky', assignments }, 30_000);
  }

  async beat(generation = this.generation): Promise<number> {
    return (await this.raw.send(heartbeat, 4, { groupId: this.groupId, generationId: generation, memberId: this.memberId, groupInstanceId: null })).errorCode;
  }

  async commit(topic: string, generation: number): Promise<number[]> {
    const r = await this.raw.send(offsetCommit, 8, {
      groupId: this.groupId, generationIdOrMemberEpoch: generation, memberId: this.memberId, groupInstanceId: null, retentionTimeMs: -1,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
    });
    return r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
  }

  close(): void {
    this.raw.close();
  }
}

async function groupState(t: Target, groupId: string): Promise<string> {
  const raw = await RawClient.connect(t.host, t.port);
  try {
    return (await raw.send(describeGroups, 5, { groups: [groupId], includeAuthorizedOperations: false })).groups[0]?.groupState ?? '?';
  } finally {
    raw.close();
  }
}

test('cooperative rebalance on the classic protocol: generations, commits and heartbeats mid-rebalance, the leader\'s member list', { skip, timeout: 120_000 }, async () => {
  const topic = uniqueTopic('diff-coop');
  const groupId = uniqueTopic('diff-coop-g');
  const result = await onBoth(pair(), async (t) => {
    await createTopic(t.bootstrap, topic, { partitions: 6 });
    await waitFor(`${t.name}: coordinator`, async () => {
      const raw = await RawClient.connect(t.host, t.port);
      try {
        const r = await raw.send(findCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: [groupId] });
        return r.coordinators.every((c) => c.errorCode === 0);
      } finally {
        raw.close();
      }
    }, 60_000, 200);
    const [a, b, c] = await Promise.all(['member-a', 'member-b', 'member-c'].map((id) => Member.connect(t, groupId, id))) as [Member, Member, Member];
    const names = new Map<string, string>();
    const name = (id: string): string => names.get(id) ?? id;
    const meta = (who: string, gen: number): Buffer => Buffer.from(`${who} owns something at generation ${gen}`);
    const out: Record<string, unknown> = {};

    // A alone: generation 1.
    let joinA = await a.join(meta('a', -1));
    names.set(a.memberId, 'A');
    out.gen1 = { error: joinA.errorCode, generation: joinA.generationId, leader: name(joinA.leader), members: joinA.members.map((m) => [name(m.memberId), m.metadata.toString()]) };
    out.sync1 = (await a.sync([{ memberId: a.memberId, assignment: Buffer.from('a:0-5') }])).assignment.toString();

    // B joins: the group prepares a rebalance; generation is still 1 until the join phase completes.
    const joinB = b.join(meta('b', -1));
    await waitFor(`${t.name}: PreparingRebalance`, async () => (await groupState(t, groupId)) === 'PreparingRebalance', 30_000, 50);
    out.preparing = {
      heartbeat: await a.beat(),
      commitCurrentGeneration: await a.commit(topic, 1),
      commitOlderGeneration: await a.commit(topic, 0),
    };
    joinA = await a.join(meta('a', 1));
    const jb = await joinB;
    names.set(b.memberId, 'B');
    const order = (r: JoinGroupResponse, joinedIds: string[]): unknown => ({
      // Member ids are random, so each broker's order is checked against the HashMap model, and the lists compared sorted.
      members: r.members.map((m) => [name(m.memberId), m.metadata.toString()]).sort(),
      // Kafka lists members in its HashMap's order; the model reproduces it on both brokers.
      inJavaHashMapOrder: r.members.length === 0 || JSON.stringify(r.members.map((m) => m.memberId)) === JSON.stringify(javaHashMapOrder(joinedIds, joinedIds.length)),
    });
    out.gen2 = { a: { generation: joinA.generationId, leader: name(joinA.leader), ...(order(joinA, [a.memberId, b.memberId]) as object) }, b: { generation: jb.generationId, members: jb.members.length } };
    out.completing = {
      state: await groupState(t, groupId),
      heartbeat: await a.beat(),
      commitNewGeneration: await a.commit(topic, 2),
      commitOldGeneration: await a.commit(topic, 1),
    };
    const [syncA, syncB] = await Promise.all([
      a.sync([{ memberId: a.memberId, assignment: Buffer.from('a:0,1,2') }, { memberId: b.memberId, assignment: Buffer.from('b:') }]),
      b.sync([]),
    ]);
    out.sync2 = { a: syncA.assignment.toString(), b: syncB.assignment.toString(), state: await groupState(t, groupId), commit: await a.commit(topic, 2) };

    // C joins while A and B keep heartbeating and committing.
    const joinC = c.join(meta('c', -1));
    await waitFor(`${t.name}: PreparingRebalance again`, async () => (await groupState(t, groupId)) === 'PreparingRebalance', 30_000, 50);
    out.preparing2 = { aBeat: await a.beat(), bBeat: await b.beat(), aCommit: await a.commit(topic, 2), bCommit: await b.commit(topic, 2) };
    const [ja3, jb3, jc3] = await Promise.all([a.join(meta('a', 2)), b.join(meta('b', 2)), joinC]);
    names.set(c.memberId, 'C');
    const leader3 = [ja3, jb3, jc3].find((r) => r.members.length > 0);
    assert.ok(leader3, 'someone leads generation 3');
    out.gen3 = {
      generations: [ja3.generationId, jb3.generationId, jc3.generationId],
      leaderIsA: leader3.leader === a.memberId,
      ...(order(leader3, [a.memberId, b.memberId, c.memberId]) as object),
    };
    out.completing3 = { cCommit: await c.commit(topic, 3), aOldCommit: await a.commit(topic, 2) };
    for (const m of [a, b, c]) m.close();
    return out;
  });
  assertSameAsKafka(result);
});

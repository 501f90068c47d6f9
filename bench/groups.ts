/**
 * Group coordinator benchmark (not a test): 100 groups x 3 members sharing one 100-partition
 * topic, driven at protocol level (JoinGroup v7 / SyncGroup v5 / Heartbeat v4 / LeaveGroup v5 /
 * OffsetCommit v8, one connection per member, like real clients) against the broker CLI in its
 * own process. Measures: time until all groups are Stable, rebalance time after one member of
 * every group leaves, and OffsetCommit throughput.
 *
 *   node --import tsx bench/groups.ts [--groups 100] [--members 3] [--partitions 100] [--commit-seconds 5]
 *                                     [--heartbeat-ms 100] [--initial-delay-ms 0] [--commit-partitions N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChildBroker } from '../test/helpers/broker.js';
import { Writer } from '../src-protocol/codec/writer.js';
import { writeConsumerProtocolAssignment } from '../src-protocol/generated/data/consumer-protocol-assignment.js';
import { writeConsumerProtocolSubscription } from '../src-protocol/generated/data/consumer-protocol-subscription.js';
import { readJoinGroupResponse, writeJoinGroupRequest, type JoinGroupResponse } from '../src-protocol/generated/11-join-group.js';
import { readSyncGroupResponse, writeSyncGroupRequest } from '../src-protocol/generated/14-sync-group.js';
import { readHeartbeatResponse, writeHeartbeatRequest } from '../src-protocol/generated/12-heartbeat.js';
import { readLeaveGroupResponse, writeLeaveGroupRequest } from '../src-protocol/generated/13-leave-group.js';
import { readOffsetCommitResponse, writeOffsetCommitRequest } from '../src-protocol/generated/08-offset-commit.js';
import { readCreateTopicsResponse, writeCreateTopicsRequest } from '../src-protocol/generated/19-create-topics.js';
import { RawKafkaConnection } from './lib/raw-kafka-connection.js';

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '100' },
    members: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '100' },
    'commit-seconds': { type: 'string', default: '5' },
    'heartbeat-ms': { type: 'string', default: '100' },
    'initial-delay-ms': { type: 'string', default: '0' },
    /** Partitions per OffsetCommit request (default: all the member owns). */
    'commit-partitions': { type: 'string', default: '0' },
  },
});
const GROUPS = Number(values.groups);
const MEMBERS = Number(values.members);
const PARTITIONS = Number(values.partitions);
const COMMIT_SECONDS = Number(values['commit-seconds']);
const HEARTBEAT_MS = Number(values['heartbeat-ms']);
const INITIAL_DELAY_MS = Number(values['initial-delay-ms']);
const COMMIT_PARTITIONS = Number(values['commit-partitions']);
const TOPIC = 'bench-groups';
const REBALANCED = 27; // REBALANCE_IN_PROGRESS

function subscription(): Buffer {
  const w = new Writer();
  w.int16(0);
  writeConsumerProtocolSubscription(w, 0, { topics: [TOPIC], userData: null, ownedPartitions: [], generationId: -1, rackId: null });
  return w.toBuffer();
}

function assignment(partitions: number[]): Buffer {
  const w = new Writer();
  w.int16(0);
  writeConsumerProtocolAssignment(w, 0, { assignedPartitions: [{ topic: TOPIC, partitions }], userData: null });
  return w.toBuffer();
}

/** A member doing what a classic consumer does: join, (lead and) sync, heartbeat, rejoin on demand. */
class Member {
  memberId = '';
  generation = -1;
  partitions: number[] = [];
  stableAt = 0;
  /** When a heartbeat answered REBALANCE_IN_PROGRESS (the member starts rejoining). */
  noticedAt = 0;
  private rejoining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly conn: RawKafkaConnection, readonly group: string) {}

  async join(): Promise<void> {
    let r: JoinGroupResponse;
    for (;;) {
      r = await this.conn.request(11, 7, true, (w) => writeJoinGroupRequest(w, 7, {
        groupId: this.group, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 60_000, memberId: this.memberId, groupInstanceId: null,
        protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription() }], reason: null,
      }), (rd) => readJoinGroupResponse(rd, 7));
      if (r.errorCode === 79) { this.memberId = r.memberId; continue; } // MEMBER_ID_REQUIRED
      if (r.errorCode === 0) break;
      if (r.errorCode === 25) { this.memberId = ''; continue; }
      throw new Error(`JoinGroup ${this.group}: error ${r.errorCode}`);
    }
    this.memberId = r.memberId;
    this.generation = r.generationId;
    const assignments = r.leader === r.memberId ? rangeAssign(r.members.map((m) => m.memberId)) : [];
    const s = await this.conn.request(14, 5, true, (w) => writeSyncGroupRequest(w, 5, {
      groupId: this.group, generationId: this.generation, memberId: this.memberId, groupInstanceId: null,
      protocolType: 'consumer', protocolName: 'range', assignments,
    }), (rd) => readSyncGroupResponse(rd, 5));
    if (s.errorCode === REBALANCED) return this.join();
    if (s.errorCode !== 0) throw new Error(`SyncGroup ${this.group}: error ${s.errorCode}`);
    this.partitions = s.assignment.length > 8 ? decodePartitions(s.assignment) : [];
    this.stableAt = performance.now();
  }

  get isRejoining(): boolean {
    return this.rejoining !== null;
  }

  startHeartbeats(): void {
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
  }

  private async beat(): Promise<void> {
    if (this.rejoining) return;
    const r = await this.conn.request(12, 4, true, (w) => writeHeartbeatRequest(w, 4, {
      groupId: this.group, generationId: this.generation, memberId: this.memberId, groupInstanceId: null,
    }), (rd) => readHeartbeatResponse(rd, 4));
    if (r.errorCode === REBALANCED && !this.rejoining) {
      this.noticedAt = performance.now();
      this.rejoining = this.join().finally(() => (this.rejoining = null));
    }
  }

  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.conn.request(13, 5, true, (w) => writeLeaveGroupRequest(w, 5, {
      groupId: this.group, memberId: '', members: [{ memberId: this.memberId, groupInstanceId: null, reason: 'bench' }],
    }), (rd) => readLeaveGroupResponse(rd, 5));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  commit(offset: number): Promise<number> {
    const parts = COMMIT_PARTITIONS > 0 ? this.partitions.slice(0, COMMIT_PARTITIONS) : this.partitions;
    return this.conn.request(8, 8, true, (w) => writeOffsetCommitRequest(w, 8, {
      groupId: this.group, generationIdOrMemberEpoch: this.generation, memberId: this.memberId, groupInstanceId: null, retentionTimeMs: -1,
      topics: [{ name: TOPIC, partitions: parts.map((p) => ({ partitionIndex: p, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null })) }],
    }), (rd) => readOffsetCommitResponse(rd, 8)).then((r) => r.topics[0]?.partitions.filter((p) => p.errorCode === 0).length ?? 0);
  }
}

function rangeAssign(memberIds: string[]): { memberId: string; assignment: Buffer }[] {
  const sorted = [...memberIds].sort();
  const per = Math.floor(PARTITIONS / sorted.length);
  const extra = PARTITIONS % sorted.length;
  let next = 0;
  return sorted.map((memberId, i) => {
    const n = per + (i < extra ? 1 : 0);
    const parts = Array.from({ length: n }, (_, k) => next + k);
    next += n;
    return { memberId, assignment: assignment(parts) };
  });
}

function decodePartitions(buf: Buffer): number[] {
  // version int16, topics int32, topic string, partitions int32 + int32s (what rangeAssign wrote)
  let pos = 2 + 4;
  const len = buf.readInt16BE(pos);
  pos += 2 + len;
  const n = buf.readInt32BE(pos);
  pos += 4;
  return Array.from({ length: n }, (_, i) => buf.readInt32BE(pos + 4 * i));
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return `p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${(s.at(-1) ?? NaN).toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-bench-groups-'));
  const broker = await startChildBroker({ dataDir, extraArgs: ['--override', `group.initial.rebalance.delay.ms=${INITIAL_DELAY_MS}`, '--log-level', 'warn'] });
  const admin = await RawKafkaConnection.open(broker.host, broker.port, 'bench-admin');
  try {
    const created = await admin.request(19, 4, false, (w) => writeCreateTopicsRequest(w, 4, {
      topics: [{ name: TOPIC, numPartitions: PARTITIONS, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10_000, validateOnly: false,
    }), (r) => readCreateTopicsResponse(r, 4));
    if (created.topics[0]?.errorCode !== 0) throw new Error(`CreateTopics error ${created.topics[0]?.errorCode}`);
    const groups: Member[][] = [];
    for (let g = 0; g < GROUPS; g++) {
      const members: Member[] = [];
      for (let m = 0; m < MEMBERS; m++) members.push(new Member(await RawKafkaConnection.open(broker.host, broker.port, `bench-${g}-${m}`), `bench-group-${g}`));
      groups.push(members);
    }
    const all = groups.flat();
    process.stdout.write(`${GROUPS} groups x ${MEMBERS} members, one ${PARTITIONS}-partition topic, heartbeat every ${HEARTBEAT_MS} ms, initial delay ${INITIAL_DELAY_MS} ms\n`);

    // 1. Everyone joins at once. With a short initial delay a group may complete a generation
    // before all its members arrived; the late ones trigger more generations, so "Stable" means:
    // every member synced the same generation and the assignments cover the topic.
    const t0 = performance.now();
    await Promise.all(all.map(async (m) => {
      await m.join();
      m.startHeartbeats();
    }));
    const perGroup: number[] = new Array<number>(GROUPS).fill(0);
    const settled = (ms: Member[]): boolean =>
      ms.every((m) => !m.isRejoining && m.generation === ms[0]?.generation) && ms.reduce((n, m) => n + m.partitions.length, 0) === PARTITIONS;
    while (perGroup.some((x) => x === 0)) {
      groups.forEach((ms, i) => {
        if (perGroup[i] === 0 && settled(ms)) perGroup[i] = Math.max(...ms.map((m) => m.stableAt)) - t0;
      });
      await new Promise((r) => setTimeout(r, 2));
    }
    const tStable = Math.max(...perGroup);
    process.stdout.write(`all groups Stable                                  ${tStable.toFixed(0)} ms (per group: ${stats(perGroup)})\n`);

    // 2. One member of every group leaves; the others learn it from their next heartbeat.
    const before = new Map(all.map((m) => [m, m.generation]));
    const t1 = performance.now();
    await Promise.all(groups.map((ms) => (ms[MEMBERS - 1] as Member).leave()));
    const survivors = groups.flatMap((ms) => ms.slice(0, MEMBERS - 1));
    while (survivors.some((m) => m.generation === before.get(m) || m.partitions.length === 0 || m.stableAt < t1)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const tRebalance = performance.now() - t1;
    const perGroupRebalance = groups.map((ms) => Math.max(...ms.slice(0, MEMBERS - 1).map((m) => m.stableAt)) - t1);
    const rejoinToStable = groups.map((ms) => {
      const s = ms.slice(0, MEMBERS - 1);
      return Math.max(...s.map((m) => m.stableAt)) - Math.min(...s.map((m) => m.noticedAt));
    });
    process.stdout.write(`rebalance after 1 of ${MEMBERS} leaves (all groups)          ${tRebalance.toFixed(0)} ms (per group: ${stats(perGroupRebalance)}; includes up to ${HEARTBEAT_MS} ms heartbeat detection)\n`);
    process.stdout.write(`  of which first rejoin -> Stable, per group           ${stats(rejoinToStable)}\n`);

    // 3. OffsetCommit throughput: every surviving member commits its partitions, 4 requests in flight each.
    let requests = 0;
    let offsets = 0;
    const end = performance.now() + COMMIT_SECONDS * 1000;
    let offset = 1;
    await Promise.all(survivors.flatMap((m) => Array.from({ length: 4 }, async () => {
      while (performance.now() < end) {
        // Not `offsets += await ...`: that reads `offsets` before the await and loses updates.
        const n = await m.commit(offset++);
        offsets += n;
        requests++;
      }
    })));
    const secs = COMMIT_SECONDS;
    const perRequest = COMMIT_PARTITIONS > 0 ? COMMIT_PARTITIONS : Math.round(PARTITIONS / (MEMBERS - 1));
    process.stdout.write(`OffsetCommit (v8, ~${perRequest} partition(s)/request, 800 in flight)   ${Math.round(requests / secs)} commits/s, ${Math.round(offsets / secs)} partition offsets/s\n`);
    for (const m of all) m.stop();
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);

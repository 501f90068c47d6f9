/**
 * The server-side assignors of KIP-848 (`group.consumer.assignors`, chosen by the client's
 * `group.remote.assignor`): "uniform" (balanced and sticky, Kafka's UniformAssignor) and "range"
 * (contiguous ranges per topic, Kafka's server RangeAssignor). Input and output are plain data.
 */
import { addPartition, emptyAssignment, type Assignment } from './assignment.js';

export interface AssignorMember {
  memberId: string;
  instanceId: string | null;
  /** Subscribed topic ids that exist. */
  topics: ReadonlySet<string>;
  /** The member's current target assignment (stickiness). */
  target: Assignment;
}

export interface AssignorInput {
  /** In the group's member order. */
  members: readonly AssignorMember[];
  /** Partition count per subscribed topic id, in a stable topic order. */
  partitions: ReadonlyMap<string, number>;
}

export type Assignor = (input: AssignorInput) => Map<string, Assignment>;

function homogeneous(members: readonly AssignorMember[]): boolean {
  const first = members[0];
  if (!first) return true;
  return members.every((m) => m.topics.size === first.topics.size && [...m.topics].every((t) => first.topics.has(t)));
}

/**
 * Uniform, every member subscribed to the same topics (quota = floor(partitions / members), and
 * `partitions % members` members may hold one more): in group order each member keeps up to its
 * quota of what it had, and one more while extras remain if it already held more; then members
 * below quota, and while extras remain the next ones, fill up from the unassigned partitions
 * (never assigned before, then the ones just taken away). This matches Kafka 4.4's answers.
 */
function uniformHomogeneous(input: AssignorInput): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  const subscribed = input.members[0]?.topics ?? new Set<string>();
  const count = (t: string): number => input.partitions.get(t) ?? 0;
  const total = [...subscribed].reduce((n, t) => n + count(t), 0);
  const owned = new Set<string>();
  for (const m of input.members) for (const [t, ps] of m.target) for (const p of ps) owned.add(`${t}:${p}`);
  const unassigned: [string, number][] = [];
  for (const t of subscribed) for (let p = 0; p < count(t); p++) if (!owned.has(`${t}:${p}`)) unassigned.push([t, p]);
  const members = Math.max(1, input.members.length);
  const base = Math.floor(total / members);
  let extra = total % members;
  const kept = new Map<string, number>();
  for (const m of input.members) {
    const held = [...m.target].filter(([t]) => subscribed.has(t)).flatMap(([t, ps]) => [...ps].filter((p) => p < count(t)).map((p) => [t, p] as [string, number]));
    let quota = base;
    if (held.length > base && extra > 0) {
      quota++;
      extra--;
    }
    const a = emptyAssignment();
    held.forEach(([t, p], i) => (i < quota ? addPartition(a, t, p) : unassigned.push([t, p])));
    out.set(m.memberId, a);
    kept.set(m.memberId, Math.min(held.length, quota));
  }
  let next = 0;
  for (const m of input.members) {
    if (next >= unassigned.length) break;
    const has = kept.get(m.memberId) ?? 0;
    let room = Math.max(0, base - has);
    if (has <= base && extra > 0) {
      room++;
      extra--;
    }
    const a = out.get(m.memberId) as Assignment;
    for (let i = 0; i < room && next < unassigned.length; i++) {
      const [t, p] = unassigned[next++] as [string, number];
      addPartition(a, t, p);
    }
  }
  return out;
}

/**
 * Uniform with different subscriptions: per partition, the current owner keeps it while it stays
 * subscribed and under the group's average; otherwise the subscribed member with the fewest
 * partitions takes it. Balanced and sticky, though not Kafka's exact heterogeneous algorithm.
 */
function uniformHeterogeneous(input: AssignorInput): Map<string, Assignment> {
  const out = new Map(input.members.map((m) => [m.memberId, emptyAssignment()]));
  const total = new Map(input.members.map((m) => [m.memberId, 0]));
  const ownerOf = new Map<string, AssignorMember>();
  for (const m of input.members) for (const [t, ps] of m.target) for (const p of ps) ownerOf.set(`${t}:${p}`, m);
  const give = (m: AssignorMember, t: string, p: number): void => {
    addPartition(out.get(m.memberId) as Assignment, t, p);
    total.set(m.memberId, (total.get(m.memberId) ?? 0) + 1);
  };
  for (const [t, n] of input.partitions) {
    const candidates = input.members.filter((m) => m.topics.has(t));
    if (candidates.length === 0) continue;
    const ceiling = Math.ceil(n / candidates.length);
    const moving: number[] = [];
    for (let p = 0; p < n; p++) {
      const owner = ownerOf.get(`${t}:${p}`);
      if (owner && owner.topics.has(t) && (out.get(owner.memberId)?.get(t)?.size ?? 0) < ceiling) give(owner, t, p);
      else moving.push(p);
    }
    for (const p of moving) {
      const least = candidates.reduce((best, m) => ((total.get(m.memberId) ?? 0) < (total.get(best.memberId) ?? 0) ? m : best));
      give(least, t, p);
    }
  }
  return out;
}

export const uniformAssignor: Assignor = (input) => (homogeneous(input.members) ? uniformHomogeneous(input) : uniformHeterogeneous(input));

/** Static members first (by instance id), then by member id: Kafka's range order. */
function rangeOrder(a: AssignorMember, b: AssignorMember): number {
  if (a.instanceId !== null && b.instanceId !== null) return a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0;
  if (a.instanceId !== null) return -1;
  if (b.instanceId !== null) return 1;
  return a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;
}

/** Range: per topic, its subscribers in range order get contiguous ranges, the first ones one extra. */
export const rangeAssignor: Assignor = (input) => {
  const out = new Map(input.members.map((m) => [m.memberId, emptyAssignment()]));
  const sorted = [...input.members].sort(rangeOrder);
  for (const [t, n] of input.partitions) {
    const subscribers = sorted.filter((m) => m.topics.has(t));
    if (subscribers.length === 0) continue;
    const quota = Math.floor(n / subscribers.length);
    const extra = n % subscribers.length;
    subscribers.forEach((m, i) => {
      const start = i * quota + Math.min(i, extra);
      const size = quota + (i < extra ? 1 : 0);
      for (let p = start; p < start + size; p++) addPartition(out.get(m.memberId) as Assignment, t, p);
    });
  }
  return out;
};

export const ASSIGNORS: ReadonlyMap<string, Assignor> = new Map([
  ['uniform', uniformAssignor],
  ['range', rangeAssignor],
]);

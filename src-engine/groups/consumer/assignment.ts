/**
 * Partition sets of the consumer protocol (KIP-848), keyed by topic id as on the wire:
 * a member's assigned partitions, its partitions pending revocation, its target assignment.
 */

/** topic id -> partition indexes. Empty sets are never stored. */
export type Assignment = Map<string, Set<number>>;

export interface WireTopicPartitions {
  topicId: string;
  partitions: number[];
}

export function emptyAssignment(): Assignment {
  return new Map();
}

export function copyAssignment(a: Assignment): Assignment {
  return new Map([...a].map(([t, ps]) => [t, new Set(ps)]));
}

export function addPartition(a: Assignment, topicId: string, partition: number): void {
  let set = a.get(topicId);
  if (!set) a.set(topicId, (set = new Set()));
  set.add(partition);
}

export function assignmentSize(a: Assignment): number {
  let n = 0;
  for (const ps of a.values()) n += ps.size;
  return n;
}

export function sameAssignment(a: Assignment, b: Assignment): boolean {
  if (a.size !== b.size) return false;
  for (const [t, ps] of a) {
    const other = b.get(t);
    if (!other || other.size !== ps.size) return false;
    for (const p of ps) if (!other.has(p)) return false;
  }
  return true;
}

/** Whether every partition of `owned` is in `assigned`. */
export function isSubset(owned: readonly WireTopicPartitions[], assigned: Assignment): boolean {
  for (const t of owned) {
    const set = assigned.get(t.topicId);
    for (const p of t.partitions) if (!set?.has(p)) return false;
  }
  return true;
}

/** Whether the client still reports any partition of `pending` as owned (null: unknown, so yes). */
export function ownsAnyOf(owned: readonly WireTopicPartitions[] | null, pending: Assignment): boolean {
  if (owned === null) return true;
  for (const t of owned) {
    const set = pending.get(t.topicId);
    if (set && t.partitions.some((p) => set.has(p))) return true;
  }
  return false;
}

export function toWire(a: Assignment): WireTopicPartitions[] {
  return [...a].map(([topicId, ps]) => ({ topicId, partitions: [...ps].sort((x, y) => x - y) }));
}

export function fromWire(list: readonly WireTopicPartitions[]): Assignment {
  const a = emptyAssignment();
  for (const t of list) for (const p of t.partitions) addPartition(a, t.topicId, p);
  return a;
}

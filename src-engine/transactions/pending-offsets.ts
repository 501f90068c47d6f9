/**
 * Offsets a transaction committed with TxnOffsetCommit, held per producer id until the transaction
 * ends: a commit hands them to the group coordinator (then OffsetFetch sees them), an abort drops
 * them. Their durable copy is the transactional records in `__consumer_offsets` (txn-offsets-log.ts),
 * from which a restart rebuilds this map for transactions still open.
 */
import type { CommittedOffset } from '../groups/offsets-topic-records.js';

export interface PendingOffset {
  topic: string;
  partition: number;
  value: CommittedOffset;
}

export class PendingTxnOffsets {
  /** producer id -> group id -> "topic\0partition" -> offset. */
  private readonly byProducer = new Map<number, Map<string, Map<string, PendingOffset>>>();

  add(producerId: number, groupId: string, offset: PendingOffset): void {
    let groups = this.byProducer.get(producerId);
    if (!groups) this.byProducer.set(producerId, (groups = new Map()));
    let offsets = groups.get(groupId);
    if (!offsets) groups.set(groupId, (offsets = new Map()));
    offsets.set(`${offset.topic}\0${offset.partition}`, offset);
  }

  /** Removes and returns the producer's pending offsets, by group. */
  take(producerId: number): Map<string, PendingOffset[]> {
    const out = new Map<string, PendingOffset[]>();
    for (const [groupId, offsets] of this.byProducer.get(producerId) ?? []) out.set(groupId, [...offsets.values()]);
    this.byProducer.delete(producerId);
    return out;
  }

  /** True when some transaction holds an uncommitted offset for the partition (OffsetFetch's require_stable). */
  isPending(groupId: string, topic: string, partition: number): boolean {
    const key = `${topic}\0${partition}`;
    for (const groups of this.byProducer.values()) if (groups.get(groupId)?.has(key)) return true;
    return false;
  }
}

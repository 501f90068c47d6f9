/**
 * OffsetCommit / OffsetFetch / OffsetDelete semantics and offset retention, on top of the
 * in-memory OffsetStore and the `__consumer_offsets` log (via the coordinator's `append`).
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './context.js';
import type { CoordinatorHost } from './host.js';
import { offsetCommitRecord, type CommittedOffset, type KeyValue } from './offsets-topic-records.js';
import type { OffsetStore } from './offset-store.js';
import type { CommitRequestInput, FetchedOffset } from './types.js';

export interface PartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
}

export class OffsetManager {
  constructor(
    private readonly ctx: GroupContext,
    private readonly host: CoordinatorHost,
    private readonly groups: Map<string, ClassicGroup>,
    readonly store: OffsetStore,
    private readonly append: (groupId: string, records: KeyValue[]) => void,
  ) {}

  /** The group-level check of an OffsetCommit (Kafka's ClassicGroup.validateOffsetCommit). */
  private validateCommit(group: ClassicGroup, req: CommitRequestInput): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    // A "simple" commit (no group management) is allowed while nobody is a member.
    if (req.generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
    if (req.generationId >= 0 || req.memberId !== '' || req.groupInstanceId !== null) {
      if (group.isStaticMemberFenced(req.memberId, req.groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
      if (!group.members.has(req.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!group.is('Empty')) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    // The assignment of the new generation is not known yet: committing now could be for partitions the member loses.
    if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  /** `checkedByConsumerGroup`: the group is a KIP-848 consumer group whose coordinator already validated the commit. */
  commit(req: CommitRequestInput, checkedByConsumerGroup?: number): PartitionResult[] {
    let group = this.groups.get(req.groupId);
    let groupError: number = ErrorCode.NONE;
    if (checkedByConsumerGroup !== undefined) {
      groupError = checkedByConsumerGroup;
    } else if (!group) {
      if (req.generationId < 0) {
        group = new ClassicGroup(req.groupId, this.ctx.clock.now());
        this.groups.set(req.groupId, group);
      } else {
        groupError = ErrorCode.ILLEGAL_GENERATION;
      }
    } else {
      groupError = this.validateCommit(group, req);
    }
    const now = this.ctx.clock.now();
    const results: PartitionResult[] = [];
    const records: KeyValue[] = [];
    const committed: { topic: string; partition: number; offset: number }[] = [];
    for (const p of req.partitions) {
      let errorCode = groupError;
      if (errorCode === ErrorCode.NONE) {
        if (!this.host.partitionExists(p.topic, p.partition)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (p.metadata !== null && Buffer.byteLength(p.metadata) > this.ctx.config.offsetMetadataMaxBytes) errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
      }
      results.push({ topic: p.topic, partition: p.partition, errorCode });
      if (errorCode !== ErrorCode.NONE) continue;
      const commitTimestamp = p.commitTimestamp >= 0 ? p.commitTimestamp : now;
      const value: CommittedOffset = {
        offset: p.offset,
        leaderEpoch: p.leaderEpoch,
        metadata: p.metadata ?? '',
        commitTimestamp,
        expireTimestamp: req.retentionTimeMs >= 0 ? commitTimestamp + req.retentionTimeMs : null,
      };
      records.push(offsetCommitRecord(req.groupId, p.topic, p.partition, value));
      this.store.set(req.groupId, p.topic, p.partition, value);
      committed.push({ topic: p.topic, partition: p.partition, offset: p.offset });
    }
    if (records.length > 0) {
      this.append(req.groupId, records);
      this.ctx.emit({ type: 'offsets-committed', group: req.groupId, generation: req.generationId, memberId: req.memberId, offsets: committed });
    }
    return results;
  }

  /**
   * Transaction hook (src-engine/transactions): offsets a TxnOffsetCommit wrote to `__consumer_offsets` as
   * transactional records count once their transaction commits (on replay, from the COMMIT marker on, see
   * cluster-host.ts). Nothing is appended here; the transaction coordinator validated them already, so no
   * generation check applies (the group may have rebalanced since).
   */
  applyTransactionalOffsets(groupId: string, offsets: readonly { topic: string; partition: number; value: CommittedOffset }[]): void {
    const committed: { topic: string; partition: number; offset: number }[] = [];
    for (const o of offsets) {
      if (!this.host.partitionExists(o.topic, o.partition)) continue;
      this.store.set(groupId, o.topic, o.partition, o.value);
      committed.push({ topic: o.topic, partition: o.partition, offset: o.value.offset });
    }
    if (committed.length === 0) return;
    if (!this.groups.has(groupId)) this.groups.set(groupId, new ClassicGroup(groupId, this.ctx.clock.now()));
    this.ctx.emit({ type: 'offsets-committed', group: groupId, generation: -1, memberId: '', offsets: committed });
  }

  /** `topics` null means every partition the group has an offset for (OffsetFetch v2+). */
  fetch(groupId: string, topics: { topic: string; partitions: number[] }[] | null): FetchedOffset[] {
    if (topics === null) {
      return this.store.list(groupId).map(({ topic, partition, value }) => ({
        topic, partition, offset: value.offset, leaderEpoch: value.leaderEpoch, metadata: value.metadata, errorCode: ErrorCode.NONE,
      }));
    }
    const out: FetchedOffset[] = [];
    for (const t of topics) {
      for (const partition of t.partitions) {
        const v = this.store.get(groupId, t.topic, partition);
        out.push(
          v
            ? { topic: t.topic, partition, offset: v.offset, leaderEpoch: v.leaderEpoch, metadata: v.metadata, errorCode: ErrorCode.NONE }
            : // Kafka's "no offset": -1, empty metadata, no error.
              { topic: t.topic, partition, offset: -1, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE },
        );
      }
    }
    return out;
  }

  /** OffsetDelete: only for partitions of topics no current member subscribes to. */
  delete(groupId: string, topics: { topic: string; partitions: number[] }[]): { errorCode: number; partitions: PartitionResult[] } {
    const group = this.groups.get(groupId);
    if (!group || group.is('Dead')) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] };
    if (!group.is('Empty') && group.protocolType !== 'consumer') return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] };
    const subscribed = group.is('Empty') ? new Set<string>() : group.subscribedTopics();
    const records: KeyValue[] = [];
    const partitions: PartitionResult[] = [];
    for (const t of topics) {
      for (const partition of t.partitions) {
        let errorCode: number = ErrorCode.NONE;
        if (!this.host.partitionExists(t.topic, partition)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (subscribed === null || subscribed.has(t.topic)) errorCode = ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
        else if (this.store.delete(groupId, t.topic, partition)) records.push(offsetCommitRecord(groupId, t.topic, partition, null));
        partitions.push({ topic: t.topic, partition, errorCode });
      }
    }
    if (records.length > 0) this.append(groupId, records);
    return { errorCode: ErrorCode.NONE, partitions };
  }

  /** Drops a group's offsets of one topic, returning their tombstones. */
  deleteTopic(groupId: string, topic: string): KeyValue[] {
    const parts = this.store.topics(groupId)?.get(topic);
    if (!parts) return [];
    const out: KeyValue[] = [];
    for (const partition of [...parts.keys()]) {
      this.store.delete(groupId, topic, partition);
      out.push(offsetCommitRecord(groupId, topic, partition, null));
    }
    return out;
  }

  /** Tombstones every offset of a group (DeleteGroups). */
  deleteAll(groupId: string): KeyValue[] {
    return this.store.deleteGroup(groupId).map(({ topic, partition }) => offsetCommitRecord(groupId, topic, partition, null));
  }

  /**
   * offsets.retention.minutes (Kafka 2.1+ semantics): offsets of an Empty group expire that long
   * after the group became empty; offsets of a standalone group (no protocol) that long after their
   * commit; offsets of a Stable consumer group only for topics nobody subscribes to any more. An
   * explicit expire timestamp (OffsetCommit v2-v4 retention) wins.
   */
  expire(now: number): void {
    const retention = this.ctx.config.offsetsRetentionMs;
    for (const groupId of [...this.store.groups()]) {
      const group = this.groups.get(groupId);
      let base: ((v: CommittedOffset) => number) | null;
      let eligible: (topic: string) => boolean = () => true;
      if (!group || group.protocolType === null || group.protocolType === '') {
        base = (v) => v.commitTimestamp;
      } else if (group.is('Empty')) {
        base = () => group.stateTimestamp;
      } else if (group.is('Stable') && group.protocolType === 'consumer') {
        const subscribed = group.subscribedTopics();
        base = subscribed === null ? null : (v) => v.commitTimestamp;
        eligible = (topic) => subscribed !== null && !subscribed.has(topic);
      } else {
        base = null;
      }
      const records: KeyValue[] = [];
      for (const { topic, partition, value } of this.store.list(groupId)) {
        const expired = value.expireTimestamp !== null ? now >= value.expireTimestamp : base !== null && eligible(topic) && now - base(value) >= retention;
        if (!expired) continue;
        this.store.delete(groupId, topic, partition);
        records.push(offsetCommitRecord(groupId, topic, partition, null));
      }
      if (records.length > 0) this.append(groupId, records);
    }
  }
}

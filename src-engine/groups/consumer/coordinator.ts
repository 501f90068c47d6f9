/**
 * The consumer-protocol (KIP-848) side of the group coordinator: owns every consumer group,
 * answers ConsumerGroupHeartbeat / ConsumerGroupDescribe, validates OffsetCommit / OffsetFetch
 * member epochs, persists groups to `__consumer_offsets` with Kafka's record types and rebuilds
 * them on start-up. Session and rebalance timeouts fence members.
 */
import type { ConsumerMemberLeftReason, GroupEpochCause, GroupEvent, TopicPartitionAssignment } from '../../../src-common/engine-events.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import type { Clock } from '../clock.js';
import type { KeyValue } from '../offsets-topic-records.js';
import { toWire, type Assignment } from './assignment.js';
import { ASSIGNORS, type AssignorMember } from './assignors.js';
import { classicHeartbeat, classicJoin, classicLeave, classicSync, encodeAssignment, type ClassicMembersHost } from './classic-members.js';
import { ConsumerGroup } from './consumer-group.js';
import type { JoinRequestInput, JoinResult, LeaveMemberInput, LeaveResult, SyncRequestInput, SyncResult } from '../types.js';
import { errorOutput, heartbeatMember, HeartbeatError, leaveMember, validateHeartbeat, type HeartbeatHost, type HeartbeatInput, type HeartbeatOutput } from './heartbeat.js';
import { MemberState, type ConsumerMember } from './member.js';
import {
  currentAssignmentRecord, groupEpochRecord, memberMetadataRecord, subscriptionMetadataRecord, targetAssignmentEpochRecord, targetAssignmentRecord,
} from './records.js';
import { metadataChanges } from './metadata-changes.js';
import { replayConsumerGroups } from './replay.js';
import { describeConsumerGroups, type DescribedConsumerGroup } from './describe.js';
import type { ClassicGroups } from './classic-groups.js';

export type { ClassicGroups, ClassicMemberSnapshot } from './classic-groups.js';
export type { DescribedConsumerGroup } from './describe.js';
import { TopicRegexCache } from './topic-regex.js';

export interface ConsumerGroupConfig {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxGroupSize: number;
  /** Server assignors offered; the first is the default. */
  assignors: string[];
  migrationPolicy: 'bidirectional' | 'upgrade' | 'downgrade' | 'disabled';
}

export const DEFAULT_CONSUMER_GROUP_CONFIG: ConsumerGroupConfig = {
  sessionTimeoutMs: 45_000,
  heartbeatIntervalMs: 5_000,
  maxGroupSize: 2_147_483_647,
  assignors: ['uniform', 'range'],
  migrationPolicy: 'bidirectional',
};

/** The topics a consumer group can subscribe to. */
export interface TopicCatalog {
  topic(name: string): { topicId: string; partitions: number } | undefined;
  /** Every topic a regex subscription may match (internal topics excluded, as Kafka does). */
  topicNames(): string[];
  topicName(topicId: string): string | undefined;
}

/** What the classic coordinator tells about a group id (one namespace for both protocols). */


export class ConsumerGroupCoordinator implements HeartbeatHost, ClassicMembersHost {
  readonly groups = new Map<string, ConsumerGroup>();
  private readonly regexes = new TopicRegexCache();

  constructor(
    private readonly config: ConsumerGroupConfig,
    private readonly clock: Clock,
    private readonly topics: TopicCatalog,
    private readonly classic: ClassicGroups,
    private readonly append: (groupId: string, records: KeyValue[]) => void,
    /** The timeline's events (the classic coordinator's channel); none by default. */
    private readonly emitEvent: (event: GroupEvent) => void = () => {},
  ) {}

  emit(event: GroupEvent): void {
    this.emitEvent(event);
  }

  /** Topic ids to names for events (a deleted topic keeps its id). */
  named(a: Assignment): TopicPartitionAssignment[] {
    return toWire(a).map((t) => ({ topic: this.topics.topicName(t.topicId) ?? t.topicId, partitions: t.partitions }));
  }

  /** Runs `change` and emits 'state-changed' when the group's state differs afterwards (a missing group counts as Empty). */
  private observeState<T>(groupId: string, change: () => T): T {
    const before = this.groups.get(groupId)?.state ?? 'Empty';
    try {
      return change();
    } finally {
      // A group downgraded to classic has left this coordinator: the classic one reports its states.
      const after = this.groups.get(groupId)?.state ?? (this.classic.classicState(groupId) === 'active' ? null : 'Empty');
      if (after !== null && after !== before) this.emit({ type: 'state-changed', group: groupId, from: before, to: after });
    }
  }

  get assignorNames(): readonly string[] {
    return this.config.assignors;
  }

  get heartbeatIntervalMs(): number {
    return this.config.heartbeatIntervalMs;
  }

  get maxGroupSize(): number {
    return this.config.maxGroupSize;
  }

  /** Rebuilds groups from replayed records (see replay.ts) and re-arms every member's session. */
  load(records: Iterable<{ key: Buffer; value: Buffer | null }>): void {
    for (const g of replayConsumerGroups(records)) {
      this.groups.set(g.groupId, g);
      for (const m of g.members.values()) this.touchSession(g, m);
    }
  }

  shutdown(): void {
    for (const g of this.groups.values()) for (const m of g.members.values()) m.cancelTimers();
  }

  heartbeat(req: HeartbeatInput): HeartbeatOutput {
    return this.observeState(req.groupId, () => this.heartbeatUnobserved(req));
  }

  private heartbeatUnobserved(req: HeartbeatInput): HeartbeatOutput {
    try {
      validateHeartbeat(req, this.config.assignors);
      if (req.memberEpoch < 0) return leaveMember(this, this.groups.get(req.groupId), req);
      let group = this.groups.get(req.groupId);
      let created = false;
      if (!group) {
        const classic = this.classic.classicState(req.groupId);
        if (classic === 'active' || (classic === 'empty' && (this.config.migrationPolicy === 'disabled' || this.config.migrationPolicy === 'downgrade'))) {
          throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${req.groupId} is not a consumer group.`);
        }
        if (req.memberEpoch !== 0) throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${req.groupId} not found.`);
        if (classic === 'empty') this.classic.dropEmptyClassicGroup(req.groupId);
        group = new ConsumerGroup(req.groupId);
        this.groups.set(req.groupId, group);
        created = true;
      }
      try {
        return heartbeatMember(this, group, req, created);
      } finally {
        // A join that failed leaves no trace, as Kafka's rolled-back records.
        if (created && group.members.size === 0) this.groups.delete(req.groupId);
      }
    } catch (err) {
      if (err instanceof HeartbeatError) return errorOutput(err.errorCode, err.message === '' ? null : err.message);
      throw err;
    }
  }

  topicIdOf(name: string): string | undefined {
    return this.topics.topic(name)?.topicId;
  }

  topicNameOf(topicId: string): string | undefined {
    return this.topics.topicName(topicId);
  }

  /** Whether `groupId` is a consumer group with members (classic requests to it take the migration paths below). */
  hasActiveGroup(groupId: string): boolean {
    return (this.groups.get(groupId)?.members.size ?? 0) > 0;
  }

  /** JoinGroup from a classic member into a non-empty consumer group (online migration). */
  joinClassic(req: JoinRequestInput): JoinResult | null {
    const group = this.groups.get(req.groupId);
    if (!group || group.members.size === 0) return null;
    return this.observeState(req.groupId, () => classicJoin(this, group, req));
  }

  /** SyncGroup / Heartbeat / LeaveGroup to a consumer group; null when `groupId` is not one. */
  syncClassic(req: SyncRequestInput): SyncResult | null {
    const group = this.groups.get(req.groupId);
    return group ? classicSync(this, group, req) : null;
  }

  heartbeatClassic(groupId: string, memberId: string, instanceId: string | null, generationId: number): number | null {
    const group = this.groups.get(groupId);
    return group ? classicHeartbeat(this, group, memberId, instanceId, generationId) : null;
  }

  leaveClassic(groupId: string, members: readonly LeaveMemberInput[]): LeaveResult | null {
    const group = this.groups.get(groupId);
    return group ? this.observeState(groupId, () => classicLeave(this, group, members)) : null;
  }

  topicMetadata(names: Iterable<string>): Map<string, { topicId: string; partitions: number }> {
    const out = new Map<string, { topicId: string; partitions: number }>();
    for (const name of [...names].sort()) {
      const t = this.topics.topic(name);
      if (t) out.set(name, t);
    }
    return out;
  }

  resolveRegexes(group: ConsumerGroup): void {
    const regexes = new Set<string>();
    for (const m of group.members.values()) if (m.subscribedTopicRegex !== null && m.subscribedTopicRegex !== '') regexes.add(m.subscribedTopicRegex);
    const names = regexes.size === 0 ? [] : this.topics.topicNames().sort();
    group.resolvedRegexes = new Map([...regexes].map((r) => {
      const re = this.regexes.get(r);
      return [r, re === null ? [] : names.filter((n) => re.matches(n))];
    }));
  }

  bumpGroupEpoch(group: ConsumerGroup, causes: GroupEpochCause[], memberId: string | null, detail: string | null = null): void {
    group.groupEpoch++;
    this.append(group.groupId, [groupEpochRecord(group.groupId, group.groupEpoch)]);
    this.emit({ type: 'group-epoch-bumped', group: group.groupId, groupEpoch: group.groupEpoch, causes, memberId, detail });
  }

  storeMember(group: ConsumerGroup, member: ConsumerMember): void {
    this.append(group.groupId, [memberMetadataRecord(group.groupId, member.memberId, member)]);
  }

  storeSubscriptionMetadata(group: ConsumerGroup): void {
    this.append(group.groupId, [subscriptionMetadataRecord(group)]);
  }

  storeCurrentAssignment(group: ConsumerGroup, member: ConsumerMember): void {
    this.append(group.groupId, [currentAssignmentRecord(group.groupId, member.memberId, member)]);
  }

  computeTargetAssignment(group: ConsumerGroup): void {
    const name = group.preferredAssignor() ?? this.config.assignors[0] ?? 'uniform';
    const assignor = ASSIGNORS.get(name) ?? ASSIGNORS.get('uniform');
    const partitions = new Map([...group.subscriptionMetadata.values()].map((t) => [t.topicId, t.partitions]));
    const members: AssignorMember[] = group.orderedMembers().map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      topics: new Set(group.memberTopics(m).flatMap((n) => {
        const t = group.subscriptionMetadata.get(n);
        return t ? [t.topicId] : [];
      })),
      target: group.targetAssignment.get(m.memberId) ?? new Map(),
    }));
    const result = assignor ? assignor({ members, partitions }) : new Map<string, Assignment>();
    const records: KeyValue[] = [];
    const targets = [];
    for (const m of members) {
      const next = result.get(m.memberId) ?? new Map<string, Set<number>>();
      group.targetAssignment.set(m.memberId, next);
      records.push(targetAssignmentRecord(group.groupId, m.memberId, next));
      targets.push({ memberId: m.memberId, assignment: this.named(next) });
    }
    group.assignmentEpoch = group.groupEpoch;
    records.push(targetAssignmentEpochRecord(group.groupId, group.assignmentEpoch));
    this.append(group.groupId, records);
    this.emit({ type: 'target-assignment-computed', group: group.groupId, assignmentEpoch: group.assignmentEpoch, assignor: name, members: targets });
  }

  replaceStaticMember(group: ConsumerGroup, old: ConsumerMember, memberId: string): ConsumerMember {
    const successor = old.cloneAs(memberId);
    successor.memberEpoch = 0;
    successor.previousMemberEpoch = 0;
    const target = group.targetAssignment.get(old.memberId);
    old.cancelTimers();
    group.removeMember(old.memberId);
    this.append(group.groupId, [
      currentAssignmentRecord(group.groupId, old.memberId, null),
      targetAssignmentRecord(group.groupId, old.memberId, null),
      memberMetadataRecord(group.groupId, old.memberId, null),
    ]);
    this.emit({ type: 'consumer-member-left', group: group.groupId, memberId: old.memberId, memberEpoch: old.memberEpoch, reason: 'fenced', detail: memberId === old.memberId ? null : `replaced by ${memberId} (same instance id)` });
    group.putMember(successor);
    if (target) {
      group.targetAssignment.set(memberId, target);
      this.append(group.groupId, [targetAssignmentRecord(group.groupId, memberId, target)]);
    }
    return successor;
  }

  /** Removes a member (left, session or rebalance timeout) and bumps the group epoch. */
  fenceMember(group: ConsumerGroup, member: ConsumerMember, reason: ConsumerMemberLeftReason): void {
    if (this.downgrades(group, member)) {
      this.downgrade(group, member, reason);
      return;
    }
    const before = group.subscriptionMetadata;
    member.cancelTimers();
    group.removeMember(member.memberId);
    this.append(group.groupId, [
      currentAssignmentRecord(group.groupId, member.memberId, null),
      targetAssignmentRecord(group.groupId, member.memberId, null),
      memberMetadataRecord(group.groupId, member.memberId, null),
    ]);
    this.emit({ type: 'consumer-member-left', group: group.groupId, memberId: member.memberId, memberEpoch: member.memberEpoch, reason, detail: null });
    this.resolveRegexes(group);
    const metadata = this.topicMetadata(group.subscribedTopicNames());
    group.subscriptionMetadata = metadata;
    this.storeSubscriptionMetadata(group);
    this.bumpGroupEpoch(group, ['member-left'], member.memberId, metadataChanges(before, metadata) ?? reason);
  }

  /** Kafka's validateOnlineDowngradeWithFencedMember: the last KIP-848 member goes, classic members stay. */
  private downgrades(group: ConsumerGroup, leaving: ConsumerMember): boolean {
    const others = [...group.members.values()].filter((m) => m !== leaving);
    return leaving.classic === null && others.length > 0 && others.every((m) => m.classic !== null)
      && (this.config.migrationPolicy === 'downgrade' || this.config.migrationPolicy === 'bidirectional')
      && others.length <= this.classic.classicMaxSize;
  }

  /** The consumer group's records are tombstoned and its classic members handed to the classic coordinator. */
  private downgrade(group: ConsumerGroup, leaving: ConsumerMember, reason: ConsumerMemberLeftReason): void {
    this.emit({ type: 'consumer-member-left', group: group.groupId, memberId: leaving.memberId, memberEpoch: leaving.memberEpoch, reason, detail: 'the last consumer-protocol member: the group becomes a classic group' });
    const members = group.orderedMembers();
    const records: KeyValue[] = [];
    for (const m of members) {
      m.cancelTimers();
      records.push(currentAssignmentRecord(group.groupId, m.memberId, null), targetAssignmentRecord(group.groupId, m.memberId, null), memberMetadataRecord(group.groupId, m.memberId, null));
    }
    records.push(targetAssignmentEpochRecord(group.groupId, null), subscriptionMetadataRecord(group.groupId, true), groupEpochRecord(group.groupId, null));
    this.append(group.groupId, records);
    this.groups.delete(group.groupId);
    this.classic.adoptClassicMembers(group.groupId, group.groupEpoch, members.filter((m) => m !== leaving).map((m) => ({
      memberId: m.memberId, instanceId: m.instanceId, clientId: m.clientId, clientHost: m.clientHost, rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.classic?.sessionTimeoutMs ?? this.config.sessionTimeoutMs, protocols: m.classic?.protocols ?? [], assignment: encodeAssignment(this, m),
    })));
  }

  touchSession(group: ConsumerGroup, member: ConsumerMember): void {
    member.lastHeartbeatAt = this.clock.now();
    member.sessionTimer?.cancel();
    // A classic member (online migration) keeps the session timeout of its JoinGroup.
    member.sessionTimer = this.clock.schedule(member.classic?.sessionTimeoutMs ?? this.config.sessionTimeoutMs, () => {
      if (group.members.get(member.memberId) === member) this.observeState(group.groupId, () => this.fenceMember(group, member, 'session-timeout'));
    });
  }

  armRebalanceTimeout(group: ConsumerGroup, member: ConsumerMember): void {
    member.rebalanceTimer?.cancel();
    member.rebalanceTimer = null;
    if (member.state !== MemberState.UNREVOKED_PARTITIONS) return;
    const epoch = member.memberEpoch;
    member.rebalanceTimer = this.clock.schedule(member.rebalanceTimeoutMs, () => {
      if (group.members.get(member.memberId) === member && member.memberEpoch === epoch) this.observeState(group.groupId, () => this.fenceMember(group, member, 'rebalance-timeout'));
    });
  }

  /**
   * OffsetCommit against a consumer group: null when `groupId` is not one. Epoch -1 without a
   * member commits only while the group is empty; members must use OffsetCommit v9+.
   */
  validateOffsetCommit(groupId: string, memberId: string, memberEpoch: number, apiVersion: number, transactional = false): number | null {
    const group = this.groups.get(groupId);
    if (!group) return null;
    if (memberEpoch < 0 && group.members.size === 0) return ErrorCode.NONE;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    // Classic members commit with their generation (= member epoch) at any version, as Kafka's validateMemberEpoch.
    if (member.classic !== null) return memberEpoch === member.memberEpoch ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    if (!transactional && apiVersion < 9) return ErrorCode.UNSUPPORTED_VERSION;
    return memberEpoch === member.memberEpoch ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
  }

  /** OffsetFetch v9+ with a member id and epoch; null when `groupId` is not a consumer group. */
  validateOffsetFetch(groupId: string, memberId: string | null, memberEpoch: number): number | null {
    const group = this.groups.get(groupId);
    if (!group) return null;
    if (memberId === null && memberEpoch < 0) return ErrorCode.NONE;
    const member = memberId === null ? undefined : group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    return memberEpoch === member.memberEpoch ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
  }

  /** Deletes an empty consumer group (DeleteGroups, or a classic member taking the id over). */
  deleteGroup(groupId: string): boolean {
    const g = this.groups.get(groupId);
    if (!g || g.members.size > 0) return false;
    this.groups.delete(groupId);
    this.append(groupId, [targetAssignmentEpochRecord(groupId, null), subscriptionMetadataRecord(groupId, true), groupEpochRecord(groupId, null)]);
    return true;
  }

  describe(groupIds: readonly string[]): DescribedConsumerGroup[] {
    return describeConsumerGroups(groupIds, this.groups, {
      isOtherGroup: (id) => this.classic.classicState(id) !== 'none',
      topicName: (id) => this.topics.topicName(id),
      defaultAssignor: this.config.assignors[0] ?? 'uniform',
    });
  }
}

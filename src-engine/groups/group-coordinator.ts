/**
 * The classic-protocol group coordinator of the engine: owns every classic group and the
 * committed offsets, persists both to `__consumer_offsets`, and exposes plain methods for the
 * API handlers (apis/08-16, 42, 47) and for the GUI (describeGroup, describeLag, listGroupInfo).
 * Everything runs on the event loop; JoinGroup/SyncGroup long polls are promises resolved later.
 */
import type { GroupEvent } from '../../src-common/engine-events.js';
import type { GroupDescription, GroupLag, GroupListing } from '../../src-common/group-insight.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { GroupMetadataValue } from '../../src-protocol/generated/internal/group-metadata-value.js';
import { ClassicGroup } from './classic-group.js';
import { ConsumerGroupCoordinator, DEFAULT_CONSUMER_GROUP_CONFIG, type ClassicMemberSnapshot, type ConsumerGroupConfig, type TopicCatalog } from './consumer/coordinator.js';
import { realClock, type Clock, type Timer } from './clock.js';
import { decodeAssignment, decodeSubscription } from './consumer-protocol.js';
import type { GroupContext } from './context.js';
import { heartbeat } from './heartbeat.js';
import type { CoordinatorHost } from './host.js';
import { joinGroup } from './join-group.js';
import { GroupMember } from './member.js';
import { computeLag } from './lag.js';
import { leaveGroup } from './leave-group.js';
import { OffsetManager, type PartitionResult } from './offset-manager.js';
import { OffsetStore } from './offset-store.js';
import { loadOffsetsTopic } from './offsets-loader.js';
import { groupMetadataRecord, offsetsPartitionFor, type KeyValue } from './offsets-topic-records.js';
import { emptyJoin, prepareRebalance, scheduleHeartbeat, setState } from './rebalance.js';
import { syncGroup } from './sync-group.js';
import {
  DEFAULT_GROUP_CONFIG, type CommitRequestInput, type FetchedOffset, type GroupCoordinatorConfig, type GroupState,
  type JoinRequestInput, type JoinResult, type LeaveMemberInput, type LeaveResult, type SyncRequestInput, type SyncResult,
} from './types.js';

export interface WireGroupDescription {
  groupId: string;
  errorCode: number;
  state: string;
  protocolType: string;
  protocolData: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
}

export class GroupCoordinator implements GroupContext {
  readonly config: GroupCoordinatorConfig;
  readonly groups = new Map<string, ClassicGroup>();
  readonly offsets: OffsetManager;
  /** KIP-848 consumer groups; they share the group-id namespace and the committed offsets with classic groups. */
  readonly consumer: ConsumerGroupCoordinator;
  private loaded = false;
  private expiryTimer: Timer | null = null;

  constructor(
    private readonly host: CoordinatorHost,
    config: Partial<GroupCoordinatorConfig> = {},
    readonly clock: Clock = realClock,
    topics: TopicCatalog = { topic: () => undefined, topicName: () => undefined, topicNames: () => [] },
    consumerConfig: ConsumerGroupConfig = DEFAULT_CONSUMER_GROUP_CONFIG,
  ) {
    this.config = { ...DEFAULT_GROUP_CONFIG, ...config };
    this.offsets = new OffsetManager(this, host, this.groups, new OffsetStore(), (g, r) => this.append(g, r));
    const classic = {
      classicState: (groupId: string): 'none' | 'empty' | 'active' => {
        const g = this.groups.get(groupId);
        return !g || g.is('Dead') ? 'none' : g.is('Empty') && g.pendingMembers.size === 0 ? 'empty' : 'active';
      },
      dropEmptyClassicGroup: (groupId: string): void => {
        if (this.groups.get(groupId)?.protocolType != null) this.append(groupId, [groupMetadataRecord(groupId, null)]);
        this.groups.delete(groupId);
      },
      classicMaxSize: this.config.maxGroupSize,
      adoptClassicMembers: (groupId: string, generationId: number, members: ClassicMemberSnapshot[]): void => this.adoptClassicMembers(groupId, generationId, members),
    };
    this.consumer = new ConsumerGroupCoordinator(consumerConfig, clock, topics, classic, (g, r) => this.append(g, r), (e) => this.emit(e));
  }

  /**
   * Online downgrade (Kafka's convertToClassicGroup): the classic members of a consumer group whose last
   * consumer-protocol member left become a Stable classic group at the consumer group's epoch, each with
   * what it owned, and the group rebalances so that they rejoin through JoinGroup.
   */
  private adoptClassicMembers(groupId: string, generationId: number, members: ClassicMemberSnapshot[]): void {
    const group = new ClassicGroup(groupId, this.clock.now());
    group.generationId = generationId;
    for (const m of members) {
      const member = new GroupMember(m.memberId, m.instanceId, m.clientId, m.clientHost, m.rebalanceTimeoutMs, m.sessionTimeoutMs, 'consumer', m.protocols);
      member.assignment = m.assignment;
      group.add(member);
    }
    group.protocolName = members[0]?.protocols.find((p) => members.every((m) => m.protocols.some((x) => x.name === p.name)))?.name ?? null;
    // Straight to Stable, as Kafka builds it, then the rebalance (Stable -> PreparingRebalance).
    group.state = 'Stable';
    this.groups.set(groupId, group);
    this.storeGroup(group);
    for (const m of group.members.values()) scheduleHeartbeat(this, group, m);
    prepareRebalance(this, group, `Downgrade group ${groupId} from consumer to classic.`);
  }

  /** Replays `__consumer_offsets` and starts the retention timer. Until then requests get COORDINATOR_LOAD_IN_PROGRESS. */
  start(): { groups: number; records: number; skipped: number } {
    const res = loadOffsetsTopic(this.host, this.config.offsetsTopicPartitions, this.offsets.store, this.clock.now());
    this.consumer.load(res.consumerRecords);
    for (const g of res.groups) {
      // Offsets of a consumer group are not a standalone classic group.
      if (this.consumer.groups.has(g.groupId) && g.members.size === 0) continue;
      this.groups.set(g.groupId, g);
      for (const m of g.members.values()) scheduleHeartbeat(this, g, m);
    }
    this.loaded = true;
    this.scheduleExpiry();
    return { groups: res.groups.length, records: res.records, skipped: res.skipped };
  }

  /** Cancels every timer and fails parked requests, so the broker can close its sockets. */
  shutdown(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = null;
    this.consumer.shutdown();
    for (const g of this.groups.values()) {
      g.joinTimer?.cancel();
      g.syncTimer?.cancel();
      for (const t of g.pendingMembers.values()) t.cancel();
      for (const m of g.members.values()) {
        m.heartbeatTimer?.cancel();
        m.completeJoin(emptyJoin(m.memberId, ErrorCode.NOT_COORDINATOR));
        m.completeSync({ errorCode: ErrorCode.NOT_COORDINATOR, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
      }
    }
    this.loaded = false;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  emit(event: GroupEvent): void {
    this.host.emit(event);
  }

  partitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.config.offsetsTopicPartitions);
  }

  private append(groupId: string, records: KeyValue[]): void {
    this.host.appendOffsetsRecords(this.partitionFor(groupId), records, this.clock.now());
  }

  storeGroup(group: ClassicGroup): void {
    const protocol = group.protocolName;
    const value: GroupMetadataValue = {
      protocolType: group.protocolType ?? '',
      generation: group.generationId,
      protocol,
      leader: group.leaderId,
      currentStateTimestamp: group.stateTimestamp,
      members:
        protocol === null
          ? []
          : [...group.members.values()].map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              clientId: m.clientId,
              clientHost: m.clientHost,
              rebalanceTimeout: m.rebalanceTimeoutMs,
              sessionTimeout: m.sessionTimeoutMs,
              subscription: m.metadataFor(protocol),
              assignment: m.assignment,
            })),
    };
    this.append(group.groupId, [groupMetadataRecord(group.groupId, value)]);
  }

  join(req: JoinRequestInput): Promise<JoinResult> {
    if (!this.loaded) return Promise.resolve(emptyJoin(req.memberId, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
    if (req.groupId === '') return Promise.resolve(emptyJoin(req.memberId, ErrorCode.INVALID_GROUP_ID));
    if (req.sessionTimeoutMs < this.config.minSessionTimeoutMs || req.sessionTimeoutMs > this.config.maxSessionTimeoutMs) {
      return Promise.resolve(emptyJoin(req.memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    // A classic member joins a consumer group with members inside it (online migration); an empty consumer
    // group turns back into a classic one (migration policy permitting).
    const inConsumerGroup = this.consumer.joinClassic(req);
    if (inConsumerGroup) return Promise.resolve(inConsumerGroup);
    if (this.consumer.groups.has(req.groupId) && !this.consumer.deleteGroup(req.groupId)) {
      return Promise.resolve(emptyJoin(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== '') return Promise.resolve(emptyJoin(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = new ClassicGroup(req.groupId, this.clock.now());
      this.groups.set(req.groupId, group);
    }
    // Request buffers are views into the network frame; the group keeps them for generations.
    const owned: JoinRequestInput = { ...req, protocols: req.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })) };
    const g = group;
    return new Promise((resolve) => joinGroup(this, g, owned, resolve));
  }

  sync(req: SyncRequestInput): Promise<SyncResult> {
    if (!this.loaded) return Promise.resolve({ errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
    const inConsumerGroup = this.consumer.syncClassic(req);
    if (inConsumerGroup) return Promise.resolve(inConsumerGroup);
    return new Promise((resolve) => syncGroup(this, this.groups.get(req.groupId), req, resolve));
  }

  heartbeat(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (!this.loaded) return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    return this.consumer.heartbeatClassic(groupId, memberId, groupInstanceId, generationId) ?? heartbeat(this, this.groups.get(groupId), memberId, groupInstanceId, generationId);
  }

  leave(groupId: string, members: readonly LeaveMemberInput[]): LeaveResult {
    if (!this.loaded) return { errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, members: [] };
    return this.consumer.leaveClassic(groupId, members) ?? leaveGroup(this, this.groups.get(groupId), members);
  }

  /** OffsetCommit. Like Kafka, the empty group id is accepted here (old clients commit with it). */
  commitOffsets(req: CommitRequestInput, apiVersion = 9): PartitionResult[] {
    if (!this.loaded) {
      return req.partitions.map((p) => ({ topic: p.topic, partition: p.partition, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS }));
    }
    const consumerCheck = this.consumer.validateOffsetCommit(req.groupId, req.memberId, req.generationId, apiVersion);
    if (consumerCheck !== null) return this.offsets.commit(req, consumerCheck);
    const results = this.offsets.commit(req);
    // A member that commits in its current generation is alive: Kafka re-arms its session too.
    const g = this.groups.get(req.groupId);
    const m = g?.members.get(req.memberId);
    if (g && m && req.generationId === g.generationId && (g.is('Stable') || g.is('PreparingRebalance'))) scheduleHeartbeat(this, g, m);
    return results;
  }

  /**
   * Set by the transaction coordinator: whether an open transaction holds an offset for the
   * partition (TxnOffsetCommit not yet committed or aborted).
   */
  pendingTransactionalOffset: ((groupId: string, topic: string, partition: number) => boolean) | null = null;

  /**
   * OffsetFetch. With `requireStable` (v7+), a partition with a pending transactional offset answers
   * UNSTABLE_OFFSET_COMMIT (retriable) instead of an offset that may be about to change.
   */
  fetchOffsets(groupId: string, topics: { topic: string; partitions: number[] }[] | null, requireStable = false,
    member: { memberId: string | null; memberEpoch: number } = { memberId: null, memberEpoch: -1 }): { errorCode: number; offsets: FetchedOffset[] } {
    if (!this.loaded) return { errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, offsets: [] };
    const memberError = this.consumer.validateOffsetFetch(groupId, member.memberId, member.memberEpoch);
    if (memberError !== null && memberError !== ErrorCode.NONE) return { errorCode: memberError, offsets: [] };
    const offsets = this.offsets.fetch(groupId, topics);
    const pending = this.pendingTransactionalOffset;
    if (!requireStable || pending === null) return { errorCode: ErrorCode.NONE, offsets };
    return {
      errorCode: ErrorCode.NONE,
      offsets: offsets.map((o) => (pending(groupId, o.topic, o.partition) ? { ...o, offset: -1, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT } : o)),
    };
  }

  deleteOffsets(groupId: string, topics: { topic: string; partitions: number[] }[]): { errorCode: number; partitions: PartitionResult[] } {
    if (!this.loaded) return { errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, partitions: [] };
    return this.offsets.delete(groupId, topics);
  }

  deleteGroups(groupIds: readonly string[]): { groupId: string; errorCode: number }[] {
    return groupIds.map((groupId) => {
      if (!this.loaded) return { groupId, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS };
      if (this.consumer.groups.has(groupId)) {
        if (!this.consumer.deleteGroup(groupId)) return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
        this.append(groupId, this.offsets.deleteAll(groupId));
        this.emit({ type: 'group-deleted', group: groupId });
        return { groupId, errorCode: ErrorCode.NONE };
      }
      const g = this.groups.get(groupId);
      if (!g || g.is('Dead')) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
      if (!g.is('Empty')) return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
      this.removeGroup(g, this.offsets.deleteAll(groupId));
      return { groupId, errorCode: ErrorCode.NONE };
    });
  }

  /** Marks a group Dead, writes tombstones for it (and the given offset tombstones) and forgets it. */
  private removeGroup(g: ClassicGroup, offsetTombstones: KeyValue[]): void {
    setState(this, g, 'Dead');
    g.joinTimer?.cancel();
    g.syncTimer?.cancel();
    for (const t of g.pendingMembers.values()) t.cancel();
    this.append(g.groupId, [...offsetTombstones, groupMetadataRecord(g.groupId, null)]);
    this.groups.delete(g.groupId);
    this.emit({ type: 'group-deleted', group: g.groupId });
  }

  /**
   * Runs offset retention now (also runs every offsets.retention.check.interval.ms), then drops
   * Empty groups left without offsets, as Kafka's cleanup does. Returns the groups removed.
   */
  expireOffsets(): number {
    this.offsets.expire(this.clock.now());
    let removed = 0;
    for (const g of [...this.groups.values()]) {
      if (g.is('Empty') && g.pendingMembers.size === 0 && !this.offsets.store.hasOffsets(g.groupId)) {
        this.removeGroup(g, []);
        removed++;
      }
    }
    return removed;
  }

  /** A deleted topic takes its committed offsets with it (Kafka's onPartitionsDeleted). */
  onTopicDeleted(topic: string): void {
    for (const groupId of [...this.offsets.store.groups()]) {
      const records = this.offsets.deleteTopic(groupId, topic);
      if (records.length > 0) this.append(groupId, records);
    }
  }

  private scheduleExpiry(): void {
    this.expiryTimer = this.clock.schedule(this.config.offsetsRetentionCheckIntervalMs, () => {
      this.expireOffsets();
      this.scheduleExpiry();
    });
  }

  describeGroupsWire(groupIds: readonly string[]): WireGroupDescription[] {
    return groupIds.map((groupId) => {
      const base = { groupId, errorCode: ErrorCode.NONE, state: 'Dead', protocolType: '', protocolData: '', members: [] };
      if (!this.loaded) return { ...base, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS };
      const g = this.groups.get(groupId);
      if (!g) return base;
      // Like Kafka, metadata and assignments are only meaningful (and only sent) when Stable.
      const stable = g.is('Stable');
      const protocol = g.protocolName ?? '';
      return {
        groupId,
        errorCode: ErrorCode.NONE,
        state: g.state,
        protocolType: g.protocolType ?? '',
        protocolData: stable ? protocol : '',
        members: g.membersInKafkaOrder().map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          metadata: stable ? m.metadataFor(protocol) : Buffer.alloc(0),
          assignment: stable ? m.assignment : Buffer.alloc(0),
        })),
      };
    });
  }

  /** ListGroups; filters match case-insensitively like Kafka's. Every classic group has type "classic". */
  listGroups(statesFilter: readonly string[] = [], typesFilter: readonly string[] = []): GroupListing[] {
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(typesFilter.map((s) => s.toLowerCase()));
    const out: GroupListing[] = [];
    if (types.size === 0 || types.has('consumer')) {
      for (const g of this.consumer.groups.values()) {
        if (states.size > 0 && !states.has(g.state.toLowerCase())) continue;
        out.push({ groupId: g.groupId, protocolType: 'consumer', state: g.state, members: g.members.size, groupType: 'consumer' });
      }
    }
    if (types.size > 0 && !types.has('classic')) return out.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
    for (const g of this.groups.values()) {
      if (g.is('Dead')) continue;
      if (states.size > 0 && !states.has(g.state.toLowerCase())) continue;
      out.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state, members: g.size });
    }
    return out.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  }

  describeGroup(groupId: string): GroupDescription | null {
    const g = this.groups.get(groupId);
    if (!g) return null;
    const consumer = g.protocolType === 'consumer';
    return {
      groupId,
      state: g.state,
      protocolType: g.protocolType ?? '',
      protocol: g.protocolName,
      generation: g.generationId,
      leader: g.leaderId,
      stateSince: g.stateTimestamp,
      rebalanceReason: g.rebalanceReason,
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        sessionTimeoutMs: m.sessionTimeoutMs,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        protocols: m.protocols.map((p) => p.name),
        assignment: consumer ? (decodeAssignment(m.assignment) ?? []) : [],
        subscribedTopics: consumer ? (decodeSubscription(m.metadataFor(g.protocolName ?? m.protocols[0]?.name ?? ''))?.topics ?? []) : [],
        lastHeartbeatAt: m.lastHeartbeatAt,
      })),
    };
  }

  /** Lag per partition of a group, or null when the group is unknown. */
  describeLag(groupId: string): GroupLag | null {
    const g = this.groups.get(groupId);
    if (!g && !this.offsets.store.hasOffsets(groupId)) return null;
    return computeLag(groupId, g, this.offsets.store, (t, p) => this.host.logEndOffset(t, p));
  }

  groupState(groupId: string): GroupState | null {
    return this.groups.get(groupId)?.state ?? null;
  }
}

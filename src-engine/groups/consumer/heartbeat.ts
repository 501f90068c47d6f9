/**
 * ConsumerGroupHeartbeat (KIP-848) on one group: request validation, member lookup (dynamic and
 * static, epoch fencing), subscription and topic-metadata changes that bump the group epoch, a new
 * target assignment when the group epoch passed the assignment epoch, and the member's
 * reconciliation. Kafka's GroupMetadataManager.consumerGroupHeartbeat is the model.
 */
import { randomBytes } from 'node:crypto';
import type { ConsumerMemberLeftReason, ConsumerMemberState, GroupEpochCause, GroupEvent, TopicPartitionAssignment } from '../../../src-common/engine-events.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { addPartition, emptyAssignment, isSubset, sameAssignment, toWire, type Assignment, type WireTopicPartitions } from './assignment.js';
import type { ConsumerGroup } from './consumer-group.js';
import { LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH, ConsumerMember, MemberState, type ClassicMemberInfo } from './member.js';
import { reconcile } from './reconcile.js';
import { regexError } from './topic-regex.js';
import { metadataChanges } from './metadata-changes.js';

export interface HeartbeatInput {
  groupId: string;
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  rebalanceTimeoutMs: number;
  subscribedTopicNames: string[] | null;
  subscribedTopicRegex: string | null;
  serverAssignor: string | null;
  topicPartitions: WireTopicPartitions[] | null;
  clientId: string;
  clientHost: string;
  apiVersion: number;
  /** A classic member joining through JoinGroup (online migration): its session timeout and protocols. */
  classic?: ClassicMemberInfo;
}

export interface HeartbeatOutput {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  assignment: WireTopicPartitions[] | null;
}

export class HeartbeatError extends Error {
  constructor(readonly errorCode: number, message: string | null) {
    super(message ?? '');
  }
}

export function errorOutput(errorCode: number, message: string | null): HeartbeatOutput {
  return { errorCode, errorMessage: message, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

/** What the heartbeat flow needs from its coordinator (time, configs, topics, persistence, timers). */
export interface HeartbeatHost {
  readonly assignorNames: readonly string[];
  readonly heartbeatIntervalMs: number;
  readonly maxGroupSize: number;
  /** Existing topics among `names`, with id and partition count, in a stable order. */
  topicMetadata(names: Iterable<string>): Map<string, { topicId: string; partitions: number }>;
  /** Re-resolves every subscribed regex of the group against the topics that exist now. */
  resolveRegexes(group: ConsumerGroup): void;
  bumpGroupEpoch(group: ConsumerGroup, causes: GroupEpochCause[], memberId: string | null, detail?: string | null): void;
  storeMember(group: ConsumerGroup, member: ConsumerMember): void;
  storeSubscriptionMetadata(group: ConsumerGroup): void;
  computeTargetAssignment(group: ConsumerGroup): void;
  storeCurrentAssignment(group: ConsumerGroup, member: ConsumerMember): void;
  /** Replaces a static member that left (epoch -2) by its successor; returns the successor. */
  replaceStaticMember(group: ConsumerGroup, old: ConsumerMember, memberId: string): ConsumerMember;
  fenceMember(group: ConsumerGroup, member: ConsumerMember, reason: ConsumerMemberLeftReason): void;
  /** The rebalance timeline's channel (GroupEvent). */
  emit(event: GroupEvent): void;
  /** An assignment with topic names, for events. */
  named(a: Assignment): TopicPartitionAssignment[];
  
  touchSession(group: ConsumerGroup, member: ConsumerMember): void;
  armRebalanceTimeout(group: ConsumerGroup, member: ConsumerMember): void;
}

const invalid = (message: string): HeartbeatError => new HeartbeatError(ErrorCode.INVALID_REQUEST, message);

/** Kafka's request checks, in Kafka's order. */
export function validateHeartbeat(req: HeartbeatInput, assignorNames: readonly string[]): void {
  if (req.groupId === '') throw invalid("GroupId can't be empty.");
  if (req.instanceId === '') throw invalid("InstanceId can't be empty.");
  if (req.rackId === '') throw invalid("RackId can't be empty.");
  // v1 (KIP-1082): the client chooses its member id.
  if (req.apiVersion >= 1 && req.memberId === '') throw invalid("MemberId can't be empty.");
  if (req.memberEpoch > 0 || req.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH) {
    if (req.memberId === '') throw invalid("MemberId can't be empty.");
  } else if (req.memberEpoch === 0) {
    if (req.rebalanceTimeoutMs === -1) throw invalid('RebalanceTimeoutMs must be provided in first request.');
    if (req.topicPartitions === null || req.topicPartitions.length > 0) throw invalid('TopicPartitions must be empty when (re-)joining.');
    if (req.subscribedTopicNames === null && req.subscribedTopicRegex === null) {
      throw invalid('Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.');
    }
  } else if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    if (req.memberId === '') throw invalid("MemberId can't be empty.");
    if (req.instanceId === null) throw invalid("InstanceId can't be null.");
  } else {
    throw invalid('MemberEpoch is invalid.');
  }
  const regexProblem = req.subscribedTopicRegex === null || req.subscribedTopicRegex === '' ? null : regexError(req.subscribedTopicRegex);
  if (regexProblem !== null) {
    throw new HeartbeatError(ErrorCode.INVALID_REGULAR_EXPRESSION, `SubscribedTopicRegex \`${req.subscribedTopicRegex}\` is not a valid regular expression: ${regexProblem}.`);
  }
  if (req.serverAssignor !== null && !assignorNames.includes(req.serverAssignor)) {
    throw new HeartbeatError(ErrorCode.UNSUPPORTED_ASSIGNOR, `ServerAssignor ${req.serverAssignor} is not supported. Supported assignors: ${assignorNames.join(', ')}.`);
  }
}

/** A Kafka-style member id: a random UUID in URL-safe base64 (v0 clients may leave it to the broker). */
export function newMemberId(): string {
  return randomBytes(16).toString('base64url');
}

function notAMember(groupId: string, memberId: string): HeartbeatError {
  return new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${groupId}.`);
}

/** Kafka accepts the previous epoch when the client owns a subset of its assignment: the last response may have been lost. */
function checkEpoch(member: ConsumerMember, received: number, owned: readonly WireTopicPartitions[] | null): void {
  const tail = 'The member must abandon all its partitions and rejoin.';
  if (received > member.memberEpoch) {
    throw new HeartbeatError(ErrorCode.FENCED_MEMBER_EPOCH, `The consumer group member has a greater member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}). ${tail}`);
  }
  if (received < member.memberEpoch && (received !== member.previousMemberEpoch || owned === null || !isSubset(owned, member.assigned))) {
    throw new HeartbeatError(ErrorCode.FENCED_MEMBER_EPOCH, `The consumer group member has a smaller member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}). ${tail}`);
  }
}

interface FoundMember {
  member: ConsumerMember;
  isNew: boolean;
  /** The static member whose place this one took (epoch 0 with a known instance id). */
  replaced: string | null;
}

function findMember(host: HeartbeatHost, group: ConsumerGroup, req: HeartbeatInput, memberId: string): FoundMember {
  const joining = req.memberEpoch === 0;
  if (req.instanceId === null) {
    const existing = group.members.get(memberId);
    if (existing) {
      if (!joining) checkEpoch(existing, req.memberEpoch, req.topicPartitions);
      return { member: existing, isNew: false, replaced: null };
    }
    if (!joining) throw notAMember(group.groupId, memberId);
    return { member: new ConsumerMember(memberId), isNew: true, replaced: null };
  }
  const existing = group.staticMember(req.instanceId);
  if (joining) {
    if (!existing) return { member: new ConsumerMember(memberId), isNew: true, replaced: null };
    if (existing.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      throw new HeartbeatError(ErrorCode.UNRELEASED_INSTANCE_ID, `Static member ${memberId} with instance id ${req.instanceId} cannot join the group because the instance id is owned by ${existing.memberId} member.`);
    }
    return { member: host.replaceStaticMember(group, existing, memberId), isNew: false, replaced: existing.memberId };
  }
  if (!existing) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${req.instanceId} is unknown.`);
  if (existing.memberId !== memberId) {
    throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, `Static member ${memberId} with instance id ${req.instanceId} was fenced by member ${existing.memberId}.`);
  }
  checkEpoch(existing, req.memberEpoch, req.topicPartitions);
  return { member: existing, isNew: false, replaced: null };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

/** One heartbeat of a member that joins or stays (epoch >= 0). `created`: the group did not exist before. */
export function heartbeatMember(host: HeartbeatHost, group: ConsumerGroup, req: HeartbeatInput, created: boolean): HeartbeatOutput {
  const memberId = req.memberId === '' ? newMemberId() : req.memberId;
  const known = group.members.has(memberId) || (req.instanceId !== null && group.staticMembers.has(req.instanceId));
  if (!known && group.members.size >= host.maxGroupSize) {
    throw new HeartbeatError(ErrorCode.GROUP_MAX_SIZE_REACHED, `The consumer group has reached its maximum capacity of ${host.maxGroupSize} members.`);
  }
  const { member, isNew, replaced } = findMember(host, group, req, memberId);
  const defaultAssignor = host.assignorNames[0] ?? 'uniform';
  const before = { assigned: member.assigned, names: member.subscribedTopicNames, regex: member.subscribedTopicRegex, assignor: group.preferredAssignor() ?? defaultAssignor };
  member.instanceId = req.instanceId ?? member.instanceId;
  member.rackId = req.rackId ?? member.rackId;
  if (req.rebalanceTimeoutMs !== -1) member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
  if (req.serverAssignor !== null) member.serverAssignor = req.serverAssignor;
  if (req.subscribedTopicNames !== null) member.subscribedTopicNames = [...req.subscribedTopicNames];
  if (req.subscribedTopicRegex !== null) member.subscribedTopicRegex = req.subscribedTopicRegex;
  member.clientId = req.clientId;
  member.clientHost = req.clientHost;
  if (req.classic) member.classic = req.classic;
  if (isNew) group.putMember(member);
  host.storeMember(group, member);
  if (req.memberEpoch === 0) {
    host.emit({
      type: 'consumer-member-joined', group: group.groupId, memberId: member.memberId, instanceId: member.instanceId, clientId: member.clientId, clientHost: member.clientHost,
      subscribedTopicNames: [...member.subscribedTopicNames], subscribedTopicRegex: member.subscribedTopicRegex, serverAssignor: member.serverAssignor,
      kind: isNew ? 'new' : replaced !== null ? 'static-replacement' : 'rejoin', previousMemberId: replaced,
    });
  }

  // A new group starts with an epoch of its own; subscription or topic-metadata changes bump it again.
  if (created) host.bumpGroupEpoch(group, ['group-created'], member.memberId);
  const causes: GroupEpochCause[] = [];
  const subscriptionChanged = !sameNames(before.names, member.subscribedTopicNames) || before.regex !== member.subscribedTopicRegex;
  if (subscriptionChanged) causes.push(isNew ? 'member-joined' : 'subscription-changed');
  // A change of the assignor the group would use (the members' most voted one) changes the assignment too.
  if (before.assignor !== (group.preferredAssignor() ?? defaultAssignor)) causes.push('assignor-changed');
  host.resolveRegexes(group);
  const metadata = host.topicMetadata(group.subscribedTopicNames());
  let detail: string | null = null;
  if (!sameMetadata(metadata, group.subscriptionMetadata)) {
    detail = metadataChanges(group.subscriptionMetadata, metadata);
    group.subscriptionMetadata = metadata;
    host.storeSubscriptionMetadata(group);
    // Topics that came with a new or changed subscription are that change, not a metadata change.
    if (causes.length === 0) causes.push('metadata-changed');
  }
  if (causes.length > 0) host.bumpGroupEpoch(group, causes, member.memberId, detail);
  if (group.groupEpoch > group.assignmentEpoch) host.computeTargetAssignment(group);

  const target = group.targetAssignment.get(member.memberId) ?? new Map<string, Set<number>>();
  if (!(member.state === 0 && member.memberEpoch === group.assignmentEpoch)) {
    const next = reconcile(member, { targetEpoch: group.assignmentEpoch, target, partitionEpoch: (t, p) => group.partitionEpoch(t, p), owned: req.topicPartitions });
    if (next !== member) {
      const changed = next.memberEpoch !== member.memberEpoch || next.state !== member.state || !sameAssignment(next.assigned, member.assigned) || !sameAssignment(next.pendingRevocation, member.pendingRevocation);
      group.update(member, () => Object.assign(member, next));
      host.storeCurrentAssignment(group, member);
      host.armRebalanceTimeout(group, member);
      if (changed) host.emit({
        type: 'member-reconciled', group: group.groupId, memberId: member.memberId, memberEpoch: member.memberEpoch, previousMemberEpoch: member.previousMemberEpoch,
        state: STATE_NAMES[member.state] ?? 'stable', assigned: host.named(member.assigned), pendingRevocation: host.named(member.pendingRevocation),
        pendingAssignment: host.named(missing(target, member.assigned)),
      });
    }
  }
  host.touchSession(group, member);
  const full = req.memberEpoch === 0 || (req.rebalanceTimeoutMs !== -1 && req.subscribedTopicNames !== null && req.topicPartitions !== null);
  return {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    memberId: member.memberId,
    memberEpoch: member.memberEpoch,
    heartbeatIntervalMs: host.heartbeatIntervalMs,
    assignment: full || !sameAssignment(before.assigned, member.assigned) ? toWire(member.assigned) : null,
  };
}

const STATE_NAMES: Partial<Record<number, ConsumerMemberState>> = {
  [MemberState.STABLE]: 'stable',
  [MemberState.UNREVOKED_PARTITIONS]: 'unrevoked-partitions',
  [MemberState.UNRELEASED_PARTITIONS]: 'unreleased-partitions',
};

/** Partitions of `target` not in `assigned`. */
function missing(target: Assignment, assigned: Assignment): Assignment {
  const out = emptyAssignment();
  for (const [t, ps] of target) for (const p of ps) if (!assigned.get(t)?.has(p)) addPartition(out, t, p);
  return out;
}

function sameMetadata(a: ReadonlyMap<string, { topicId: string; partitions: number }>, b: ReadonlyMap<string, { topicId: string; partitions: number }>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, t] of a) {
    const o = b.get(name);
    if (!o || o.topicId !== t.topicId || o.partitions !== t.partitions) return false;
  }
  return true;
}

/** Epoch -1 (leave) or -2 (a static member leaving for a while, keeping its assignment). */
export function leaveMember(host: HeartbeatHost, group: ConsumerGroup | undefined, req: HeartbeatInput): HeartbeatOutput {
  if (!group) throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${req.groupId} not found.`);
  let member: ConsumerMember | undefined;
  if (req.instanceId !== null) {
    member = group.staticMember(req.instanceId);
    if (!member) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${req.instanceId} is unknown.`);
    if (member.memberId !== req.memberId) {
      throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, `Static member ${req.memberId} with instance id ${req.instanceId} was fenced by member ${member.memberId}.`);
    }
  } else {
    member = group.members.get(req.memberId);
    if (!member) throw notAMember(group.groupId, req.memberId);
  }
  if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    group.update(member, () => {
      (member as ConsumerMember).memberEpoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
    });
    host.storeCurrentAssignment(group, member);
    host.emit({ type: 'consumer-member-left', group: group.groupId, memberId: member.memberId, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH, reason: 'static-member-left', detail: 'keeps its assignment until its session times out' });
  } else {
    host.fenceMember(group, member, 'leave-heartbeat');
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null, memberId: req.memberId, memberEpoch: req.memberEpoch, heartbeatIntervalMs: 0, assignment: null };
}

/**
 * Classic-protocol members inside a consumer group (Kafka 4's online migration): JoinGroup, SyncGroup,
 * Heartbeat and LeaveGroup from a member that still speaks the classic protocol, answered from the
 * consumer group's target assignment, as Kafka's GroupMetadataManager does (classicGroupJoinToConsumerGroup
 * and friends). The JoinGroup subscription (topics, owned partitions) drives the same heartbeat flow as a
 * KIP-848 member; its generation is its member epoch; it is told REBALANCE_IN_PROGRESS when it must rejoin
 * (the group epoch moved, it has partitions to revoke, or the partitions it waits for were released).
 */
import { Writer } from '../../../src-protocol/codec/writer.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { writeConsumerProtocolAssignment } from '../../../src-protocol/generated/data/consumer-protocol-assignment.js';
import { decodeSubscription } from '../consumer-protocol.js';
import type { JoinRequestInput, JoinResult, LeaveMemberInput, LeaveResult, SyncRequestInput, SyncResult } from '../types.js';
import type { ConsumerGroup } from './consumer-group.js';
import { heartbeatMember, HeartbeatError, newMemberId, type HeartbeatHost } from './heartbeat.js';
import { MemberState, type ConsumerMember } from './member.js';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

/** What the classic paths need from the coordinator besides the heartbeat flow. */
export interface ClassicMembersHost extends HeartbeatHost {
  topicIdOf(name: string): string | undefined;
  topicNameOf(topicId: string): string | undefined;
}

const joinError = (memberId: string, errorCode: number): JoinResult => ({
  errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [],
});

/** Kafka's ConsumerGroup.supportsClassicProtocols: type "consumer" and a protocol every classic member has. */
function supportsProtocols(group: ConsumerGroup, protocolType: string, names: readonly string[]): boolean {
  if (protocolType !== CONSUMER_PROTOCOL_TYPE || names.length === 0) return false;
  const classic = [...group.members.values()].filter((m) => m.classic !== null);
  return names.some((name) => classic.every((m) => m.classic?.protocols.some((p) => p.name === name)));
}

export function classicJoin(host: ClassicMembersHost, group: ConsumerGroup, req: JoinRequestInput): JoinResult {
  const memberId = req.memberId === '' ? newMemberId() : req.memberId;
  const known = group.members.has(memberId) || (req.groupInstanceId !== null && group.staticMembers.has(req.groupInstanceId));
  if (!known && group.members.size >= host.maxGroupSize) return joinError(memberId, ErrorCode.GROUP_MAX_SIZE_REACHED);
  if (!supportsProtocols(group, req.protocolType, req.protocols.map((p) => p.name))) return joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  // KIP-394: a dynamic member without an id first gets one and rejoins with it.
  if (req.requireKnownMemberId && req.memberId === '' && req.groupInstanceId === null) return joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED);
  const first = req.protocols[0];
  const subscription = first ? decodeSubscription(first.metadata) : null;
  if (!first || !subscription) return joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  const owned = subscription.ownedPartitions.flatMap((t) => {
    const topicId = host.topicIdOf(t.topic);
    return topicId ? [{ topicId, partitions: t.partitions }] : [];
  });
  try {
    const out = heartbeatMember(host, group, {
      groupId: req.groupId, memberId, memberEpoch: 0, instanceId: req.groupInstanceId, rackId: null, rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      subscribedTopicNames: subscription.topics, subscribedTopicRegex: null, serverAssignor: null, topicPartitions: owned,
      clientId: req.clientId, clientHost: req.clientHost, apiVersion: 1,
      classic: { sessionTimeoutMs: req.sessionTimeoutMs, protocols: req.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })) },
    }, false);
    return { errorCode: ErrorCode.NONE, generationId: out.memberEpoch, protocolType: CONSUMER_PROTOCOL_TYPE, protocolName: first.name, leader: '', skipAssignment: false, memberId, members: [] };
  } catch (err) {
    if (err instanceof HeartbeatError) return joinError(memberId, err.errorCode);
    throw err;
  }
}

/** Kafka's validateConsumerGroupMember + throwIfMemberDoesNotUseClassicProtocol: the member or an error code. */
function classicMember(group: ConsumerGroup, memberId: string, instanceId: string | null): ConsumerMember | number {
  let member: ConsumerMember | undefined;
  if (instanceId === null) member = group.members.get(memberId);
  else {
    member = group.staticMember(instanceId);
    if (member && member.memberId !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
  }
  if (!member || member.classic === null) return ErrorCode.UNKNOWN_MEMBER_ID;
  return member;
}

/** The member's assigned partitions as a ConsumerProtocolAssignment (SyncGroup, and a downgraded group's metadata). */
export function encodeAssignment(host: Pick<ClassicMembersHost, 'topicNameOf'>, member: ConsumerMember): Buffer {
  // In the version of the member's own subscription (its first protocol's), as Kafka does.
  const metadata = member.classic?.protocols[0]?.metadata;
  const version = metadata && metadata.length >= 2 ? Math.min(Math.max(metadata.readInt16BE(0), 0), 3) : 0;
  const w = new Writer(64);
  w.int16(version);
  const assignedPartitions = [...member.assigned].map(([topicId, ps]) => ({ topic: host.topicNameOf(topicId) ?? '', partitions: [...ps].sort((a, b) => a - b) }));
  writeConsumerProtocolAssignment(w, version, { assignedPartitions, userData: null });
  return w.toBuffer();
}

export function classicSync(host: ClassicMembersHost, group: ConsumerGroup, req: SyncRequestInput): SyncResult {
  const fail = (errorCode: number): SyncResult => ({ errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
  const member = classicMember(group, req.memberId, req.groupInstanceId);
  if (typeof member === 'number') return fail(member);
  if (req.generationId !== member.memberEpoch) return fail(ErrorCode.ILLEGAL_GENERATION);
  const protocolName = member.classic?.protocols[0]?.name ?? null;
  if ((req.protocolType !== null && req.protocolType !== CONSUMER_PROTOCOL_TYPE) || (req.protocolName !== null && req.protocolName !== protocolName)) {
    return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  }
  // A new epoch: rejoin first (unless it is revoking, which its next join finishes).
  if (group.groupEpoch > member.memberEpoch && member.state !== MemberState.UNREVOKED_PARTITIONS) return fail(ErrorCode.REBALANCE_IN_PROGRESS);
  host.touchSession(group, member);
  return { errorCode: ErrorCode.NONE, protocolType: req.protocolType, protocolName: req.protocolName, assignment: encodeAssignment(host, member) };
}

/** Whether a partition the member's target holds is still owned by another member. */
function waitingOnUnreleased(group: ConsumerGroup, member: ConsumerMember): boolean {
  for (const [topicId, ps] of group.targetAssignment.get(member.memberId) ?? new Map<string, Set<number>>()) {
    for (const p of ps) if (!member.assigned.get(topicId)?.has(p) && group.partitionEpoch(topicId, p) !== -1) return true;
  }
  return false;
}

export function classicHeartbeat(host: ClassicMembersHost, group: ConsumerGroup, memberId: string, instanceId: string | null, generationId: number): number {
  const member = classicMember(group, memberId, instanceId);
  if (typeof member === 'number') return member;
  if (generationId !== member.memberEpoch) return ErrorCode.ILLEGAL_GENERATION;
  host.touchSession(group, member);
  const mustRejoin = member.memberEpoch < group.groupEpoch || member.state === MemberState.UNREVOKED_PARTITIONS
    || (member.state === MemberState.UNRELEASED_PARTITIONS && !waitingOnUnreleased(group, member));
  return mustRejoin ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
}

export function classicLeave(host: ClassicMembersHost, group: ConsumerGroup, members: readonly LeaveMemberInput[]): LeaveResult {
  const results = members.map((m) => {
    let member: ConsumerMember | undefined;
    let errorCode: number = ErrorCode.NONE;
    if (m.groupInstanceId === null) member = group.members.get(m.memberId);
    else {
      member = group.staticMember(m.groupInstanceId);
      // LeaveGroup may remove a static member by instance id alone (admin tools).
      if (member && m.memberId !== '' && member.memberId !== m.memberId) errorCode = ErrorCode.FENCED_INSTANCE_ID;
    }
    if (errorCode === ErrorCode.NONE && (!member || member.classic === null)) errorCode = ErrorCode.UNKNOWN_MEMBER_ID;
    if (errorCode === ErrorCode.NONE && member) host.fenceMember(group, member, 'leave-group');
    return { memberId: member?.memberId ?? m.memberId, groupInstanceId: m.groupInstanceId, errorCode };
  });
  return { errorCode: ErrorCode.NONE, members: results };
}

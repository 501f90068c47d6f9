/**
 * JoinGroup handling for an existing (possibly just created) group: new members (with KIP-394's
 * MEMBER_ID_REQUIRED round trip), known members rejoining, and static members (KIP-345) that
 * come back under a new member id and keep their assignment without a rebalance.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './context.js';
import { GroupMember } from './member.js';
import { emptyJoin, maybePrepareRebalance, scheduleHeartbeat, tryCompleteJoin } from './rebalance.js';
import type { JoinRequestInput, JoinResult } from './types.js';

type Respond = (r: JoinResult) => void;

export function joinGroup(ctx: GroupContext, group: ClassicGroup, req: JoinRequestInput, respond: Respond): void {
  if (group.is('Dead')) {
    // The group was deleted (or unloaded) while the request was on its way.
    respond(emptyJoin(req.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
  } else if (!group.supportsProtocols(req.protocolType, req.protocols)) {
    respond(emptyJoin(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  } else if (req.memberId === '') {
    joinUnknownMember(ctx, group, req, respond);
  } else {
    joinKnownMember(ctx, group, req, respond);
  }
}

function newMember(req: JoinRequestInput, memberId: string): GroupMember {
  return new GroupMember(
    memberId,
    req.groupInstanceId,
    req.clientId,
    req.clientHost,
    req.rebalanceTimeoutMs,
    req.sessionTimeoutMs,
    req.protocolType,
    req.protocols,
  );
}

function joinUnknownMember(ctx: GroupContext, group: ClassicGroup, req: JoinRequestInput, respond: Respond): void {
  if (group.size >= ctx.config.maxGroupSize) {
    respond(emptyJoin('', ErrorCode.GROUP_MAX_SIZE_REACHED));
    return;
  }
  // Kafka's member id format: the instance id (static members) or the client id, a dash, a random UUID.
  const memberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
  if (req.groupInstanceId !== null) {
    joinStaticMember(ctx, group, req, memberId, respond);
  } else if (req.requireKnownMemberId) {
    // KIP-394: hand out the id first so a client that times out and retries does not leave
    // orphan members behind; the id is forgotten if it is not used within the session timeout.
    group.pendingMembers.get(memberId)?.cancel();
    group.pendingMembers.set(
      memberId,
      ctx.clock.schedule(req.sessionTimeoutMs, () => {
        if (!group.pendingMembers.delete(memberId)) return;
        tryCompleteJoin(ctx, group);
      }),
    );
    respond(emptyJoin(memberId, ErrorCode.MEMBER_ID_REQUIRED));
  } else {
    addMemberAndRebalance(ctx, group, req, memberId, respond);
  }
}

function addMemberAndRebalance(ctx: GroupContext, group: ClassicGroup, req: JoinRequestInput, memberId: string, respond: Respond): void {
  const m = newMember(req, memberId);
  m.isNew = true;
  m.joinWaiter = respond;
  group.add(m);
  if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
  if (group.inInitialDelay) group.newMemberAdded = true;
  group.pendingMembers.get(memberId)?.cancel();
  group.pendingMembers.delete(memberId);
  ctx.emit({
    type: 'member-joined',
    group: group.groupId,
    memberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.clientId,
    clientHost: req.clientHost,
    protocols: req.protocols.map((p) => p.name),
    reason: req.reason,
  });
  // A new member cannot heartbeat until it has joined; it gets the longer new-member timeout.
  scheduleHeartbeat(ctx, group, m, ctx.config.newMemberJoinTimeoutMs);
  maybePrepareRebalance(ctx, group, `adding new member ${memberId}${req.reason ? ` with reason: ${req.reason}` : ''}`);
  tryCompleteJoin(ctx, group);
}

function updateMemberAndRebalance(ctx: GroupContext, group: ClassicGroup, m: GroupMember, req: JoinRequestInput, respond: Respond, reason: string): void {
  m.protocols = req.protocols;
  m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
  m.sessionTimeoutMs = req.sessionTimeoutMs;
  m.clientId = req.clientId;
  m.clientHost = req.clientHost;
  // A retried JoinGroup replaces the parked one: the older request's connection gets nothing useful.
  m.completeJoin(emptyJoin(m.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
  m.joinWaiter = respond;
  maybePrepareRebalance(ctx, group, reason);
  tryCompleteJoin(ctx, group);
}

function joinStaticMember(ctx: GroupContext, group: ClassicGroup, req: JoinRequestInput, newMemberId: string, respond: Respond): void {
  const instanceId = req.groupInstanceId ?? '';
  const oldMemberId = group.staticMemberId(instanceId);
  const old = oldMemberId === undefined ? undefined : group.members.get(oldMemberId);
  if (!old) {
    addMemberAndRebalance(ctx, group, req, newMemberId, respond);
    return;
  }
  // The instance restarted: the old member id is fenced, the new one inherits its place.
  const m = newMember(req, newMemberId);
  const oldProtocolName = group.protocolName;
  const leaderBefore = group.leaderId;
  old.completeJoin(emptyJoin(old.memberId, ErrorCode.FENCED_INSTANCE_ID));
  old.completeSync({ errorCode: ErrorCode.FENCED_INSTANCE_ID, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
  group.replaceStaticMember(old.memberId, m);
  ctx.emit({ type: 'member-left', group: group.groupId, memberId: old.memberId, reason: 'fenced' });
  ctx.emit({
    type: 'member-joined',
    group: group.groupId,
    memberId: newMemberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.clientId,
    clientHost: req.clientHost,
    protocols: req.protocols.map((p) => p.name),
    reason: req.reason,
  });
  scheduleHeartbeat(ctx, group, m);

  if (group.is('Stable')) {
    // Like Kafka, only a change of the selected protocol forces a rebalance: a restarted member's
    // metadata legitimately differs (e.g. cooperative owned partitions are empty after a restart).
    if (group.selectProtocol() === oldProtocolName) {
      // KIP-345: no rebalance; the member gets the current generation and, on SyncGroup, its old assignment.
      ctx.storeGroup(group);
      const isLeader = group.isLeader(newMemberId);
      const skip = isLeader && req.supportSkippingAssignment;
      respond({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        // Without KIP-814 the old leader id is returned, so a restarted leader does not think it must
        // assign (its assignment would be ignored by a Stable group anyway).
        leader: skip ? (group.leaderId ?? '') : (leaderBefore ?? ''),
        skipAssignment: skip,
        memberId: newMemberId,
        members: skip ? currentMembers(group) : [],
      });
      return;
    }
    updateMemberAndRebalance(ctx, group, m, req, respond, `updating metadata for static member ${newMemberId} with instance id ${instanceId}`);
  } else if (group.is('CompletingRebalance')) {
    // The leader may already be assigning for the old member id: rebalance so nobody is left out.
    updateMemberAndRebalance(ctx, group, m, req, respond, `updating metadata for static member ${newMemberId} with instance id ${instanceId}`);
  } else {
    m.joinWaiter = respond;
    tryCompleteJoin(ctx, group);
  }
}

function currentMembers(group: ClassicGroup): JoinResult['members'] {
  const protocol = group.protocolName ?? '';
  return group.membersInKafkaOrder().map((x) => ({ memberId: x.memberId, groupInstanceId: x.groupInstanceId, metadata: x.metadataFor(protocol) }));
}

function joinKnownMember(ctx: GroupContext, group: ClassicGroup, req: JoinRequestInput, respond: Respond): void {
  const memberId = req.memberId;
  if (group.pendingMembers.has(memberId)) {
    // Second round of KIP-394: the member now joins with the id it was given.
    if (req.groupInstanceId !== null && group.staticMemberId(req.groupInstanceId) !== undefined) {
      respond(emptyJoin(memberId, ErrorCode.FENCED_INSTANCE_ID));
      return;
    }
    addMemberAndRebalance(ctx, group, req, memberId, respond);
    return;
  }
  if (group.isStaticMemberFenced(memberId, req.groupInstanceId)) {
    respond(emptyJoin(memberId, ErrorCode.FENCED_INSTANCE_ID));
    return;
  }
  const m = group.members.get(memberId);
  if (!m) {
    respond(emptyJoin(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    return;
  }
  // Any JoinGroup proves the member is alive.
  scheduleHeartbeat(ctx, group, m);
  const reasonText = req.reason ? ` with reason: ${req.reason}` : '';
  switch (group.state) {
    case 'PreparingRebalance':
      updateMemberAndRebalance(ctx, group, m, req, respond, `member ${memberId} rejoining${reasonText}`);
      return;
    case 'CompletingRebalance':
      if (m.matches(req.protocols)) {
        // The member lost its JoinGroup response: send the same one again.
        respond({
          errorCode: ErrorCode.NONE,
          generationId: group.generationId,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          leader: group.leaderId ?? '',
          skipAssignment: false,
          memberId,
          members: group.isLeader(memberId) ? currentMembers(group) : [],
        });
      } else {
        updateMemberAndRebalance(ctx, group, m, req, respond, `updating metadata for member ${memberId} during CompletingRebalance${reasonText}`);
      }
      return;
    case 'Stable':
      if (group.isLeader(memberId) || !m.matches(req.protocols)) {
        // The leader rejoining (e.g. the subscription changed) or changed metadata forces a rebalance.
        updateMemberAndRebalance(ctx, group, m, req, respond, `leader or member ${memberId} rejoining${reasonText}`);
      } else {
        respond({
          errorCode: ErrorCode.NONE,
          generationId: group.generationId,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          leader: group.leaderId ?? '',
          skipAssignment: false,
          memberId,
          members: [],
        });
      }
      return;
    default:
      respond(emptyJoin(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
  }
}

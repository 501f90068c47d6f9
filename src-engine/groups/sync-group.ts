/**
 * SyncGroup: members park until the leader sends the generation's assignment; the coordinator
 * stores it (opaque bytes, any protocol), persists the group and moves it to Stable.
 */
import type { GroupMemberSnapshot } from '../../src-common/engine-events.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ClassicGroup } from './classic-group.js';
import { decodeAssignment } from './consumer-protocol.js';
import type { GroupContext } from './context.js';
import { scheduleHeartbeat, setState } from './rebalance.js';
import type { SyncRequestInput, SyncResult } from './types.js';

const EMPTY = Buffer.alloc(0);

function fail(errorCode: number): SyncResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

export function syncGroup(ctx: GroupContext, group: ClassicGroup | undefined, req: SyncRequestInput, respond: (r: SyncResult) => void): void {
  if (!group) return respond(fail(ErrorCode.UNKNOWN_MEMBER_ID));
  if (group.is('Dead')) return respond(fail(ErrorCode.COORDINATOR_NOT_AVAILABLE));
  if (group.isStaticMemberFenced(req.memberId, req.groupInstanceId)) return respond(fail(ErrorCode.FENCED_INSTANCE_ID));
  const m = group.members.get(req.memberId);
  if (!m) return respond(fail(ErrorCode.UNKNOWN_MEMBER_ID));
  if (req.generationId !== group.generationId) return respond(fail(ErrorCode.ILLEGAL_GENERATION));
  if ((req.protocolType !== null && req.protocolType !== group.protocolType) || (req.protocolName !== null && req.protocolName !== group.protocolName)) {
    return respond(fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  }
  switch (group.state) {
    case 'Empty':
      return respond(fail(ErrorCode.UNKNOWN_MEMBER_ID));
    case 'PreparingRebalance':
      return respond(fail(ErrorCode.REBALANCE_IN_PROGRESS));
    case 'Stable':
      scheduleHeartbeat(ctx, group, m);
      return respond({ errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: m.assignment });
    case 'CompletingRebalance':
      m.completeSync(fail(ErrorCode.REBALANCE_IN_PROGRESS));
      m.syncWaiter = respond;
      scheduleHeartbeat(ctx, group, m);
      if (group.isLeader(req.memberId)) completeSync(ctx, group, req.assignments);
      return;
    default:
      return respond(fail(ErrorCode.UNKNOWN_MEMBER_ID));
  }
}

function completeSync(ctx: GroupContext, group: ClassicGroup, assignments: SyncRequestInput['assignments']): void {
  const byMember = new Map<string, Buffer>();
  // Copy: request buffers are views into the network frame.
  for (const a of assignments) byMember.set(a.memberId, Buffer.from(a.assignment));
  for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
  ctx.storeGroup(group);
  group.syncTimer?.cancel();
  group.syncTimer = null;
  setState(ctx, group, 'Stable');
  for (const m of group.members.values()) {
    const answered = m.completeSync({ errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: m.assignment });
    // Sessions restart once the assignment is out (an expiry ignored while waiting is not lost).
    if (answered) scheduleHeartbeat(ctx, group, m);
  }
  ctx.emit({
    type: 'sync-completed',
    group: group.groupId,
    generation: group.generationId,
    protocolType: group.protocolType,
    protocol: group.protocolName,
    leader: group.leaderId ?? '',
    members: memberSnapshots(group),
  });
}

export function memberSnapshots(group: ClassicGroup): GroupMemberSnapshot[] {
  return [...group.members.values()].map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    assignment: group.protocolType === 'consumer' ? (decodeAssignment(m.assignment) ?? []) : [],
  }));
}

/**
 * LeaveGroup: single member (v0-v2) or a batch identified by member id and/or group.instance.id
 * (v3+, KIP-345 lets an admin remove static members by instance id alone).
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './context.js';
import { removeMember, tryCompleteJoin } from './rebalance.js';
import type { LeaveMemberInput, LeaveResult } from './types.js';

export function leaveGroup(ctx: GroupContext, group: ClassicGroup | undefined, members: readonly LeaveMemberInput[]): LeaveResult {
  if (!group) {
    return { errorCode: ErrorCode.NONE, members: members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
  }
  if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
  return { errorCode: ErrorCode.NONE, members: members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: leaveOne(ctx, group, m) })) };
}

function leaveOne(ctx: GroupContext, group: ClassicGroup, req: LeaveMemberInput): number {
  let memberId = req.memberId;
  if (memberId === '') {
    if (req.groupInstanceId === null) return ErrorCode.UNKNOWN_MEMBER_ID;
    const id = group.staticMemberId(req.groupInstanceId);
    if (id === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    memberId = id;
  } else if (group.isStaticMemberFenced(memberId, req.groupInstanceId)) {
    return ErrorCode.FENCED_INSTANCE_ID;
  }
  const pending = group.pendingMembers.get(memberId);
  if (pending) {
    pending.cancel();
    group.pendingMembers.delete(memberId);
    tryCompleteJoin(ctx, group);
    return ErrorCode.NONE;
  }
  const m = group.members.get(memberId);
  if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
  removeMember(ctx, group, m, 'leave-group', true, req.reason);
  return ErrorCode.NONE;
}

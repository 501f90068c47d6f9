/**
 * Heartbeat: keeps a member's session alive and tells it (REBALANCE_IN_PROGRESS) when it must
 * rejoin. Order of checks follows Kafka's classic coordinator.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './context.js';
import { scheduleHeartbeat } from './rebalance.js';

export function heartbeat(ctx: GroupContext, group: ClassicGroup | undefined, memberId: string, groupInstanceId: string | null, generationId: number): number {
  if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (group.isStaticMemberFenced(memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
  const m = group.members.get(memberId);
  if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  switch (group.state) {
    case 'Empty':
      return ErrorCode.UNKNOWN_MEMBER_ID;
    case 'PreparingRebalance':
      scheduleHeartbeat(ctx, group, m);
      return ErrorCode.REBALANCE_IN_PROGRESS;
    case 'CompletingRebalance':
    case 'Stable':
      // Members may heartbeat between their JoinGroup and SyncGroup responses.
      scheduleHeartbeat(ctx, group, m);
      return ErrorCode.NONE;
    default:
      return ErrorCode.UNKNOWN_MEMBER_ID;
  }
}

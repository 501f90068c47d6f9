/**
 * The rebalance machinery of a classic group: entering PreparingRebalance, completing the join
 * phase (new generation, protocol, leader, parked JoinGroup responses), removing members and the
 * session/sync timers that drive expiry. Mirrors Kafka's classic GroupCoordinator semantics.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './context.js';
import type { GroupMember } from './member.js';
import type { GroupState } from './types.js';

export function setState(ctx: GroupContext, group: ClassicGroup, to: GroupState): void {
  const from = group.transitionTo(to, ctx.clock.now());
  if (from !== to) ctx.emit({ type: 'state-changed', group: group.groupId, from, to });
}

/** Starts a rebalance if the group is in a state that allows one (Kafka's maybePrepareRebalance). */
export function maybePrepareRebalance(ctx: GroupContext, group: ClassicGroup, reason: string): void {
  if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty')) prepareRebalance(ctx, group, reason);
}

export function prepareRebalance(ctx: GroupContext, group: ClassicGroup, reason: string): void {
  // Members waiting for their assignment will never get one from this generation: tell them to rejoin.
  if (group.is('CompletingRebalance')) resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
  group.syncTimer?.cancel();
  group.syncTimer = null;
  group.joinTimer?.cancel();
  const wasEmpty = group.is('Empty');
  setState(ctx, group, 'PreparingRebalance');
  group.rebalanceReason = reason;
  ctx.emit({ type: 'rebalance-started', group: group.groupId, generation: group.generationId, reason });

  const rebalanceTimeout = group.maxRebalanceTimeoutMs();
  if (wasEmpty) {
    // group.initial.rebalance.delay.ms: wait for more members of a starting group, extending the
    // wait while new ones keep arriving, but never beyond the rebalance timeout.
    const delay = Math.min(ctx.config.initialRebalanceDelayMs, rebalanceTimeout);
    group.initialDelayRemainingMs = Math.max(rebalanceTimeout - ctx.config.initialRebalanceDelayMs, 0);
    group.newMemberAdded = false;
    group.inInitialDelay = true;
    scheduleInitialDelay(ctx, group, delay);
  } else {
    group.inInitialDelay = false;
    group.joinTimer = ctx.clock.schedule(rebalanceTimeout, () => {
      group.joinTimer = null;
      if (group.is('PreparingRebalance')) completeJoin(ctx, group);
    });
    tryCompleteJoin(ctx, group);
  }
}

function scheduleInitialDelay(ctx: GroupContext, group: ClassicGroup, delay: number): void {
  group.joinTimer = ctx.clock.schedule(delay, () => {
    group.joinTimer = null;
    if (!group.is('PreparingRebalance')) return;
    if (group.newMemberAdded && group.initialDelayRemainingMs > 0) {
      group.newMemberAdded = false;
      const next = Math.min(ctx.config.initialRebalanceDelayMs, group.initialDelayRemainingMs);
      group.initialDelayRemainingMs = Math.max(group.initialDelayRemainingMs - next, 0);
      scheduleInitialDelay(ctx, group, next);
    } else {
      completeJoin(ctx, group);
    }
  });
}

/** Completes the join phase early once every member has rejoined (not during the initial delay). */
export function tryCompleteJoin(ctx: GroupContext, group: ClassicGroup): void {
  if (group.is('PreparingRebalance') && !group.inInitialDelay && group.hasAllMembersJoined()) completeJoin(ctx, group);
}

/** The end of the join phase: drop members that did not rejoin, then start the next generation. */
export function completeJoin(ctx: GroupContext, group: ClassicGroup): void {
  group.joinTimer?.cancel();
  group.joinTimer = null;
  group.inInitialDelay = false;
  // Dynamic members that did not rejoin are gone. Static ones keep their place (KIP-345: a
  // restarting instance should not cost a rebalance); their session timeout still applies.
  // No rebalance side effects here: we are completing the join phase ourselves (a nested
  // completion would hand out a generation and then remove the members it just answered).
  for (const m of [...group.members.values()]) {
    if (!m.isAwaitingJoin && !m.isStatic) removeMember(ctx, group, m, 'rebalance-timeout', false);
  }
  if (group.is('Dead')) return;
  const joined = [...group.members.values()].filter((m) => m.isAwaitingJoin);
  if (joined.length === 0 && group.size > 0) {
    // Only absent static members are left: wait another rebalance timeout for them (or for their
    // sessions to expire) instead of forming a generation nobody is listening to.
    group.joinTimer = ctx.clock.schedule(group.maxRebalanceTimeoutMs(), () => {
      group.joinTimer = null;
      if (group.is('PreparingRebalance')) completeJoin(ctx, group);
    });
    return;
  }

  group.generationId++;
  if (group.size === 0) {
    group.protocolName = null;
    group.leaderId = null;
    setState(ctx, group, 'Empty');
    ctx.storeGroup(group);
    return;
  }
  group.protocolName = group.selectProtocol();
  // The leader must be a member that is actually waiting for the answer.
  const leader = group.leaderId === null ? undefined : group.members.get(group.leaderId);
  if (!leader || !leader.isAwaitingJoin) group.leaderId = joined[0]?.memberId ?? null;
  setState(ctx, group, 'CompletingRebalance');
  const protocol = group.protocolName;
  ctx.emit({
    type: 'join-completed',
    group: group.groupId,
    generation: group.generationId,
    protocolType: group.protocolType,
    protocol,
    leader: group.leaderId ?? '',
    memberIds: [...group.members.keys()],
  });
  const allMembers = group.membersInKafkaOrder().map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    metadata: m.metadataFor(protocol),
  }));
  for (const m of group.members.values()) {
    m.isNew = false;
    m.completeJoin({
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: protocol,
      leader: group.leaderId ?? '',
      skipAssignment: false,
      memberId: m.memberId,
      members: group.isLeader(m.memberId) ? allMembers : [],
    });
    scheduleHeartbeat(ctx, group, m);
  }
  scheduleSyncTimeout(ctx, group);
}

/**
 * Members that do not send SyncGroup within the rebalance timeout after the join phase are
 * removed (Kafka's new coordinator does this; otherwise a dead leader stalls the group).
 */
function scheduleSyncTimeout(ctx: GroupContext, group: ClassicGroup): void {
  const generation = group.generationId;
  group.syncTimer?.cancel();
  group.syncTimer = ctx.clock.schedule(group.maxRebalanceTimeoutMs(), () => {
    group.syncTimer = null;
    if (!group.is('CompletingRebalance') || group.generationId !== generation) return;
    const laggards = [...group.members.values()].filter((m) => !m.isAwaitingSync);
    for (const m of laggards) removeMember(ctx, group, m, 'sync-timeout', false);
    if (group.size === 0) {
      // Everyone is gone: pass through a rebalance so the group ends Empty with a new generation.
      prepareRebalance(ctx, group, 'all members missed the sync deadline');
    } else if (laggards.length > 0) {
      prepareRebalance(ctx, group, `${laggards.length} member(s) did not send SyncGroup in time`);
    }
  });
}

/** Fails every parked SyncGroup (the generation's assignment is void) and clears assignments. */
export function resetAndPropagateAssignmentError(group: ClassicGroup, errorCode: number): void {
  for (const m of group.members.values()) {
    m.assignment = Buffer.alloc(0);
    m.completeSync({ errorCode, protocolType: group.protocolType, protocolName: group.protocolName, assignment: m.assignment });
  }
}

/**
 * Removes a member (left, expired, fenced, or did not rejoin) and moves the group on: a rebalance
 * from Stable/CompletingRebalance, or a join-phase completion check while preparing.
 */
export function removeMember(ctx: GroupContext, group: ClassicGroup, m: GroupMember, reason: string, rebalance = true, detail: string | null = null): void {
  m.completeJoin(emptyJoin(m.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
  m.completeSync({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
  group.remove(m.memberId);
  ctx.emit({ type: 'member-left', group: group.groupId, memberId: m.memberId, reason, detail });
  if (!rebalance) return;
  if (group.is('Stable') || group.is('CompletingRebalance')) {
    prepareRebalance(ctx, group, `removing member ${m.memberId} on ${reason}`);
  } else if (group.is('PreparingRebalance')) {
    tryCompleteJoin(ctx, group);
  }
}

export function emptyJoin(memberId: string, errorCode: number): {
  errorCode: number; generationId: number; protocolType: string | null; protocolName: string | null;
  leader: string; skipAssignment: boolean; memberId: string; members: [];
} {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

/**
 * (Re)arms the member's session: it is removed when no heartbeat (or join/sync) arrives within
 * `timeoutMs`. Members parked in JoinGroup/SyncGroup are considered alive (they cannot heartbeat),
 * except members new to this rebalance, which get the new-member join timeout instead.
 */
export function scheduleHeartbeat(ctx: GroupContext, group: ClassicGroup, m: GroupMember, timeoutMs = m.sessionTimeoutMs): void {
  m.heartbeatTimer?.cancel();
  const now = ctx.clock.now();
  m.lastHeartbeatAt = now;
  m.sessionDeadline = now + timeoutMs;
  m.heartbeatTimer = ctx.clock.schedule(timeoutMs, () => {
    m.heartbeatTimer = null;
    if (group.members.get(m.memberId) !== m) return;
    if (!m.isNew && (m.isAwaitingJoin || m.isAwaitingSync)) {
      scheduleHeartbeat(ctx, group, m);
      return;
    }
    removeMember(ctx, group, m, m.isNew ? 'new-member-join-timeout' : 'session-timeout');
  });
}

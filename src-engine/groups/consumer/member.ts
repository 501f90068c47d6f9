/** One member of a consumer-protocol group (Kafka's ConsumerGroupMember) and its timers. */
import type { Timer } from '../clock.js';
import { emptyAssignment, type Assignment } from './assignment.js';

/** Kafka's MemberState, with the byte values its CurrentMemberAssignment record stores. */
export const MemberState = { STABLE: 0, UNREVOKED_PARTITIONS: 1, UNRELEASED_PARTITIONS: 2, UNKNOWN: 127 } as const;
export type MemberStateValue = (typeof MemberState)[keyof typeof MemberState];

/** A member epoch of -2 marks a static member that left and is expected back (KIP-848). */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

/** A classic-protocol member (JoinGroup/SyncGroup) inside a consumer group: its session timeout and protocols. */
export interface ClassicMemberInfo {
  sessionTimeoutMs: number;
  /** In the member's order of preference; the first is the one its JoinGroup answer names. */
  protocols: { name: string; metadata: Buffer }[];
}

export class ConsumerMember {
  instanceId: string | null = null;
  rackId: string | null = null;
  clientId = '';
  clientHost = '';
  rebalanceTimeoutMs = -1;
  subscribedTopicNames: string[] = [];
  subscribedTopicRegex: string | null = null;
  serverAssignor: string | null = null;
  memberEpoch = 0;
  previousMemberEpoch = -1;
  state: MemberStateValue = MemberState.STABLE;
  assigned: Assignment = emptyAssignment();
  pendingRevocation: Assignment = emptyAssignment();
  sessionTimer: Timer | null = null;
  rebalanceTimer: Timer | null = null;
  lastHeartbeatAt = 0;
  /** Set when the member speaks the classic protocol (an online migration); null for KIP-848 members. */
  classic: ClassicMemberInfo | null = null;

  constructor(readonly memberId: string) {}

  /** A copy carrying over everything but the timers (Kafka replaces static members this way). */
  cloneAs(memberId: string): ConsumerMember {
    const m = new ConsumerMember(memberId);
    Object.assign(m, this, { memberId, sessionTimer: null, rebalanceTimer: null });
    return m;
  }

  cancelTimers(): void {
    this.sessionTimer?.cancel();
    this.sessionTimer = null;
    this.rebalanceTimer?.cancel();
    this.rebalanceTimer = null;
  }
}

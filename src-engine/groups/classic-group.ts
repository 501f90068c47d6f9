/**
 * The state of one classic group: members, generation, selected protocol and leader, plus the
 * rules that only look at that state (state transitions, protocol selection, join completion).
 * The protocol flow that changes it lives in membership.ts and rebalance.ts.
 */
import type { Timer } from './clock.js';
import { decodeSubscription } from './consumer-protocol.js';
import type { GroupMember } from './member.js';
import type { GroupState, ProtocolEntry } from './types.js';
import { javaHashMapOrder } from './java-hash-map-order.js';

/** Which states a group may come from when entering each state (Kafka's GroupState.validPreviousStates). */
const VALID_PREVIOUS: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export class ClassicGroup {
  state: GroupState = 'Empty';
  /** When the group entered its current state (GroupMetadataValue.currentStateTimestamp). */
  stateTimestamp: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** The most members the group ever had: Kafka's member HashMap never shrinks, and its size decides the order. */
  private peakSize = 0;
  /** group.instance.id -> current member id of that static member. */
  readonly staticMembers = new Map<string, string>();
  /** KIP-394: member ids handed out with MEMBER_ID_REQUIRED, expiring after the session timeout. */
  readonly pendingMembers = new Map<string, Timer>();
  /** The delayed join (rebalance timeout or initial delay) of the current rebalance. */
  joinTimer: Timer | null = null;
  /** Initial-delay bookkeeping: the delay grows while members keep arriving, up to the rebalance timeout. */
  initialDelayRemainingMs = 0;
  /** The join phase is in its initial delay (it cannot complete early). */
  inInitialDelay = false;
  /** A member joined since the last initial-delay tick, so the delay is extended once more. */
  newMemberAdded = false;
  /** Waits for the leader's SyncGroup once the join phase completed (new coordinator's sync timeout). */
  syncTimer: Timer | null = null;
  /** Why the current/last rebalance started, for insight. */
  rebalanceReason = '';

  constructor(
    readonly groupId: string,
    now: number,
  ) {
    this.stateTimestamp = now;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  canTransitionTo(to: GroupState): boolean {
    return VALID_PREVIOUS[to].includes(this.state);
  }

  /** Changes state; returns the previous one. Throws on a transition Kafka would never make. */
  transitionTo(to: GroupState, now: number): GroupState {
    const from = this.state;
    if (!this.canTransitionTo(to)) throw new Error(`group ${this.groupId}: illegal transition ${from} -> ${to}`);
    this.state = to;
    this.stateTimestamp = now;
    return from;
  }

  get size(): number {
    return this.members.size;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  /** Members in the order Kafka lists them (its java.util.HashMap), for the JoinGroup leader and DescribeGroups. */
  membersInKafkaOrder(): GroupMember[] {
    return javaHashMapOrder([...this.members.keys()], this.peakSize).flatMap((id) => {
      const m = this.members.get(id);
      return m ? [m] : [];
    });
  }

  add(member: GroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    this.peakSize = Math.max(this.peakSize, this.members.size);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  remove(memberId: string): GroupMember | undefined {
    const m = this.members.get(memberId);
    if (!m) return undefined;
    this.members.delete(memberId);
    m.heartbeatTimer?.cancel();
    m.heartbeatTimer = null;
    if (m.groupInstanceId !== null && this.staticMembers.get(m.groupInstanceId) === memberId) {
      this.staticMembers.delete(m.groupInstanceId);
    }
    if (this.leaderId === memberId) {
      // The new leader is any member still in the group, preferably one already rejoining.
      const next = [...this.members.values()].find((x) => x.isAwaitingJoin) ?? this.members.values().next().value;
      this.leaderId = next?.memberId ?? null;
    }
    return m;
  }

  /** Gives a static member a new member id, keeping its assignment (KIP-345 restart). */
  replaceStaticMember(oldId: string, newMember: GroupMember): GroupMember | undefined {
    const old = this.members.get(oldId);
    if (!old) return undefined;
    this.members.delete(oldId);
    old.heartbeatTimer?.cancel();
    old.heartbeatTimer = null;
    newMember.assignment = old.assignment;
    this.members.set(newMember.memberId, newMember);
    if (newMember.groupInstanceId !== null) this.staticMembers.set(newMember.groupInstanceId, newMember.memberId);
    if (this.leaderId === oldId) this.leaderId = newMember.memberId;
    return old;
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  /** FENCED_INSTANCE_ID check: the instance id is owned by a different member id. */
  isStaticMemberFenced(memberId: string, groupInstanceId: string | null): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  /** Protocol names every current member supports, in no particular order. */
  candidateProtocols(): Set<string> {
    let out: Set<string> | null = null;
    for (const m of this.members.values()) {
      const names = new Set<string>(m.protocols.map((p) => p.name));
      if (out === null) {
        out = names;
      } else {
        for (const n of out) if (!names.has(n)) out.delete(n);
      }
    }
    return out ?? new Set<string>();
  }

  /** Whether a (re)joining member with these protocols can be part of the group. */
  supportsProtocols(protocolType: string, protocols: readonly ProtocolEntry[]): boolean {
    if (this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /**
   * Kafka's vote: each member votes for its most preferred protocol that every member supports;
   * the protocol with most votes wins. Ties go to the earliest member's preference, so the
   * choice is deterministic.
   */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    const order: string[] = [];
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => candidates.has(p.name))?.name;
      if (choice === undefined) continue;
      if (!votes.has(choice)) order.push(choice);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const name of order) {
      if (best === undefined || (votes.get(name) ?? 0) > (votes.get(best) ?? 0)) best = name;
    }
    if (best === undefined) throw new Error(`group ${this.groupId}: no protocol supported by all members`);
    return best;
  }

  /** The join phase may complete: every member rejoined and no KIP-394 member id is outstanding. */
  hasAllMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.isAwaitingJoin) return false;
    return true;
  }

  maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  /**
   * Topics the members subscribe to, decoded from their "consumer" protocol metadata; null when
   * that is unknown (another protocol type or undecodable metadata), which callers must treat as
   * "might be subscribed to anything".
   */
  subscribedTopics(): Set<string> | null {
    if (this.members.size === 0) return new Set();
    if (this.protocolType !== 'consumer' || this.protocolName === null) return null;
    const out = new Set<string>();
    for (const m of this.members.values()) {
      const sub = decodeSubscription(m.metadataFor(this.protocolName));
      if (!sub) return null;
      for (const t of sub.topics) out.add(t);
    }
    return out;
  }
}

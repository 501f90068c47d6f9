/**
 * Moves one member's current assignment towards its target (Kafka's CurrentAssignmentBuilder):
 * partitions it keeps stay, partitions it loses are revoked first (the member keeps its epoch
 * until it stops reporting them), and partitions still owned by another member are only handed
 * over once released. Pure: returns the member's next assignment state.
 */
import { addPartition, emptyAssignment, ownsAnyOf, type Assignment, type WireTopicPartitions } from './assignment.js';
import { MemberState, type MemberStateValue } from './member.js';

export interface MemberAssignmentState {
  memberEpoch: number;
  previousMemberEpoch: number;
  state: MemberStateValue;
  assigned: Assignment;
  pendingRevocation: Assignment;
}

export interface ReconcileInput {
  targetEpoch: number;
  target: Assignment;
  /** The epoch of the member owning the partition, or -1 when free. */
  partitionEpoch: (topicId: string, partition: number) => number;
  /** What the client reported owning in this heartbeat (null: not sent). */
  owned: readonly WireTopicPartitions[] | null;
}

export function reconcile(current: MemberAssignmentState, input: ReconcileInput): MemberAssignmentState {
  switch (current.state) {
    case MemberState.STABLE:
      return current.memberEpoch === input.targetEpoch ? current : next(current, current.memberEpoch, input);
    case MemberState.UNREVOKED_PARTITIONS:
      // Progress only once the client no longer reports any partition being revoked.
      if (ownsAnyOf(input.owned, current.pendingRevocation)) return current;
      return next(current, current.memberEpoch + 1, input);
    case MemberState.UNRELEASED_PARTITIONS:
      return next(current, current.memberEpoch, input);
    default:
      return next(current, input.targetEpoch, input);
  }
}

function withEpoch(current: MemberAssignmentState, epoch: number): Pick<MemberAssignmentState, 'memberEpoch' | 'previousMemberEpoch'> {
  // Like Kafka's updateMemberEpoch: the previous epoch is always the one the member had.
  return { memberEpoch: epoch, previousMemberEpoch: current.memberEpoch };
}

function next(current: MemberAssignmentState, epoch: number, input: ReconcileInput): MemberAssignmentState {
  const kept = emptyAssignment();
  const revoking = emptyAssignment();
  const incoming = emptyAssignment();
  let unreleased = false;
  for (const topicId of new Set([...input.target.keys(), ...current.assigned.keys()])) {
    const target = input.target.get(topicId) ?? new Set<number>();
    const mine = current.assigned.get(topicId) ?? new Set<number>();
    for (const p of mine) {
      if (target.has(p)) addPartition(kept, topicId, p);
      else addPartition(revoking, topicId, p);
    }
    for (const p of target) {
      if (mine.has(p)) continue;
      if (input.partitionEpoch(topicId, p) !== -1) unreleased = true;
      else addPartition(incoming, topicId, p);
    }
  }
  if (revoking.size > 0 && ownsAnyOf(input.owned, revoking)) {
    return { ...withEpoch(current, epoch), state: MemberState.UNREVOKED_PARTITIONS, assigned: kept, pendingRevocation: revoking };
  }
  for (const [t, ps] of incoming) for (const p of ps) addPartition(kept, t, p);
  const state = unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE;
  return { ...withEpoch(current, input.targetEpoch), state, assigned: kept, pendingRevocation: emptyAssignment() };
}

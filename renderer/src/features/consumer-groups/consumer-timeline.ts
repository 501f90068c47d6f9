// The consumer protocol's (KIP-848) reducer for the rebalance timeline. There is no stop-the-world: a
// window runs from a group epoch bump until the group is Stable (or Empty) again, and each member's lane
// shows its member epochs, what it owned, and when partitions were pending revocation (it still had to give
// them up) or pending assignment (another member still held them) — the KIP-848 analogue of the stop.
import type { GroupEpochCause, TopicPartitionAssignment } from '../../../../src-common/engine-events.js';
import { memberLabel, type LaneSegment, type TimedGroupEvent, type TimelineBuilder } from './timeline-model.js';

const CAUSE_WORDS: Record<GroupEpochCause, string> = {
  'group-created': 'group created',
  'member-joined': 'member joined',
  'member-left': 'member left',
  'subscription-changed': 'subscription changed',
  'assignor-changed': 'assignor changed',
  'metadata-changed': 'metadata changed',
};

export const causeWords = (cause: GroupEpochCause): string => CAUSE_WORDS[cause] ?? cause;

const count = (a: TopicPartitionAssignment[]): number => a.reduce((sum, t) => sum + t.partitions.length, 0);
export const partitionsText = (a: TopicPartitionAssignment[]): string => a.map((t) => `${t.topic} ${t.partitions.join(',')}`).join('; ');

/** Applies one KIP-848 coordinator event; false when the event is not one. */
export function reduceConsumer(b: TimelineBuilder, event: TimedGroupEvent): boolean {
  switch (event.type) {
    case 'consumer-member-joined': {
      b.lane(event.memberId, memberLabel(event.clientId, event.memberId));
      const open = b.openSegment(event.memberId);
      if (!open || open.kind === 'away') b.switchSegment(event.memberId, event.at, { kind: 'joining', partitions: 0, epoch: 0 });
      return true;
    }
    case 'consumer-member-left': {
      if (event.reason === 'static-member-left') {
        // It keeps its assignment (nobody consumes it) until it comes back or its session times out.
        const open = b.openSegment(event.memberId);
        b.switchSegment(event.memberId, event.at, { kind: 'away', partitions: open?.partitions ?? 0, epoch: -2, owned: open?.owned ?? '' });
      } else {
        b.switchSegment(event.memberId, event.at, null);
        b.lane(event.memberId).leftReason = event.reason;
      }
      return true;
    }
    case 'group-epoch-bumped': {
      const causes = event.causes.map(causeWords);
      const window = b.openWindow();
      if (window?.epochs) window.epochs.push({ epoch: event.groupEpoch, causes, at: event.at });
      else if (!window) {
        b.rebalances.push({
          generation: event.groupEpoch, from: event.at, to: null, reason: causes.join(', '), protocol: 'consumer', cooperative: true, endedIn: null, synced: false,
          epochs: [{ epoch: event.groupEpoch, causes, at: event.at }],
        });
      }
      return true;
    }
    case 'target-assignment-computed': {
      const window = b.openWindow();
      if (window?.epochs) window.synced = true;
      return true;
    }
    case 'member-reconciled': {
      const kind: LaneSegment['kind'] = event.state === 'unrevoked-partitions' ? 'revoking' : event.state === 'unreleased-partitions' ? 'awaiting' : 'consuming';
      const pending = event.state === 'unrevoked-partitions' ? event.pendingRevocation : event.state === 'unreleased-partitions' ? event.pendingAssignment : [];
      const next = { kind, partitions: count(event.assigned), epoch: event.memberEpoch, owned: partitionsText(event.assigned), pending: partitionsText(pending) };
      const open = b.openSegment(event.memberId);
      if (open && open.kind === next.kind && open.epoch === next.epoch && open.owned === next.owned && open.pending === next.pending) return true;
      b.lane(event.memberId);
      b.switchSegment(event.memberId, event.at, next);
      return true;
    }
    default:
      return false;
  }
}

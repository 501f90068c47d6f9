// The classic protocol's reducer for the rebalance timeline:
//  - rebalance windows from 'rebalance-started' until the group is Stable or Empty again ('sync-completed'
//    names the generation it produced);
//  - for eager protocols every member that was consuming stops during the window (the "stop-the-world" gap);
//    cooperative protocols keep unrevoked partitions, so lanes stay solid. Time outside the group is never stop time.
import type { GroupMemberSnapshot } from '../../../../src-common/engine-events.js';
import { memberLabel, type TimedGroupEvent, type TimelineBuilder } from './timeline-model.js';

export function isCooperative(protocol: string | null): boolean {
  return protocol !== null && /cooperative/i.test(protocol);
}

const partitionCount = (member: GroupMemberSnapshot | undefined): number =>
  member ? member.assignment.reduce((sum, a) => sum + a.partitions.length, 0) : 0;

/** Classic-protocol state the reducer carries between events. */
export interface ClassicState {
  lastProtocol: string | null;
}

/** Applies one classic-coordinator event; false when the event is not a classic one. */
export function reduceClassic(b: TimelineBuilder, state: ClassicState, event: TimedGroupEvent): boolean {
  switch (event.type) {
    case 'member-joined':
      b.lane(event.memberId, memberLabel(event.clientId, event.memberId));
      if (!b.openSegment(event.memberId)) b.switchSegment(event.memberId, event.at, { kind: 'joining', partitions: 0 });
      return true;
    case 'member-left':
      b.switchSegment(event.memberId, event.at, null);
      b.lane(event.memberId).leftReason = event.reason;
      return true;
    case 'rebalance-started': {
      if (b.openWindow()) return true; // already rebalancing: the same window goes on
      b.rebalances.push({ generation: event.generation, from: event.at, to: null, reason: event.reason, protocol: state.lastProtocol, cooperative: isCooperative(state.lastProtocol), endedIn: null, synced: false });
      // Eager: everyone revokes everything and waits. Cooperative: members keep consuming what they own.
      if (!isCooperative(state.lastProtocol)) {
        for (const [memberId, segment] of b.openSegments()) if (segment.kind === 'consuming') b.switchSegment(memberId, event.at, { kind: 'paused', partitions: 0 });
      }
      return true;
    }
    case 'join-completed': {
      // The coordinator picked the assignor: from here we know whether this round is eager or cooperative.
      state.lastProtocol = event.protocol;
      const window = b.openWindow();
      if (window) {
        window.protocol = event.protocol;
        window.cooperative = isCooperative(event.protocol);
      }
      return true;
    }
    case 'sync-completed': {
      state.lastProtocol = event.protocol;
      // The Stable state-change may have closed it a moment before this event arrived.
      const window = b.openWindow() ?? [...b.rebalances].reverse().find((r) => !r.synced && !r.epochs && r.from <= event.at);
      if (window) {
        window.to ??= event.at;
        window.endedIn ??= 'Stable';
        window.synced = true;
        window.generation = event.generation;
        window.protocol = event.protocol;
        window.cooperative = isCooperative(event.protocol);
      }
      for (const member of event.members) {
        b.lane(member.memberId, memberLabel(member.clientId, member.memberId));
        b.switchSegment(member.memberId, event.at, { kind: 'consuming', partitions: partitionCount(member) });
      }
      return true;
    }
    default:
      return false;
  }
}

// Turns the group coordinator's event stream into a timeline (pure, unit-tested):
//  - one lane per member, from join to leave;
//  - rebalance windows from 'rebalance-started' (generation N) to 'sync-completed' (generation N);
//  - for eager protocols every member stops consuming during the window (the "stop-the-world" gap);
//    cooperative protocols keep unrevoked partitions, so lanes stay solid and rebalances come in short rounds.
import type { GroupEvent, GroupMemberSnapshot } from '../../../../src-common/engine-events.js';

export type TimedGroupEvent = GroupEvent & { at: number };

export interface LaneSegment {
  from: number;
  to: number;
  /** 'consuming' = has an assignment; 'paused' = inside an eager rebalance gap; 'joining' = joined, not yet synced. */
  kind: 'consuming' | 'paused' | 'joining';
  partitions: number;
}

export interface MemberLane {
  memberId: string;
  label: string;
  segments: LaneSegment[];
  leftReason: string | null;
}

export interface RebalanceWindow {
  generation: number;
  from: number;
  /** null while still rebalancing. */
  to: number | null;
  reason: string;
  protocol: string | null;
  cooperative: boolean;
}

export interface Timeline {
  lanes: MemberLane[];
  rebalances: RebalanceWindow[];
  start: number;
  end: number;
}

export function isCooperative(protocol: string | null): boolean {
  return protocol !== null && /cooperative/i.test(protocol);
}

const partitionCount = (member: GroupMemberSnapshot | undefined): number =>
  member ? member.assignment.reduce((sum, a) => sum + a.partitions.length, 0) : 0;

export function buildTimeline(events: TimedGroupEvent[], now: number): Timeline {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const lanes = new Map<string, MemberLane>();
  const open = new Map<string, LaneSegment>(); // current open segment per member
  const rebalances: RebalanceWindow[] = [];
  let lastProtocol: string | null = null;

  const lane = (memberId: string, label: string): MemberLane => {
    let existing = lanes.get(memberId);
    if (!existing) lanes.set(memberId, (existing = { memberId, label, segments: [], leftReason: null }));
    return existing;
  };
  const switchSegment = (memberId: string, at: number, kind: LaneSegment['kind'] | null, partitions = 0): void => {
    const current = open.get(memberId);
    if (current) {
      current.to = at;
      open.delete(memberId);
    }
    if (kind) {
      const segment: LaneSegment = { from: at, to: now, kind, partitions };
      lane(memberId, memberId).segments.push(segment);
      open.set(memberId, segment);
    }
  };

  for (const event of sorted) {
    switch (event.type) {
      case 'member-joined':
        lane(event.memberId, event.clientId ? `${event.clientId} (${event.memberId.slice(-8)})` : event.memberId);
        if (!open.has(event.memberId)) switchSegment(event.memberId, event.at, 'joining');
        break;
      case 'member-left':
        switchSegment(event.memberId, event.at, null);
        lane(event.memberId, event.memberId).leftReason = event.reason;
        break;
      case 'rebalance-started': {
        rebalances.push({ generation: event.generation, from: event.at, to: null, reason: event.reason, protocol: lastProtocol, cooperative: isCooperative(lastProtocol) });
        // Eager: everyone revokes everything and waits. Cooperative: members keep consuming what they own.
        if (!isCooperative(lastProtocol)) {
          for (const [memberId, segment] of [...open]) if (segment.kind === 'consuming') switchSegment(memberId, event.at, 'paused');
        }
        break;
      }
      case 'join-completed': {
        // The coordinator picked the assignor: from here we know whether this round is eager or cooperative.
        lastProtocol = event.protocol;
        const window = [...rebalances].reverse().find((r) => r.to === null);
        if (window) {
          window.protocol = event.protocol;
          window.cooperative = isCooperative(event.protocol);
        }
        break;
      }
      case 'sync-completed': {
        lastProtocol = event.protocol;
        const window = [...rebalances].reverse().find((r) => r.to === null);
        if (window) {
          window.to = event.at;
          window.generation = event.generation;
          window.protocol = event.protocol;
          window.cooperative = isCooperative(event.protocol);
        }
        for (const member of event.members) {
          lane(member.memberId, member.clientId ? `${member.clientId} (${member.memberId.slice(-8)})` : member.memberId);
          switchSegment(member.memberId, event.at, 'consuming', partitionCount(member));
        }
        break;
      }
      case 'group-deleted':
        for (const memberId of [...open.keys()]) switchSegment(memberId, event.at, null);
        break;
      default:
        break;
    }
  }
  const start = sorted[0]?.at ?? now;
  return { lanes: [...lanes.values()], rebalances, start, end: Math.max(now, start + 1) };
}

/** Total time the group spent without consumption because of eager rebalances (the cost of stop-the-world). */
export function eagerPauseMs(timeline: Timeline): number {
  return timeline.rebalances.filter((r) => !r.cooperative).reduce((sum, r) => sum + ((r.to ?? timeline.end) - r.from), 0);
}

// Turns the group coordinator's event stream into a timeline (pure, unit-tested):
//  - one lane per member, from join to leave;
//  - rebalance windows from 'rebalance-started' until the group is Stable or Empty again (as Kafka: a
//    rebalance ends there; 'sync-completed' names the generation it produced);
//  - for eager protocols every member that was consuming stops during the window (the "stop-the-world"
//    gap); cooperative protocols keep unrevoked partitions, so lanes stay solid. Time a member is not in
//    the group is never stop time.
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
  /** What ended it: a generation synced (Stable), or the group became Empty/Dead; null while open. */
  endedIn: 'Stable' | 'Empty' | 'Dead' | null;
  /** Whether a sync-completed named this window's generation. */
  synced: boolean;
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

  const openWindow = (): RebalanceWindow | undefined => rebalances.find((r) => r.to === null);
  const closeWindow = (at: number, endedIn: 'Stable' | 'Empty' | 'Dead'): void => {
    const window = openWindow();
    if (!window) return;
    window.to = at;
    window.endedIn = endedIn;
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
        if (openWindow()) break; // already rebalancing: the same window goes on
        rebalances.push({ generation: event.generation, from: event.at, to: null, reason: event.reason, protocol: lastProtocol, cooperative: isCooperative(lastProtocol), endedIn: null, synced: false });
        // Eager: everyone revokes everything and waits. Cooperative: members keep consuming what they own.
        if (!isCooperative(lastProtocol)) {
          for (const [memberId, segment] of [...open]) if (segment.kind === 'consuming') switchSegment(memberId, event.at, 'paused');
        }
        break;
      }
      case 'join-completed': {
        // The coordinator picked the assignor: from here we know whether this round is eager or cooperative.
        lastProtocol = event.protocol;
        const window = openWindow();
        if (window) {
          window.protocol = event.protocol;
          window.cooperative = isCooperative(event.protocol);
        }
        break;
      }
      case 'sync-completed': {
        lastProtocol = event.protocol;
        // The Stable state-change may have closed it a moment before this event arrived.
        const window = openWindow() ?? [...rebalances].reverse().find((r) => !r.synced && r.from <= event.at);
        if (window) {
          window.to ??= event.at;
          window.endedIn ??= 'Stable';
          window.synced = true;
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
      case 'state-changed':
        if (event.to === 'Stable' || event.to === 'Empty' || event.to === 'Dead') closeWindow(event.at, event.to);
        if (event.to === 'Empty' || event.to === 'Dead') for (const memberId of [...open.keys()]) switchSegment(memberId, event.at, null);
        break;
      case 'group-deleted':
        closeWindow(event.at, 'Dead');
        for (const memberId of [...open.keys()]) switchSegment(memberId, event.at, null);
        break;
      default:
        break;
    }
  }
  const start = sorted[0]?.at ?? now;
  return { lanes: [...lanes.values()], rebalances, start, end: Math.max(now, start + 1) };
}

export interface RebalanceSummary {
  count: number;
  /** Sum of the windows' lengths (open ones up to now). */
  rebalancingMs: number;
  longestMs: number;
  /** Per member, the time it was in the group but stopped by an eager rebalance; members never stopped are left out. */
  stopped: { memberId: string; label: string; ms: number }[];
  /** The longest any one member was stopped in total: the stop-the-world cost as a consumer feels it. */
  maxMemberStopMs: number;
}

/** The timeline's numbers: how many rebalances, how long they took, how long each member stopped consuming. */
export function summarize(timeline: Timeline): RebalanceSummary {
  const lengths = timeline.rebalances.map((r) => (r.to ?? timeline.end) - r.from);
  const stopped = timeline.lanes
    .map((lane) => ({ memberId: lane.memberId, label: lane.label, ms: lane.segments.filter((s) => s.kind === 'paused').reduce((sum, s) => sum + (s.to - s.from), 0) }))
    .filter((m) => m.ms > 0);
  return {
    count: timeline.rebalances.length,
    rebalancingMs: lengths.reduce((a, b) => a + b, 0),
    longestMs: Math.max(0, ...lengths),
    stopped,
    maxMemberStopMs: Math.max(0, ...stopped.map((m) => m.ms)),
  };
}

/**
 * Labels for the rebalance windows that do not collide at `plotWidthPx`: a window closer than `minGapPx` to the
 * previous label joins it ("gen 3–5"), so every window is still named once. Index-aligned with `rebalances`.
 */
export function generationLabels(rebalances: RebalanceWindow[], start: number, end: number, plotWidthPx: number, minGapPx = 64): string[] {
  const span = Math.max(1, end - start);
  const x = (at: number): number => ((at - start) / span) * plotWidthPx;
  const name = (r: RebalanceWindow): string => (r.synced ? String(r.generation) : r.endedIn === 'Empty' ? '→ Empty' : '…');
  const labels = rebalances.map(() => '');
  let head = -1; // index of the window carrying the current label
  let first = '';
  for (const [i, r] of rebalances.entries()) {
    const anchor = rebalances[head];
    if (anchor && x(r.from) - x(anchor.from) < minGapPx) {
      labels[head] = `gen ${first}–${name(r)}`;
      continue;
    }
    head = i;
    first = name(r);
    labels[i] = r.synced ? `gen ${first}` : first;
  }
  return labels;
}

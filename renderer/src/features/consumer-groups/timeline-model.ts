// The rebalance timeline's model, shared by both group protocols: lanes of segments per member and the
// windows in which the group rebalances, built by one TimelineBuilder that a protocol-specific reducer
// (classic-timeline.ts, consumer-timeline.ts) drives from the coordinator's events. Pure, unit-tested.
import type { GroupEvent } from '../../../../src-common/engine-events.js';

export type TimedGroupEvent = GroupEvent & { at: number };

/**
 * 'consuming' = has an assignment; 'paused' = inside an eager rebalance gap; 'joining' = joined, not yet
 * assigned. KIP-848: 'revoking' = consumes what it keeps while it still has to give partitions up (pending
 * revocation); 'awaiting' = consumes what it has while partitions of its target are still held by another
 * member (pending assignment); 'away' = a static member that left for a while and keeps its assignment.
 */
export type SegmentKind = 'consuming' | 'paused' | 'joining' | 'revoking' | 'awaiting' | 'away';

export interface LaneSegment {
  from: number;
  to: number;
  kind: SegmentKind;
  partitions: number;
  /** KIP-848: the member epoch, what it owns and what is pending, as "topic 0,1" text. */
  epoch?: number;
  owned?: string;
  pending?: string;
}

export interface MemberLane {
  memberId: string;
  label: string;
  segments: LaneSegment[];
  leftReason: string | null;
}

export interface RebalanceWindow {
  /** Classic: the generation its sync produced. KIP-848: the first group epoch of the window. */
  generation: number;
  from: number;
  /** null while still rebalancing. */
  to: number | null;
  reason: string;
  protocol: string | null;
  cooperative: boolean;
  /** What ended it: a generation synced (Stable), or the group became Empty/Dead; null while open. */
  endedIn: 'Stable' | 'Empty' | 'Dead' | null;
  /** Classic: whether a sync-completed named this window's generation. KIP-848: whether a target assignment was computed. */
  synced: boolean;
  /** KIP-848 windows: every group epoch bump inside, with its causes (words). Absent for classic windows. */
  epochs?: { epoch: number; causes: string[]; at: number }[];
}

export interface Timeline {
  lanes: MemberLane[];
  rebalances: RebalanceWindow[];
  start: number;
  end: number;
  /** Which protocols' events built it. */
  protocols: ('classic' | 'consumer')[];
}

export const memberLabel = (clientId: string, memberId: string): string => (clientId ? `${clientId} (${memberId.slice(-8)})` : memberId);

/** Lanes, open segments and windows: what every reducer changes, one way. */
export class TimelineBuilder {
  readonly lanes = new Map<string, MemberLane>();
  private readonly open = new Map<string, LaneSegment>();
  readonly rebalances: RebalanceWindow[] = [];
  readonly protocols = new Set<'classic' | 'consumer'>();

  constructor(readonly now: number) {}

  lane(memberId: string, label: string = memberId): MemberLane {
    let existing = this.lanes.get(memberId);
    if (!existing) this.lanes.set(memberId, (existing = { memberId, label, segments: [], leftReason: null }));
    return existing;
  }

  openSegment(memberId: string): LaneSegment | undefined {
    return this.open.get(memberId);
  }

  openSegments(): [string, LaneSegment][] {
    return [...this.open];
  }

  /** Ends the member's open segment at `at` and starts `next` there (none: the member is out of the group). */
  switchSegment(memberId: string, at: number, next: Omit<LaneSegment, 'from' | 'to'> | null): void {
    const current = this.open.get(memberId);
    if (current) {
      current.to = at;
      this.open.delete(memberId);
    }
    if (next) {
      const segment: LaneSegment = { ...next, from: at, to: this.now };
      this.lane(memberId).segments.push(segment);
      this.open.set(memberId, segment);
    }
  }

  closeAllSegments(at: number): void {
    for (const memberId of [...this.open.keys()]) this.switchSegment(memberId, at, null);
  }

  openWindow(): RebalanceWindow | undefined {
    return this.rebalances.find((r) => r.to === null);
  }

  closeWindow(at: number, endedIn: 'Stable' | 'Empty' | 'Dead'): void {
    const window = this.openWindow();
    if (!window) return;
    window.to = at;
    window.endedIn = endedIn;
  }

  /** Shared events: a rebalance ends when the group is Stable or Empty again (Kafka's definition). */
  shared(event: TimedGroupEvent): void {
    if (event.type === 'state-changed') {
      if (event.to === 'Stable' || event.to === 'Empty' || event.to === 'Dead') this.closeWindow(event.at, event.to);
      if (event.to === 'Empty' || event.to === 'Dead') this.closeAllSegments(event.at);
    } else if (event.type === 'group-deleted') {
      this.closeWindow(event.at, 'Dead');
      this.closeAllSegments(event.at);
    }
  }

  build(start: number): Timeline {
    return { lanes: [...this.lanes.values()], rebalances: this.rebalances, start, end: Math.max(this.now, start + 1), protocols: [...this.protocols] };
  }
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
  /** KIP-848: per member, the time it had partitions pending revocation / assignment; members with neither are left out. */
  pending: { memberId: string; label: string; revokingMs: number; awaitingMs: number }[];
}

const timeIn = (lane: MemberLane, kind: SegmentKind): number => lane.segments.filter((s) => s.kind === kind).reduce((sum, s) => sum + (s.to - s.from), 0);

/** The timeline's numbers: how many rebalances, how long they took, how long each member stopped consuming or waited. */
export function summarize(timeline: Timeline): RebalanceSummary {
  const lengths = timeline.rebalances.map((r) => (r.to ?? timeline.end) - r.from);
  const stopped = timeline.lanes
    .map((lane) => ({ memberId: lane.memberId, label: lane.label, ms: timeIn(lane, 'paused') }))
    .filter((m) => m.ms > 0);
  const pending = timeline.lanes
    .map((lane) => ({ memberId: lane.memberId, label: lane.label, revokingMs: timeIn(lane, 'revoking'), awaitingMs: timeIn(lane, 'awaiting') }))
    .filter((m) => m.revokingMs > 0 || m.awaitingMs > 0);
  return {
    count: timeline.rebalances.length,
    rebalancingMs: lengths.reduce((a, b) => a + b, 0),
    longestMs: Math.max(0, ...lengths),
    stopped,
    maxMemberStopMs: Math.max(0, ...stopped.map((m) => m.ms)),
    pending,
  };
}

/** A KIP-848 window's causes in one short phrase. */
function causeText(r: RebalanceWindow): string {
  const causes = [...new Set((r.epochs ?? []).flatMap((e) => e.causes))];
  return causes.length <= 2 ? causes.join(', ') : `${causes.length} causes`;
}

function windowName(r: RebalanceWindow): string {
  if (r.epochs) {
    const first = r.epochs[0]?.epoch ?? r.generation;
    const last = r.epochs.at(-1)?.epoch ?? first;
    return first === last ? String(first) : `${first}–${last}`;
  }
  // Generation -1: derived from polling, which cannot see it.
  return r.synced ? (r.generation < 0 ? '?' : String(r.generation)) : r.endedIn === 'Empty' ? '→ Empty' : '…';
}

/** Roughly how wide a 10 px label is, so that labels are spaced by their length. */
const labelWidthPx = (text: string): number => text.length * 6 + 8;

/**
 * Labels for the rebalance windows that do not collide at `plotWidthPx`: a window closer than its
 * predecessor's label is wide (at least `minGapPx`) joins that label ("gen 3–5", "epoch 3–5"), so every
 * window is still named once. KIP-848 windows carry their causes ("epoch 4 · member joined"). Index-aligned
 * with `rebalances`.
 */
export function generationLabels(rebalances: RebalanceWindow[], start: number, end: number, plotWidthPx: number, minGapPx = 64): string[] {
  const span = Math.max(1, end - start);
  const x = (at: number): number => ((at - start) / span) * plotWidthPx;
  const labels = rebalances.map(() => '');
  let head = -1; // index of the window carrying the current label
  let first = '';
  for (const [i, r] of rebalances.entries()) {
    const anchor = rebalances[head];
    if (anchor && x(r.from) - x(anchor.from) < Math.max(minGapPx, labelWidthPx(labels[head] ?? ''))) {
      labels[head] = `${anchor.epochs ? 'epoch' : 'gen'} ${first}–${windowName(r).split('–').at(-1) ?? ''}`;
      continue;
    }
    head = i;
    first = windowName(r).split('–')[0] ?? '';
    const name = windowName(r);
    labels[i] = r.epochs ? `epoch ${name}${causeText(r) ? ` · ${causeText(r)}` : ''}` : r.synced ? `gen ${name}` : name;
  }
  return labels;
}

// Turns a group coordinator's event stream into a timeline: one implementation (timeline-model.ts) that a
// protocol-specific reducer drives — classic-timeline.ts for JoinGroup/SyncGroup generations,
// consumer-timeline.ts for KIP-848 epochs. A group that converted between protocols keeps one history.
import { reduceClassic, type ClassicState } from './classic-timeline.js';
import { reduceConsumer } from './consumer-timeline.js';
import { TimelineBuilder, type TimedGroupEvent, type Timeline } from './timeline-model.js';

export { isCooperative } from './classic-timeline.js';
export { generationLabels, summarize } from './timeline-model.js';
export type { LaneSegment, MemberLane, RebalanceSummary, RebalanceWindow, SegmentKind, TimedGroupEvent, Timeline } from './timeline-model.js';

export function buildTimeline(events: TimedGroupEvent[], now: number): Timeline {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const builder = new TimelineBuilder(now);
  const classic: ClassicState = { lastProtocol: null };
  for (const event of sorted) {
    if (reduceClassic(builder, classic, event)) builder.protocols.add('classic');
    else if (reduceConsumer(builder, event)) builder.protocols.add('consumer');
    else builder.shared(event);
  }
  return builder.build(sorted[0]?.at ?? now);
}

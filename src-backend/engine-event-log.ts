/** Ring buffer of recent engine events, for engine.events queries and the rebalance timeline. */

import type { EngineEventsQuery } from '../src-common/contract/engine.js';
import type { EngineEvent } from '../src-common/engine-events.js';

const CAPACITY = 5000;

export class EngineEventLog {
  private readonly events: EngineEvent[] = [];

  push(event: EngineEvent): void {
    this.events.push(event);
    if (this.events.length > CAPACITY) this.events.splice(0, this.events.length - CAPACITY);
  }

  query(q: EngineEventsQuery): EngineEvent[] {
    const limit = Math.min(Math.max(q.limit ?? 500, 1), CAPACITY);
    const types = q.types && q.types.length > 0 ? new Set<string>(q.types) : null;
    const out: EngineEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.events[i] as EngineEvent;
      if (q.since !== undefined && e.at <= q.since) continue;
      if (types && !types.has(e.type)) continue;
      if (q.group !== undefined && (!('group' in e) || e.group !== q.group)) continue;
      if (q.topic !== undefined && (!('topic' in e) || e.topic !== q.topic)) continue;
      out.push(e);
    }
    return out.reverse();
  }
}

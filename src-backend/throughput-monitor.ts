/**
 * Produce-rate samples per cluster, from the sum of high watermarks (works for any Kafka cluster). Sampling runs only
 * for clusters the GUI asked about in the last minute.
 */

import type { ThroughputSample } from '../src-common/engine-events.js';
import type { ClusterRegistry } from './cluster-registry.js';
import { mapLimit } from './concurrency.js';
import type { EventHub } from './event-hub.js';
import { LATEST_TIMESTAMP, listOffsets } from './kafka/offsets.js';

const INTERVAL_MS = 2000;
const WATCH_MS = 60_000;
const KEEP_SAMPLES = 300;
const MAX_TOPICS = 500;

interface Watched {
  until: number;
  lastTotal: number | null;
  lastAt: number;
  samples: ThroughputSample[];
  busy: boolean;
  /** Set when the engine measures throughput itself (embedded cluster): no polling then. */
  unsubscribeEngine: (() => void) | null;
}

export class ThroughputMonitor {
  private readonly watched = new Map<string, Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly events: EventHub,
    private readonly engineThroughput: (clusterId: string, listener: (s: ThroughputSample) => void) => (() => void) | null,
  ) {}

  /**
   * Watches the cluster for as long as the backend runs, so its chart has a few minutes of history before the GUI
   * first asks (used for the embedded broker, whose samples the engine pushes anyway; cheap).
   */
  keep(clusterId: string): void {
    this.samples(clusterId);
    const w = this.watched.get(clusterId);
    if (w) w.until = Number.POSITIVE_INFINITY;
  }

  /** Marks the cluster as watched and returns samples so far. */
  samples(clusterId: string, sinceMs?: number): ThroughputSample[] {
    let w = this.watched.get(clusterId);
    if (!w) {
      const watched: Watched = { until: 0, lastTotal: null, lastAt: 0, samples: [], busy: false, unsubscribeEngine: null };
      watched.unsubscribeEngine = this.engineThroughput(clusterId, (sample) => this.record(clusterId, watched, sample));
      this.watched.set(clusterId, watched);
      w = watched;
    }
    w.until = Math.max(w.until, Date.now() + WATCH_MS);
    this.timer ??= setInterval(() => void this.tick(), INTERVAL_MS);
    return sinceMs === undefined ? [...w.samples] : w.samples.filter((s) => s.at > sinceMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const w of this.watched.values()) w.unsubscribeEngine?.();
    this.watched.clear();
  }

  private record(clusterId: string, w: Watched, sample: ThroughputSample): void {
    w.samples.push(sample);
    if (w.samples.length > KEEP_SAMPLES) w.samples.shift();
    this.events.emit('metrics.throughput', { clusterId, sample });
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    for (const [clusterId, w] of this.watched) {
      if (w.until < now) {
        w.unsubscribeEngine?.();
        this.watched.delete(clusterId);
        continue;
      }
      if (w.busy || w.unsubscribeEngine) continue;
      w.busy = true;
      try {
        const total = await this.registry.use(clusterId, async (connection) => {
          const admin = await connection.admin();
          const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__')).slice(0, MAX_TOPICS);
          const metadata = await admin.fetchTopicMetadata({ topics });
          const sums = await mapLimit(metadata.topics, 8, async (t) => {
            const offsets = await listOffsets(connection, t.name, t.partitions.map((p) => p.partitionId), LATEST_TIMESTAMP);
            let sum = 0;
            for (const v of offsets.values()) sum += v;
            return sum;
          });
          return sums.reduce((a, b) => a + b, 0);
        });
        const at = Date.now();
        if (w.lastTotal !== null && at > w.lastAt) {
          const seconds = (at - w.lastAt) / 1000;
          this.record(clusterId, w, { at, produceRecords: Math.max(0, total - w.lastTotal) / seconds, produceBytes: 0, fetchBytes: 0 });
        }
        w.lastTotal = total;
        w.lastAt = at;
      } catch {
        // Unreachable clusters show up in clusters.changed; the chart just has a gap.
      } finally {
        w.busy = false;
      }
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

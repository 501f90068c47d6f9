/**
 * The retention check Kafka runs every log.retention.check.interval.ms: for each partition, plan with
 * `planRetention` and delete the planned segments through their `.deleted` files. The same pass forgets
 * producers idle for producer.id.expiration.ms (Kafka checks every 10 minutes, the retention check's default
 * is 5).
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionState } from '../cluster/topics.js';
import { brokerConfigNumber } from '../config/broker-config.js';
import { clusterBrokerLayers, topicConfigOf } from '../config/cluster-configs.js';
import { deleteOldestSegments } from '../storage/log-maintenance.js';
import type { FileDeleter } from './file-deleter.js';
import { planRetention } from './retention.js';

export class RetentionTask {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly cluster: Cluster, private readonly deleter: FileDeleter, private readonly intervalMs: number) {}

  start(): void {
    this.timer = setInterval(() => {
      try {
        this.runOnce(Date.now());
      } catch (err) {
        this.cluster.log.warn(`retention: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over every partition; returns how many segments were deleted. */
  runOnce(now: number): number {
    let deleted = 0;
    const producerExpirationMs = brokerConfigNumber('producer.id.expiration.ms', clusterBrokerLayers(this.cluster));
    for (const topic of this.cluster.topics.byName.values()) {
      const config = topicConfigOf(this.cluster, topic.configOverrides);
      for (const p of topic.partitions) {
        deleted += this.applyTo(p, config, now);
        p.log.producerState.removeExpiredProducers(now, producerExpirationMs);
      }
    }
    return deleted;
  }

  private applyTo(p: PartitionState, config: ReturnType<typeof topicConfigOf>, now: number): number {
    const plan = planRetention(p.log.segments(), config, p.log.logStartOffset, now);
    if (plan.count === 0 || plan.reason === null) return 0;
    const baseOffsets = deleteOldestSegments(p.log, plan.count, config.fileDeleteDelayMs, this.deleter.deleteLater);
    if (baseOffsets.length > 0) {
      this.cluster.events.publish({ type: 'segments-deleted', topic: p.topic.name, partition: p.index, baseOffsets, reason: plan.reason });
    }
    return baseOffsets.length;
  }
}

/**
 * Log management for one cluster: the retention task, the log cleaner and delayed file deletion,
 * constructed and held by the Cluster (`cluster.logManagement`) and stopped with it, plus the read-only
 * views the GUI shows (segments with time ranges, what retention deletes next and when, dirty ratio
 * vs threshold, cleaner runs with before/after sizes).
 */
import type { Cluster } from '../cluster/cluster.js';
import { brokerConfigNumber, brokerConfigValue } from '../config/broker-config.js';
import { clusterBrokerLayers, topicConfigOf } from '../config/cluster-configs.js';
import type { SegmentInfo } from '../storage/partition-log.js';
import { FileDeleter } from './file-deleter.js';
import { RetentionTask } from './retention-task.js';
import { forecastRetention, type SegmentForecast } from './retention.js';
import { LogCleaner, type CleanerPartitionInsight, type CleanerRun } from './cleaner/log-cleaner.js';
import { forecastTopicLog, type TopicConfigChanges, type TopicLogForecast } from './forecast.js';

export type { LogForecast, PartitionForecast, TopicConfigChanges, TopicLogForecast } from './forecast.js';

export interface LogManagement {
  readonly retention: RetentionTask;
  readonly cleaner: LogCleaner;
  readonly deleter: FileDeleter;
}

/** Starts the cluster's retention task and cleaner; they stop with the cluster. */
export function startLogManagement(cluster: Cluster): LogManagement {
  const layers = () => clusterBrokerLayers(cluster);
  const deleter = new FileDeleter();
  const retention = new RetentionTask(cluster, deleter, brokerConfigNumber('log.retention.check.interval.ms', layers()));
  const cleaner = new LogCleaner(cluster, deleter, () => brokerConfigNumber('log.cleaner.backoff.ms', layers()),
    () => brokerConfigNumber('log.cleaner.dedupe.buffer.size', layers()));
  const lm = { retention, cleaner, deleter };
  retention.start();
  if (brokerConfigValue('log.cleaner.enable', layers()) !== false) cleaner.start();
  cluster.onStop(async () => {
    retention.stop();
    await cleaner.stop();
    deleter.flush();
  });
  return lm;
}

export type SegmentInsight = SegmentInfo & SegmentForecast;

export interface PartitionLogManagementInsight {
  readonly topic: string;
  readonly partition: number;
  readonly cleanupPolicy: { readonly delete: boolean; readonly compact: boolean };
  readonly retentionMs: number;
  readonly retentionBytes: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly sizeBytes: number;
  /** Oldest first, each with what retention will do to it. */
  readonly segments: SegmentInsight[];
  /** The next time-based deletion (null: nothing expires by time). */
  readonly nextRetentionAt: number | null;
  readonly cleaner: CleanerPartitionInsight | null;
  /** `.deleted` files still waiting for file.delete.delay.ms. */
  readonly pendingDeletes: string[];
}

/** One row per partition for a cluster-wide log maintenance view. */
export interface LogManagementSummary {
  readonly topic: string;
  readonly partition: number;
  readonly cleanupPolicy: { readonly delete: boolean; readonly compact: boolean };
  readonly sizeBytes: number;
  readonly segmentCount: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** Segments the next retention check deletes. */
  readonly segmentsDeletableNow: number;
  readonly nextRetentionAt: number | null;
  /** Compacted partitions only (null otherwise). */
  readonly dirtyRatio: number | null;
  readonly minCleanableDirtyRatio: number | null;
  readonly lastCleanedAt: number | null;
}

export interface LogManagementInsight {
  /** Segments, retention forecast and cleaner state of one partition; null if it does not exist. */
  logManagement(topic: string, partition: number): PartitionLogManagementInsight | null;
  /**
   * Runs the log cleaner on one partition now (GUI "compact now"; on the cleaner's thread, after any pass in
   * progress); null if it does not exist.
   */
  compactNow(topic: string, partition: number): Promise<CleanerRun | null>;
  /** Runs one retention pass now; returns how many segments were deleted. */
  enforceRetentionNow(): number;
  /** Every partition's retention and cleaner state at a glance, sorted by topic and partition. */
  logManagementSummary(): LogManagementSummary[];
  /** The log cleaner's latest runs across all partitions, oldest first (at most 100). */
  cleanerRuns(): CleanerRun[];
  /**
   * What retention and the cleaner would do to a topic now and with these override changes, without applying
   * them (the config editor's what-if); null if the topic does not exist.
   */
  forecastLogManagement(topic: string, changes: TopicConfigChanges): TopicLogForecast | null;
}

export function createLogManagementInsight(cluster: Cluster): LogManagementInsight {
  const logManagement = (topic: string, partition: number): PartitionLogManagementInsight | null => {
    const p = cluster.partition(topic, partition);
    if (!p) return null;
    const lm = cluster.logManagement;
    const now = Date.now();
    const config = topicConfigOf(cluster, p.topic.configOverrides);
    const infos = p.log.segments();
    const forecast = forecastRetention(infos, config, p.log.logStartOffset, now);
    const segments = infos.map((s, i) => ({ ...s, ...(forecast[i] as SegmentForecast) }));
    const future = segments.map((s) => s.expiresAt).filter((t): t is number => t !== null && t > now);
    const dir = p.log.dir;
    return {
      topic,
      partition,
      cleanupPolicy: config.cleanupPolicy,
      retentionMs: config.retentionMs,
      retentionBytes: config.retentionBytes,
      logStartOffset: p.log.logStartOffset,
      logEndOffset: p.log.logEndOffset,
      sizeBytes: p.log.sizeInBytes,
      segments,
      nextRetentionAt: future.length > 0 ? Math.min(...future) : null,
      cleaner: config.cleanupPolicy.compact ? lm.cleaner.insight(topic, partition, now) : null,
      pendingDeletes: lm.deleter.pendingFiles().filter((f) => f.startsWith(dir)),
    };
  };
  return {
    logManagement,
    logManagementSummary() {
      const out: LogManagementSummary[] = [];
      const names = [...cluster.topics.byName.keys()].sort();
      for (const name of names) {
        const topic = cluster.topic(name);
        for (const p of topic?.partitions ?? []) {
          const view = logManagement(name, p.index);
          if (!view) continue;
          out.push({
            topic: name,
            partition: p.index,
            cleanupPolicy: view.cleanupPolicy,
            sizeBytes: view.sizeBytes,
            segmentCount: view.segments.length,
            logStartOffset: view.logStartOffset,
            logEndOffset: view.logEndOffset,
            segmentsDeletableNow: view.segments.filter((s) => s.deletableNow).length,
            nextRetentionAt: view.nextRetentionAt,
            dirtyRatio: view.cleaner?.dirtyRatio ?? null,
            minCleanableDirtyRatio: view.cleaner?.threshold ?? null,
            lastCleanedAt: view.cleaner?.lastRun?.startedAt ?? null,
          });
        }
      }
      return out;
    },
    compactNow(topic, partition) {
      return cluster.logManagement.cleaner.cleanNow(topic, partition);
    },
    enforceRetentionNow() {
      return cluster.logManagement.retention.runOnce(Date.now());
    },
    cleanerRuns() {
      return [...cluster.logManagement.cleaner.recentRuns()];
    },
    forecastLogManagement(topic, changes) {
      return forecastTopicLog(cluster, cluster.logManagement.cleaner, topic, changes, Date.now());
    },
  };
}

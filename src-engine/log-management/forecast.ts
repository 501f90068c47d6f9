/**
 * What retention and the log cleaner would do to a topic's partitions with its current config and
 * with a proposed change of its overrides, computed without applying anything. It runs the very
 * planning the retention task and the cleaner use (forecastRetention, cleanableRange), so the GUI's
 * what-if can never disagree with what the broker then does.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionState } from '../cluster/topics.js';
import { clusterBrokerLayers, topicConfigOf } from '../config/cluster-configs.js';
import { effectiveTopicConfig, validateTopicConfigs, type ConfigProblem, type TopicConfig } from '../config/topic-config.js';
import type { LogCleaner } from './cleaner/log-cleaner.js';
import type { CleanReason } from './cleaner/cleanable.js';
import { forecastRetention, type RetentionReason } from './retention.js';

/** Proposed override changes: a value sets the override, null removes it (back to the broker default). */
export type TopicConfigChanges = Readonly<Record<string, string | null>>;

export interface PartitionForecast {
  readonly partition: number;
  /** Segments (and their bytes) the next retention check deletes. */
  readonly segmentsDeletable: number;
  readonly bytesDeletable: number;
  /** Deletable segments per reason. */
  readonly byReason: Readonly<Record<RetentionReason, number>>;
  /** The next time-based deletion after now (null: nothing expires by time). */
  readonly nextRetentionAt: number | null;
  /** Null unless cleanup.policy includes compact. */
  readonly cleaner: {
    readonly dirtyRatio: number;
    readonly threshold: number;
    readonly eligible: boolean;
    readonly reason: CleanReason | null;
  } | null;
}

export interface LogForecast {
  readonly cleanupPolicy: { readonly delete: boolean; readonly compact: boolean };
  readonly retentionMs: number;
  readonly retentionBytes: number;
  readonly partitions: readonly PartitionForecast[];
  readonly segmentsDeletable: number;
  readonly bytesDeletable: number;
  /** Partitions where the next retention check deletes something. */
  readonly partitionsAffected: number;
  /** Compacted partitions the cleaner would pick now. */
  readonly partitionsCleanable: number;
}

export interface TopicLogForecast {
  readonly topic: string;
  readonly at: number;
  readonly current: LogForecast;
  /** Null when the proposed changes are invalid (see problems). */
  readonly proposed: LogForecast | null;
  /** Why the proposed changes would be refused (Kafka's wording), empty when they are valid. */
  readonly problems: readonly ConfigProblem[];
}

function forecastPartition(p: PartitionState, config: TopicConfig, cleaner: LogCleaner, now: number): PartitionForecast {
  const segments = p.log.segments();
  const forecast = forecastRetention(segments, config, p.log.logStartOffset, now);
  const byReason: Record<RetentionReason, number> = { 'retention.ms': 0, 'retention.bytes': 0, 'log-start-offset': 0 };
  let segmentsDeletable = 0;
  let bytesDeletable = 0;
  let nextRetentionAt: number | null = null;
  forecast.forEach((f, i) => {
    if (f.deletableNow) {
      segmentsDeletable++;
      bytesDeletable += segments[i]?.sizeBytes ?? 0;
      if (f.reason) byReason[f.reason]++;
    } else if (f.expiresAt !== null && f.expiresAt > now && (nextRetentionAt === null || f.expiresAt < nextRetentionAt)) {
      nextRetentionAt = f.expiresAt;
    }
  });
  const clean = config.cleanupPolicy.compact ? cleaner.cleanable(p, now, config) : null;
  return {
    partition: p.index, segmentsDeletable, bytesDeletable, byReason, nextRetentionAt,
    cleaner: clean ? { dirtyRatio: clean.dirtyRatio, threshold: clean.threshold, eligible: clean.eligible, reason: clean.reason } : null,
  };
}

function forecastTopicWith(partitions: readonly PartitionState[], config: TopicConfig, cleaner: LogCleaner, now: number): LogForecast {
  const rows = partitions.map((p) => forecastPartition(p, config, cleaner, now));
  return {
    cleanupPolicy: config.cleanupPolicy,
    retentionMs: config.retentionMs,
    retentionBytes: config.retentionBytes,
    partitions: rows,
    segmentsDeletable: rows.reduce((sum, r) => sum + r.segmentsDeletable, 0),
    bytesDeletable: rows.reduce((sum, r) => sum + r.bytesDeletable, 0),
    partitionsAffected: rows.filter((r) => r.segmentsDeletable > 0).length,
    partitionsCleanable: rows.filter((r) => r.cleaner?.eligible === true).length,
  };
}

/** The forecast for a topic now and with `changes` applied to its overrides; null if the topic does not exist. */
export function forecastTopicLog(cluster: Cluster, cleaner: LogCleaner, topicName: string, changes: TopicConfigChanges, now: number): TopicLogForecast | null {
  const topic = cluster.topic(topicName);
  if (!topic) return null;
  const current = forecastTopicWith(topic.partitions, topicConfigOf(cluster, topic.configOverrides), cleaner, now);
  const proposedOverrides: Record<string, string> = Object.fromEntries(topic.configOverrides);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete proposedOverrides[name];
    else proposedOverrides[name] = value;
  }
  const layers = clusterBrokerLayers(cluster);
  const problems = validateTopicConfigs(proposedOverrides, layers);
  const proposed = problems.length > 0 ? null : forecastTopicWith(topic.partitions, effectiveTopicConfig(proposedOverrides, layers), cleaner, now);
  return { topic: topicName, at: now, current, proposed, problems };
}

/**
 * Bridges topic/broker config overrides to the storage layer's LogSettings.
 * The full config catalogue (names, types, validation, docs) lives in src-engine/config/;
 * this is the single place the cluster asks "what settings does this log run with?".
 */
import { type LogSettings } from '../storage/partition-log.js';
import { LONG_MAX } from '../config/config-def.js';
import { effectiveTopicConfig, validateTopicConfigs as validateConfigs, type TopicConfig } from '../config/topic-config.js';

/** Storage settings from the effective topic config (Kafka's LogConfig -> what the log needs). */
export function toLogSettings(c: TopicConfig): LogSettings {
  // Kafka 4 bounds timestamps only by before/after.max.ms (KIP-937 removed the 'difference' config).
  const before = c.messageTimestampBeforeMaxMs;
  const after = c.messageTimestampAfterMaxMs;
  return {
    segmentBytes: c.segmentBytes,
    // Kafka's maxSegmentMs: a compacted log also rolls in time for max.compaction.lag.ms.
    segmentMs: c.cleanupPolicy.compact ? Math.min(c.segmentMs, c.maxCompactionLagMs) : c.segmentMs,
    segmentIndexBytes: c.segmentIndexBytes,
    indexIntervalBytes: c.indexIntervalBytes,
    messageTimestampType: c.messageTimestampType,
    maxMessageBytes: c.maxMessageBytes,
    ...(before < LONG_MAX ? { messageTimestampBeforeMaxMs: before } : {}),
    ...(after < LONG_MAX ? { messageTimestampAfterMaxMs: after } : {}),
    ...(c.flushMessages < LONG_MAX ? { flushIntervalMessages: c.flushMessages } : {}),
    ...(c.flushMs < LONG_MAX ? { flushIntervalMs: c.flushMs } : {}),
  };
}

/**
 * One topic's effective config and log settings, owned by its TopicState. Logs ask on every append and
 * produce/fetch on every request, so the result is kept until the topic's overrides (mutated in place:
 * compared by content) or the broker configs (replaced on change: compared by identity) change.
 */
export class TopicSettings {
  private last: { signature: string; broker: ReadonlyMap<string, string>; config: TopicConfig; settings: LogSettings } | null = null;

  constructor(private readonly overrides: ReadonlyMap<string, string>) {}

  /** `broker`: every broker-level config in force (static and dynamic), Kafka-named. */
  config(broker: ReadonlyMap<string, string>): TopicConfig {
    return this.resolve(broker).config;
  }

  logSettings(broker: ReadonlyMap<string, string>): LogSettings {
    return this.resolve(broker).settings;
  }

  private resolve(broker: ReadonlyMap<string, string>): { config: TopicConfig; settings: LogSettings } {
    const signature = signatureOf(this.overrides);
    if (this.last && this.last.broker === broker && this.last.signature === signature) return this.last;
    const config = effectiveTopicConfig(Object.fromEntries(this.overrides), { dynamicDefault: Object.fromEntries(broker) });
    this.last = { signature, broker, config, settings: toLogSettings(config) };
    return this.last;
  }
}

function signatureOf(overrides: ReadonlyMap<string, string>): string {
  let s = '';
  for (const [k, v] of overrides) s += `${k}=${v}\n`;
  return s;
}

/** Returns a message naming every invalid override (Kafka's wording), or null. */
export function validateTopicConfigs(configs: ReadonlyMap<string, string>): string | null {
  const problems = validateConfigs(Object.fromEntries(configs));
  return problems.length === 0 ? null : problems.map((p) => p.message).join('; ');
}

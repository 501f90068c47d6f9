/**
 * Bridges topic/broker config overrides to the storage layer's LogSettings.
 * The full config catalogue (names, types, validation, docs) lives in src-engine/config/;
 * this is the single place the cluster asks "what settings does this log run with?".
 */
import { type LogSettings } from '../storage/partition-log.js';
import { LONG_MAX } from '../config/config-def.js';
import { effectiveTopicConfig, validateTopicConfigs as validateConfigs, type TopicConfig } from '../config/topic-config.js';

/** Logs ask for their settings on every append: cache by the (small) config maps' contents. */
const cache = new WeakMap<ReadonlyMap<string, string>, { signature: string; broker: ReadonlyMap<string, string>; config: TopicConfig; settings: LogSettings }>();

/** Topic overrides are mutated in place, so they are compared by content; broker maps are replaced, so by identity. */
function signatureOf(topic: ReadonlyMap<string, string>): string {
  let s = '';
  for (const [k, v] of topic) s += `${k}=${v}\n`;
  return s;
}

/** Storage settings from the effective topic config (Kafka's LogConfig -> what the log needs). */
export function toLogSettings(c: TopicConfig): LogSettings {
  // The deprecated message.timestamp.difference.max.ms bounds both directions (KIP-937).
  const before = Math.min(c.messageTimestampBeforeMaxMs, c.messageTimestampDifferenceMaxMs);
  const after = Math.min(c.messageTimestampAfterMaxMs, c.messageTimestampDifferenceMaxMs);
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

function resolve(topic: ReadonlyMap<string, string>, broker: ReadonlyMap<string, string>): { config: TopicConfig; settings: LogSettings } {
  const signature = signatureOf(topic);
  const hit = cache.get(topic);
  if (hit && hit.broker === broker && hit.signature === signature) return hit;
  const config = effectiveTopicConfig(Object.fromEntries(topic), { dynamicDefault: Object.fromEntries(broker) });
  const entry = { signature, broker, config, settings: toLogSettings(config) };
  cache.set(topic, entry);
  return entry;
}

/** `broker`: every broker-level config in force (static and dynamic), Kafka-named. */
export function logSettingsFor(topic: ReadonlyMap<string, string>, broker: ReadonlyMap<string, string>): LogSettings {
  return resolve(topic, broker).settings;
}

/** Returns a message naming every invalid override (Kafka's wording), or null. */
export function validateTopicConfigs(configs: ReadonlyMap<string, string>): string | null {
  const problems = validateConfigs(Object.fromEntries(configs));
  return problems.length === 0 ? null : problems.map((p) => p.message).join('; ');
}

/** The effective topic config, cached like the log settings (produce asks on every request). */
export function topicConfigFor(topic: ReadonlyMap<string, string>, broker: ReadonlyMap<string, string>): TopicConfig {
  return resolve(topic, broker).config;
}

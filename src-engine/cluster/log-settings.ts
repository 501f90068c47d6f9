/**
 * Bridges topic/broker config overrides to the storage layer's LogSettings.
 * The full config catalogue (names, types, validation, docs) lives in src-engine/config/;
 * this is the single place the cluster asks "what settings does this log run with?".
 */
import { DEFAULT_LOG_SETTINGS, type LogSettings } from '../storage/partition-log.js';

function num(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

export function logSettingsFor(topic: ReadonlyMap<string, string>, broker: ReadonlyMap<string, string>): LogSettings {
  const get = (topicName: string, brokerName: string): string | undefined => topic.get(topicName) ?? broker.get(brokerName);
  const tsType = get('message.timestamp.type', 'log.message.timestamp.type');
  return {
    ...DEFAULT_LOG_SETTINGS,
    segmentBytes: num(get('segment.bytes', 'log.segment.bytes'), DEFAULT_LOG_SETTINGS.segmentBytes),
    segmentMs: num(get('segment.ms', 'log.roll.ms'), DEFAULT_LOG_SETTINGS.segmentMs),
    segmentIndexBytes: num(get('segment.index.bytes', 'log.index.size.max.bytes'), DEFAULT_LOG_SETTINGS.segmentIndexBytes),
    indexIntervalBytes: num(get('index.interval.bytes', 'log.index.interval.bytes'), DEFAULT_LOG_SETTINGS.indexIntervalBytes),
    maxMessageBytes: num(get('max.message.bytes', 'message.max.bytes'), DEFAULT_LOG_SETTINGS.maxMessageBytes),
    messageTimestampType: tsType === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
  };
}

/** Returns a message naming the first invalid override, or null. */
export function validateTopicConfigs(configs: ReadonlyMap<string, string>): string | null {
  for (const [name, value] of configs) {
    if (value === '') return `Invalid value "" for configuration ${name}`;
  }
  return null;
}

/** cleanup.policy contains "compact" (records then need keys). */
export function cleanupPolicyCompacts(topic: ReadonlyMap<string, string>, broker: ReadonlyMap<string, string>): boolean {
  const policy = topic.get('cleanup.policy') ?? broker.get('log.cleanup.policy') ?? 'delete';
  return policy.split(',').some((p) => p.trim() === 'compact');
}

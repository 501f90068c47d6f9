/** The per-partition settings the storage layer runs with (Kafka topic config names in comments). */
export interface LogSettings {
  /** segment.bytes: roll when the active segment would exceed this. */
  segmentBytes: number;
  /** segment.ms: roll when the active segment's first batch is older than this. */
  segmentMs: number;
  /** segment.index.bytes: capacity of each index file (offset: /8 entries, time: /12). */
  segmentIndexBytes: number;
  /** index.interval.bytes: bytes between sparse index entries. */
  indexIntervalBytes: number;
  /** message.timestamp.type */
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** max.message.bytes: largest batch accepted (incl. 12-byte log overhead). */
  maxMessageBytes: number;
  /** message.timestamp.before.max.ms (unset = unlimited). */
  messageTimestampBeforeMaxMs?: number;
  /** message.timestamp.after.max.ms (unset = unlimited). */
  messageTimestampAfterMaxMs?: number;
  /** flush.messages: fsync after this many appended records (unset = never; rely on the page cache). */
  flushIntervalMessages?: number;
  /** flush.ms: fsync when the last flush is older than this (checked on append). */
  flushIntervalMs?: number;
}

/** Kafka's defaults (LogConfig / ServerLogConfigs). */
export const DEFAULT_LOG_SETTINGS: Readonly<LogSettings> = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  segmentIndexBytes: 10 * 1024 * 1024,
  indexIntervalBytes: 4096,
  messageTimestampType: 'CreateTime' as const,
  maxMessageBytes: 1024 * 1024 + 12,
});

/** Browsing, searching, tailing, exporting and producing messages. */

import type { DecodedPayload, ProduceSchema } from './schema-registry.js';

/**
 * Binary data (keys, values, header values). `base64` is the raw bytes (possibly truncated, see `truncated`); `text`
 * is a UTF-8 decoding when the bytes are valid UTF-8; `format` says how the GUI should show it by default.
 */
export interface Payload {
  base64: string;
  /** Full size in bytes, even when base64 holds only a prefix. */
  size: number;
  /** True when base64/text hold only the first maxPayloadBytes bytes (fetch the full one with messages.get). */
  truncated: boolean;
  text: string | null;
  format: 'json' | 'text' | 'binary' | 'empty';
  /** The topic's decoding applied (see TopicDecoding); absent when the call did not decode. */
  decoded?: DecodedPayload;
}

export interface MessageHeader {
  key: string;
  value: Payload | null;
}

export interface KafkaMessage {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'create' | 'log-append';
  key: Payload | null;
  /** Null = tombstone. */
  value: Payload | null;
  headers: MessageHeader[];
  /** Approximate record size (key + value + headers). */
  size: number;
}

/** Where a page or scan starts, applied to every selected partition. */
export type StartPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  /** First record with timestamp >= this (ListOffsets by time). */
  | { kind: 'timestamp'; timestamp: number }
  /** The newest `count` records of each partition. */
  | { kind: 'latest-n'; count: number };

/** Where a scan stops (inclusive bounds are offsets < the resolved end). */
export type EndPosition =
  /** The high watermark at the moment the scan starts (new records arriving during the scan are not included). */
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'timestamp'; timestamp: number };

export type Direction = 'forward' | 'backward';

/**
 * 'read_uncommitted' (default): every record up to the high watermark, including those of aborted and still-open
 * transactions. 'read_committed': what a read_committed consumer sees: aborted records hidden, reading stops at the
 * last stable offset.
 */
export type Isolation = 'read_uncommitted' | 'read_committed';

/** 'all' or an explicit list of partition numbers. */
export type PartitionSelection = 'all' | number[];

export interface MessagesPageParams {
  clusterId: string;
  topic: string;
  partitions: PartitionSelection;
  /** Ignored when cursor is set. */
  start: StartPosition;
  /**
   * forward: oldest first from start; backward: newest first, going back from start (for backward, 'latest' is the
   * usual start).
   */
  direction: Direction;
  /** 1..1000, default 100. */
  pageSize: number;
  /** From a previous page's `nextCursor`/`previousCursor`; when set, start/direction/partitions come from it. */
  cursor?: string;
  /** Payload bytes sent per key/value/header before truncating (default 64 KiB). */
  maxPayloadBytes?: number;
  isolation?: Isolation;
}

/** Offsets a page covered in one partition: records with from <= offset < to were read. */
export interface PartitionRange {
  partition: number;
  from: number;
  to: number;
  logStartOffset: number;
  logEndOffset: number;
}

export interface MessagesPage {
  /** In display order: ascending (timestamp, partition, offset) for forward, descending for backward. */
  messages: KafkaMessage[];
  direction: Direction;
  /**
   * Continue in the same direction. Forward: always set (records may arrive later; see reachedEnd). Backward: null
   * once every partition reached its log start.
   */
  nextCursor: string | null;
  /** Go the other way from this page's boundary; null when there is nothing on that side. */
  previousCursor: string | null;
  ranges: PartitionRange[];
  /** True when fewer than pageSize records exist past this page in `direction`. */
  reachedEnd: boolean;
}

// ---- filters -------------------------------------------------------------------------------------------------------

export type TextOp = 'contains' | 'not-contains' | 'equals' | 'not-equals' | 'starts-with' | 'regex';

export type FilterCondition =
  | { field: 'key' | 'value'; op: TextOp; text: string; caseSensitive?: boolean }
  | { field: 'key' | 'value'; op: 'is-null' | 'not-null' }
  /** Header by name; without `op`, matches when the header exists. */
  | { field: 'header'; name: string; op?: TextOp; text?: string; caseSensitive?: boolean }
  /**
   * A JSON path into the key or value parsed as JSON: `$.a.b`, `$.items[0].id`, `$["weird key"]`. Non-JSON records
   * do not match (they are counted in ScanStats.unparseable).
   */
  | {
      field: 'json';
      target: 'key' | 'value';
      path: string;
      op: 'exists' | 'not-exists' | 'equals' | 'not-equals' | 'contains' | 'regex' | 'gt' | 'gte' | 'lt' | 'lte';
      /** Compared as JSON value for equals/gt/...; as string for contains/regex. */
      value?: string | number | boolean | null;
    }
  | { field: 'timestamp'; from?: number; to?: number }
  | { field: 'tombstone'; is: boolean };

export interface MessageFilter {
  match: 'all' | 'any';
  conditions: FilterCondition[];
}

/** What a scan looked at, per partition, so "no results" can be told apart from "did not look". */
export interface PartitionScanStats {
  partition: number;
  /** Range the scan was asked to cover: from <= offset < to. */
  from: number;
  to: number;
  /** Offset the scan has reached so far (next offset to read; == to when done). */
  position: number;
  scanned: number;
  matched: number;
}

export interface ScanStats {
  scanned: number;
  matched: number;
  scannedBytes: number;
  /**
   * Records whose JSON condition could not be evaluated because the payload was not JSON. (A payload shaped like a
   * JSON object or array that lacks a literal the condition needs is rejected without parsing, so a malformed one
   * is not counted.)
   */
  unparseable: number;
  partitions: PartitionScanStats[];
  elapsedMs: number;
}

export interface SearchParams {
  clusterId: string;
  topic: string;
  partitions: PartitionSelection;
  from: StartPosition;
  to: EndPosition;
  filter: MessageFilter;
  /**
   * Stop after this many matches (1..10000, default 500) or 128 MiB of held matches; stopReason tells whether the
   * range was exhausted ('range-end') or the search stopped early ('max-matches').
   */
  maxMatches?: number;
  maxPayloadBytes?: number;
  isolation?: Isolation;
}

export interface SearchResultsPage {
  taskId: string;
  /** Matches [offset, offset + messages.length) in the order found (per partition ascending). */
  messages: KafkaMessage[];
  total: number;
  done: boolean;
}

// ---- tail ----------------------------------------------------------------------------------------------------------

export interface TailParams {
  clusterId: string;
  topic: string;
  partitions: PartitionSelection;
  /** Usually 'latest'; 'latest-n' shows some history before live records. Ignored when cursor is set. */
  start: StartPosition;
  /** Resume exactly where a stopped tail left off (a TailBatch.cursor) or continue after a forward page (nextCursor). */
  cursor?: string;
  filter?: MessageFilter;
  maxPayloadBytes?: number;
  isolation?: Isolation;
}

export interface TailBatch {
  tailId: string;
  messages: KafkaMessage[];
  /** Records dropped because the GUI could not keep up (the tail sends at most ~1000 records/s). */
  dropped: number;
  /** Forward cursor just past the records delivered so far: pass to tailStart (resume) or messages.page. */
  cursor: string;
}

// ---- export --------------------------------------------------------------------------------------------------------

export type ExportFormat = 'json' | 'jsonl' | 'csv';

export interface ExportParams {
  clusterId: string;
  topic: string;
  partitions: PartitionSelection;
  from: StartPosition;
  to: EndPosition;
  filter?: MessageFilter;
  format: ExportFormat;
  /**
   * 'text' writes keys/values as UTF-8 text (binary ones as base64 with a marker); 'base64' always base64.
   */
  payloadEncoding: 'text' | 'base64';
  /** Electron: the path host.pickSavePath returned (a typed path is refused); null: a temporary file served once from ExportResult.downloadUrl. */
  path: string | null;
  /** Stop after this many records (default unlimited). */
  maxRecords?: number;
  isolation?: Isolation;
  /**
   * Write schema-decoded keys/values (Avro, Protobuf, JSON Schema, per the topic's decoding) as JSON with their schema
   * id (`keySchemaId`/`valueSchemaId`), default true; false writes every payload as its bytes.
   */
  decoded?: boolean;
}

export interface ExportResult {
  filePath: string;
  records: number;
  bytes: number;
  /** Relative URL (HTTP transport only) to download a temp-file export; null otherwise. */
  downloadUrl: string | null;
}

// ---- copy / replay -------------------------------------------------------------------------------------------------

/**
 * Re-produce a range of records (optionally filtered) to a topic on the same or another cluster: replay, DLQ redrive,
 * or "copy a slice of a remote topic into the embedded broker". Keys, values and headers are copied byte for byte.
 */
export interface CopyParams {
  clusterId: string;
  topic: string;
  partitions: PartitionSelection;
  from: StartPosition;
  to: EndPosition;
  filter?: MessageFilter;
  target: {
    clusterId: string;
    topic: string;
    /** 'same': record from partition p goes to partition p (the target needs enough partitions); 'by-key': partitioner. */
    partitioning: 'same' | 'by-key';
    /** Keep the original CreateTime (default true); false = the time of copying. */
    preserveTimestamps?: boolean;
  };
  maxRecords?: number;
  isolation?: Isolation;
}

export interface CopyResult {
  targetClusterId: string;
  targetTopic: string;
  records: number;
  bytes: number;
}

// ---- import --------------------------------------------------------------------------------------------------------

/** Produce the records of a JSON or JSONL file written by messages.export (CSV is not re-importable). */
export interface ImportParams {
  /** Electron: the path host.pickOpenPath returned (a typed path is refused). Give this or uploadId. */
  path?: string;
  /** Browser mode: the id POST /api/upload answered with (the backend's own temporary copy of the file). */
  uploadId?: string;
  clusterId: string;
  topic: string;
  /** 'same': each record to the partition it was exported from; 'by-key': the partitioner decides. */
  partitioning: 'same' | 'by-key';
  /** Keep the exported timestamps (default true). */
  preserveTimestamps?: boolean;
  /** How the export wrote payloads (ExportParams.payloadEncoding). */
  payloadEncoding: 'text' | 'base64';
}

// ---- produce -------------------------------------------------------------------------------------------------------

/** Bytes to produce: UTF-8 text, or base64 for binary. */
export interface PayloadInput {
  encoding: 'text' | 'base64';
  data: string;
}

export interface ProduceParams {
  clusterId: string;
  topic: string;
  /** Null = choose by key (murmur2, Java-compatible) or round-robin without a key. */
  partition: number | null;
  key: PayloadInput | null;
  /** Null = tombstone. */
  value: PayloadInput | null;
  headers?: { key: string; value: PayloadInput | null }[];
  /** Send N identical copies (1..100000, default 1). */
  copies?: number;
  timestamp?: number;
  compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  acks?: -1 | 0 | 1;
  /**
   * Encode the key and/or value with a registry schema: its PayloadInput is then JSON text, validated against the
   * schema and written in Confluent's wire format (magic byte, schema id, [message indexes,] payload).
   */
  keySchema?: ProduceSchema;
  valueSchema?: ProduceSchema;
}

export interface ProduceResult {
  count: number;
  /** Offsets assigned, one entry per produced batch/partition (first record's offset). */
  written: { partition: number; baseOffset: number; count: number }[];
}

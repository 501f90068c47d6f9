/**
 * Typed access to the kafkajs internals the public API lacks: a Cluster to send Fetch/ListOffsets straight to
 * partition leaders (no consumer group, so browsing is instant and never joins a group), and a way to send
 * requests kafkajs has no method for (OffsetDelete). kafkajs 2.x has been stable since 2022; these are its
 * `src/` modules, pinned by package-lock.
 */

import { createRequire } from 'node:module';
import type { KafkaConfig, logLevel } from 'kafkajs';

const require = createRequire(import.meta.url);

export interface RawRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | null>;
  isControlRecord: boolean;
  batchContext: { timestampType?: number; inTransaction?: boolean; producerId?: string };
}

export interface RawFetchPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  logStartOffset?: string;
  lastStableOffset?: string;
  abortedTransactions?: { producerId: string; firstOffset: string }[];
  messages: RawRecord[];
}

export interface RawFetchResponse {
  responses: { topicName: string; partitions: RawFetchPartition[] }[];
}

export interface RawListOffsetsResponse {
  responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string; timestamp?: string }[] }[];
}

export interface RawProtocolRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode(): Promise<{ buffer: Buffer }>;
}
export interface RawProtocolResponse<T> {
  decode(raw: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<T>;
}

export interface RawBroker {
  nodeId: number;
  /** ApiVersions of this broker, keyed by API key (set once connected). */
  versions?: Record<number, { minVersion: number; maxVersion: number }> | null;
  fetch(args: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number; logStartOffset?: string }[] }[];
  }): Promise<RawFetchResponse>;
  listOffsets(args: {
    replicaId: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<RawListOffsetsResponse>;
  deleteRecords(args: { topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<{
    topics: { topic: string; partitions: { partition: number; lowWatermark: string; errorCode: number }[] }[];
  }>;
  connectionPool: {
    send<T>(args: { request: RawProtocolRequest; response: RawProtocolResponse<T> }): Promise<T>;
  };
}

export interface RawPartitionMetadata {
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas?: number[];
  partitionErrorCode: number;
}

export interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): RawPartitionMetadata[];
  findBroker(args: { nodeId: number | string }): Promise<RawBroker>;
  findGroupCoordinator(args: { groupId: string }): Promise<RawBroker>;
  findControllerBroker(): Promise<RawBroker>;
  getNodeIds(): number[];
}

type ClusterCtor = new (options: Record<string, unknown>) => RawCluster;
interface LoggersModule { createLogger(args: { level: logLevel; logCreator: NonNullable<KafkaConfig['logCreator']> }): unknown }
type SocketFactoryModule = () => unknown;

const Cluster = require('kafkajs/src/cluster/index.js') as ClusterCtor;
const loggers = require('kafkajs/src/loggers/index.js') as LoggersModule;
const defaultSocketFactory = require('kafkajs/src/network/socketFactory.js') as SocketFactoryModule;

/** Same options kafkajs' Kafka class passes to its clusters. */
export function createRawCluster(config: KafkaConfig, level: logLevel): RawCluster {
  const logCreator = config.logCreator ?? (() => () => undefined);
  return new Cluster({
    logger: loggers.createLogger({ level, logCreator }),
    retry: config.retry ?? { retries: 2 },
    offsets: new Map(),
    socketFactory: defaultSocketFactory(),
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: config.sasl,
    clientId: config.clientId,
    connectionTimeout: config.connectionTimeout ?? 3000,
    authenticationTimeout: config.authenticationTimeout,
    requestTimeout: config.requestTimeout ?? 30000,
    enforceRequestTimeout: true,
    metadataMaxAge: 60_000,
    allowAutoTopicCreation: false,
    maxInFlightRequests: null,
    isolationLevel: ISOLATION_READ_UNCOMMITTED,
  });
}

/**
 * Browsing shows every record up to the high watermark (records of aborted transactions included), like
 * kafka-console-consumer's default.
 */
export const ISOLATION_READ_UNCOMMITTED = 0;
export const ISOLATION_READ_COMMITTED = 1;

// ---- Kafka wire helpers for requests kafkajs lacks ----------------------------------------------------------------

interface EncoderLike {
  writeNullableArray(items: EncoderLike[]): EncoderLike;
  writeString(s: string | null): EncoderLike;
  writeInt8(n: number): EncoderLike;
  writeInt32(n: number): EncoderLike;
  writeBoolean(b: boolean): EncoderLike;
  writeArray(items: EncoderLike[] | number[]): EncoderLike;
  buffer: Buffer;
}
interface DecoderLike {
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): bigint;
  readBoolean(): boolean;
  readString(): string;
  readArray<T>(fn: (d: DecoderLike) => T): T[];
}
const Encoder = require('kafkajs/src/protocol/encoder.js') as new () => EncoderLike;
const { errorCodes } = require('kafkajs/src/protocol/error.js') as { errorCodes: { type: string; code: number }[] };

/** Kafka's name for an error code, e.g. 86 -> 'GROUP_SUBSCRIBED_TO_TOPIC'. */
export function kafkaErrorName(code: number): string {
  return errorCodes.find((e) => e.code === code)?.type ?? `KAFKA_ERROR_${code}`;
}
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buf: Buffer) => DecoderLike;

export interface OffsetDeleteResult {
  errorCode: number;
  topics: { name: string; partitions: { partition: number; errorCode: number }[] }[];
}

/** OffsetDelete v0 (API key 47, KIP-496): request group_id, [topic [partition]]. */
export function offsetDeleteRequest(groupId: string, topic: string, partitions: number[]): {
  request: RawProtocolRequest;
  response: RawProtocolResponse<OffsetDeleteResult>;
} {
  return {
    request: {
      apiKey: 47,
      apiVersion: 0,
      apiName: 'OffsetDelete',
      encode: async () => {
        const topicEncoder = new Encoder().writeString(topic).writeArray(
          partitions.map((p) => new Encoder().writeInt32(p)),
        );
        return new Encoder().writeString(groupId).writeArray([topicEncoder]);
      },
    },
    response: {
      decode: async (raw: Buffer) => {
        const d = new Decoder(raw);
        const errorCode = d.readInt16();
        d.readInt32(); // throttle_time_ms
        const topics = d.readArray((t) => ({
          name: t.readString(),
          partitions: t.readArray((p) => ({ partition: p.readInt32(), errorCode: p.readInt16() })),
        }));
        return { errorCode, topics } satisfies OffsetDeleteResult;
      },
      parse: async (decoded: unknown) => decoded as OffsetDeleteResult,
    },
  };
}

export const INCREMENTAL_ALTER_CONFIGS = 44;
/** IncrementalAlterConfigs config_operation values. */
export const ALTER_OP = { set: 0, delete: 1, append: 2, subtract: 3 } as const;

export interface IncrementalAlterResult {
  responses: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }[];
}

/** IncrementalAlterConfigs v0 (API key 44, KIP-339): only the named keys change, server side, atomically. */
export function incrementalAlterConfigsRequest(
  resource: { type: number; name: string },
  ops: { name: string; op: number; value: string | null }[],
  validateOnly: boolean,
): { request: RawProtocolRequest; response: RawProtocolResponse<IncrementalAlterResult> } {
  return {
    request: {
      apiKey: INCREMENTAL_ALTER_CONFIGS,
      apiVersion: 0,
      apiName: 'IncrementalAlterConfigs',
      encode: async () => {
        const configs = ops.map((o) => new Encoder().writeString(o.name).writeInt8(o.op).writeString(o.value));
        const res = new Encoder().writeInt8(resource.type).writeString(resource.name).writeArray(configs);
        return new Encoder().writeArray([res]).writeBoolean(validateOnly);
      },
    },
    response: {
      decode: async (raw: Buffer) => {
        const d = new Decoder(raw);
        d.readInt32(); // throttle_time_ms
        const responses = d.readArray((r) => ({
          errorCode: r.readInt16(),
          errorMessage: r.readString() as string | null,
          resourceType: r.readInt8(),
          resourceName: r.readString(),
        }));
        return { responses } satisfies IncrementalAlterResult;
      },
      parse: async (decoded: unknown) => decoded as IncrementalAlterResult,
    },
  };
}

export const DESCRIBE_LOG_DIRS = 35;

export interface LogDirsResult {
  results: { errorCode: number; logDir: string; topics: { name: string; partitions: { partition: number; size: number }[] }[] }[];
}

/** DescribeLogDirs v1 (API key 35) for every topic the broker hosts: bytes on disk per partition replica. */
export function describeLogDirsRequest(): { request: RawProtocolRequest; response: RawProtocolResponse<LogDirsResult> } {
  return {
    request: {
      apiKey: DESCRIBE_LOG_DIRS,
      apiVersion: 1,
      apiName: 'DescribeLogDirs',
      encode: async () => new Encoder().writeNullableArray([]), // null = all topics
    },
    response: {
      decode: async (raw: Buffer) => {
        const d = new Decoder(raw);
        d.readInt32(); // throttle_time_ms
        const results = d.readArray((r) => ({
          errorCode: r.readInt16(),
          logDir: r.readString(),
          topics: r.readArray((t) => ({
            name: t.readString(),
            partitions: t.readArray((p) => {
              const partition = p.readInt32();
              const size = Number(p.readInt64());
              p.readInt64(); // offset_lag
              p.readBoolean(); // is_future_key
              return { partition, size };
            }),
          })),
        }));
        return { results } satisfies LogDirsResult;
      },
      parse: async (decoded: unknown) => decoded as LogDirsResult,
    },
  };
}

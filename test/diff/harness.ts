// Differential tests: every scenario runs against real Apache Kafka (the expected value) and
// against the engine in the same test, and the outcomes are compared. Only what must differ
// between two brokers (ids, ports, cluster/topic/member ids, broker-set timestamps) is normalised.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { RawClient, rawApi, type RawApi } from '../helpers/raw-client.js';
import { referenceKafkaMissing, startReferenceKafka, type ReferenceKafka } from '../helpers/reference-kafka.js';
import type { ProduceRequest, ProduceResponse, ProduceResponsePartitionProduceResponse } from '../../src-protocol/generated/00-produce.js';
import { defaultFetchRequest, type FetchRequest, type FetchResponse, type FetchResponsePartitionData } from '../../src-protocol/generated/01-fetch.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../src-protocol/generated/02-list-offsets.js';
import type { MetadataRequest, MetadataResponse } from '../../src-protocol/generated/03-metadata.js';
import { createTopic } from '../helpers/topics.js';
import { waitFor } from '../helpers/clients.js';
import { readBatchHeader } from '../../src-engine/storage/record-batch.js';
import { decodeRecords } from '../../src-engine/storage/records.js';

/** Why the diff suite cannot run here, or false: `test(name, { skip }, fn)`. */
export const skip: string | false = referenceKafkaMissing() ?? false;

export interface Target {
  name: 'kafka' | 'engine';
  host: string;
  port: number;
  bootstrap: string;
  raw: RawClient;
  /** Where the broker keeps its partition folders (`<topic>-<partition>/`). */
  logDir: string;
}

export interface Pair {
  kafka: Target;
  engine: Target;
}

/** Starts the reference Kafka and the in-process engine for this test file; stops both after. */
export function usePair(opts: { kafkaOverrides?: Record<string, string> } = {}): () => Pair {
  let kafka: ReferenceKafka | undefined;
  let engine: TestBroker | undefined;
  let pair: Pair | undefined;
  before(async () => {
    if (skip) return;
    [kafka, engine] = await Promise.all([startReferenceKafka({ overrides: opts.kafkaOverrides }), startTestBroker()]);
    const target = async (name: Target['name'], b: { host: string; port: number; bootstrap: string }, logDir: string): Promise<Target> => ({
      name,
      host: b.host,
      port: b.port,
      bootstrap: b.bootstrap,
      raw: await RawClient.connect(b.host, b.port),
      logDir,
    });
    pair = { kafka: await target('kafka', kafka, join(kafka.dataDir, 'logs')), engine: await target('engine', engine, engine.dataDir) };
  });
  after(async () => {
    pair?.kafka.raw.close();
    pair?.engine.raw.close();
    await Promise.all([kafka?.stop(), engine?.stop()]);
  });
  return () => {
    if (!pair) throw new Error('brokers not started');
    return pair;
  };
}

/** Runs the same scenario on both brokers (Kafka first, then the engine). */
export async function onBoth<T>(pair: Pair, scenario: (t: Target) => Promise<T>): Promise<{ kafka: T; engine: T }> {
  const kafka = await scenario(pair.kafka);
  const engine = await scenario(pair.engine);
  return { kafka, engine };
}

export const api = {
  produce: rawApi<ProduceRequest, ProduceResponse>(0),
  fetch: rawApi<FetchRequest, FetchResponse>(1),
  listOffsets: rawApi<ListOffsetsRequest, ListOffsetsResponse>(2),
  metadata: rawApi<MetadataRequest, MetadataResponse>(3),
};

export function send<Req, Res>(t: Target, a: RawApi<Req, Res>, version: number, request: Req): Promise<Res> {
  return t.raw.send(a, version, request);
}

/** Produce v9 of one batch to one partition; the partition's answer without broker-specific fields. */
export async function produceBatch(
  t: Target,
  topic: string,
  partition: number,
  records: Buffer,
  opts: { acks?: number; transactionalId?: string | null } = {},
): Promise<Pick<ProduceResponsePartitionProduceResponse, 'errorCode' | 'baseOffset' | 'logStartOffset' | 'recordErrors'>> {
  const res = await send(t, api.produce, 9, {
    transactionalId: opts.transactionalId ?? null,
    acks: opts.acks ?? -1,
    timeoutMs: 10_000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
  const p = res.responses[0]?.partitionResponses[0];
  if (!p) throw new Error(`${t.name}: no partition in the produce response`);
  return { errorCode: p.errorCode, baseOffset: p.baseOffset, logStartOffset: p.logStartOffset, recordErrors: p.recordErrors };
}

export interface FetchedBatch {
  baseOffset: number;
  lastOffset: number;
  isTransactional: boolean;
  isControl: boolean;
  /** sha256 of the records section (after the 61-byte batch header): "record bytes", byte for byte. */
  recordsSha256: string;
  records: { offset: number; timestamp: number; key: string | null; value: string | null; headers: [string, string | null][] }[];
}

/** Fetch v12 of one partition from `offset`: error, offsets and every batch decoded (no broker epochs/CRCs). */
export async function fetchPartition(
  t: Target,
  topic: string,
  partition: number,
  offset: number,
  opts: { isolationLevel?: 0 | 1; maxBytes?: number } = {},
): Promise<{ errorCode: number; highWatermark: number; lastStableOffset: number; logStartOffset: number; abortedTransactions: FetchResponsePartitionData['abortedTransactions']; batches: FetchedBatch[] }> {
  const req = defaultFetchRequest();
  req.replicaId = -1;
  req.maxWaitMs = 0;
  req.minBytes = 1;
  req.maxBytes = opts.maxBytes ?? 1 << 20;
  req.isolationLevel = opts.isolationLevel ?? 0;
  req.sessionEpoch = -1;
  req.topics = [
    {
      topic,
      topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
      partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: opts.maxBytes ?? 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
    },
  ];
  const res = await send(t, api.fetch, 12, req);
  const p = res.responses[0]?.partitions[0];
  if (!p) throw new Error(`${t.name}: no partition in the fetch response (top-level error ${res.errorCode})`);
  return {
    errorCode: p.errorCode,
    highWatermark: p.highWatermark,
    lastStableOffset: p.lastStableOffset,
    logStartOffset: p.logStartOffset,
    abortedTransactions: p.abortedTransactions,
    batches: Buffer.isBuffer(p.records) ? decodeBatches(p.records) : [],
  };
}

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

function decodeBatches(buf: Buffer): FetchedBatch[] {
  const out: FetchedBatch[] = [];
  let pos = 0;
  // A partial batch at the end (cut by the fetch size) is not a batch yet.
  while (pos + 61 <= buf.length && pos + 12 + buf.readInt32BE(pos + 8) <= buf.length) {
    const end = pos + 12 + buf.readInt32BE(pos + 8);
    const one = buf.subarray(pos, end);
    const header = readBatchHeader(one, 0);
    out.push({
      baseOffset: header.baseOffset,
      lastOffset: header.lastOffset,
      isTransactional: header.isTransactional,
      isControl: header.isControl,
      recordsSha256: createHash('sha256').update(one.subarray(61)).digest('hex'),
      records: decodeRecords(one, header).map((r) => ({
        offset: r.offset,
        timestamp: r.timestamp,
        key: text(r.key),
        value: text(r.value),
        headers: r.headers.map((h) => [h.key, text(h.value)] as [string, string | null]),
      })),
    });
    pos = end;
  }
  return out;
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) flatten(v, path === '' ? k : `${path}.${k}`, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
}

/** Asserts the engine's outcome equals Kafka's; the failure lists only the paths that differ. */
export function assertSameAsKafka<T>(result: { kafka: T; engine: T }): void {
  const k = new Map<string, string>();
  const e = new Map<string, string>();
  flatten(result.kafka, '', k);
  flatten(result.engine, '', e);
  const diffs: string[] = [];
  for (const path of new Set([...k.keys(), ...e.keys()])) {
    if (k.get(path) !== e.get(path)) diffs.push(`${path || '(value)'}: kafka ${k.get(path) ?? '(absent)'}, engine ${e.get(path) ?? '(absent)'}`);
  }
  if (diffs.length > 0) {
    throw new assert.AssertionError({ message: `engine differs from Kafka in ${diffs.length} place(s):\n  ${diffs.slice(0, 150).join('\n  ')}`, actual: result.engine, expected: result.kafka, operator: 'deepStrictEqual' });
  }
}

/**
 * Creates a topic and waits until every partition answers a fetch without NOT_LEADER_OR_FOLLOWER: a KRaft broker
 * publishes new partitions in its metadata before its replica manager has made itself their leader, so the first
 * requests of a scenario could otherwise race Kafka's own start-up of the partitions.
 */
export async function createReadyTopic(t: Target, topic: string, partitions: number): Promise<void> {
  await createTopic(t.bootstrap, topic, { partitions });
  for (let p = 0; p < partitions; p++) {
    await waitFor(`${t.name}: ${topic}-${p} has a leader`, async () => (await fetchPartition(t, topic, p, 0)).errorCode === 0, 30_000, 100);
  }
}

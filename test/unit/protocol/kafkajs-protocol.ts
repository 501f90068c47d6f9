/**
 * Typed access to kafkajs's per-version request encoders and response decoders (CommonJS
 * internals without type declarations), and glue to run them against our generated codecs:
 * a real client's idea of the wire format, independent of Kafka's JSON schemas.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Reader } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { API_BY_KEY, readRequestHeader } from '../../../src-protocol/generated/index.js';

const require = createRequire(import.meta.url);

interface KafkaJsEncoder {
  buffer: Buffer;
}
interface KafkaJsRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode(): Promise<KafkaJsEncoder>;
}
type KafkaJsRequestBuilder = (args: object | unknown[]) => KafkaJsRequest;
interface KafkaJsResponseModule {
  decode(rawData: Buffer): Promise<unknown>;
}
type KafkaJsFramer = (opts: { correlationId: number; clientId: string; request: KafkaJsRequest }) => Promise<KafkaJsEncoder>;

/** kafkajs's 64-bit integer class (a copy of long.js); its encoders take one for producer ids. */
export interface KafkaJsLong {
  toString(): string;
}
const LongClass = require('kafkajs/src/utils/long.js') as { fromNumber(n: number): KafkaJsLong };
export const kafkajsLong = (n: number): KafkaJsLong => LongClass.fromNumber(n);

const frameRequest = require('kafkajs/src/protocol/request.js') as KafkaJsFramer;

/** kafkajs folder names under src/protocol/requests, by our API names. */
export type KafkaJsApi =
  | 'apiVersions'
  | 'metadata'
  | 'produce'
  | 'fetch'
  | 'listOffsets'
  | 'createTopics'
  | 'joinGroup'
  | 'syncGroup'
  | 'heartbeat'
  | 'offsetCommit'
  | 'offsetFetch'
  | 'describeGroups' | 'listGroups' | 'findCoordinator' | 'deleteTopics' | 'createPartitions' | 'describeConfigs' | 'alterConfigs'
  | 'deleteGroups' | 'initProducerId' | 'leaveGroup' | 'deleteRecords' | 'txnOffsetCommit' | 'addPartitionsToTxn' | 'addOffsetsToTxn'
  | 'endTxn' | 'saslHandshake';

function requestBuilder(api: KafkaJsApi, v: number): KafkaJsRequestBuilder {
  return require(`kafkajs/src/protocol/requests/${api}/v${v}/request.js`) as KafkaJsRequestBuilder;
}
function responseModule(api: KafkaJsApi, v: number): KafkaJsResponseModule {
  return require(`kafkajs/src/protocol/requests/${api}/v${v}/response.js`) as KafkaJsResponseModule;
}

/**
 * Encodes a request with kafkajs (its real framer: size, header v1 with client id, body), then
 * decodes it with our header and body readers; checks the frame is consumed exactly. Returns our
 * decoded body.
 */
export async function kafkajsToOurs<T>(api: KafkaJsApi, v: number, args: object | unknown[]): Promise<T> {
  const request = requestBuilder(api, v)(args);
  assert.equal(request.apiVersion, v, `kafkajs ${api} v${v} builder`);
  const correlationId = 0x1234567;
  const frame = (await frameRequest({ correlationId, clientId: 'kafkajs-wire-test', request })).buffer;
  assert.equal(frame.readInt32BE(0), frame.length - 4, 'size prefix');
  const def = API_BY_KEY.get(request.apiKey);
  assert.ok(def, `API key ${request.apiKey}`);
  assert.ok(def.flexibleFrom < 0 || v < def.flexibleFrom, 'kafkajs only speaks non-flexible versions');
  const r = new Reader(frame, 4);
  const header = readRequestHeader(r, 1);
  assert.deepStrictEqual(header, { requestApiKey: request.apiKey, requestApiVersion: v, correlationId, clientId: 'kafkajs-wire-test' });
  const body = def.readRequest(r, v);
  assert.equal(r.offset, frame.length, `our ${def.name} v${v} reader consumed the whole kafkajs frame`);
  return body as T;
}

/** Encodes a response body with our generated writer and decodes it with kafkajs's decoder for that version. */
export async function oursToKafkajs<T>(api: KafkaJsApi, apiKey: number, v: number, response: object): Promise<T> {
  const def = API_BY_KEY.get(apiKey)!;
  const w = new Writer();
  (def.writeResponse as (w: Writer, v: number, m: object) => void)(w, v, response);
  // kafkajs hands decode() the bytes after the correlation id (response header v0).
  return (await responseModule(api, v).decode(w.toBuffer())) as T;
}

/** Record batch field offsets (Kafka's DefaultRecordBatch layout). */
export function batchHeader(b: Buffer): { magic: number; attributes: number; producerId: bigint; producerEpoch: number; baseSequence: number; count: number } {
  return {
    magic: b.readInt8(16),
    attributes: b.readInt16BE(21),
    producerId: b.readBigInt64BE(43),
    producerEpoch: b.readInt16BE(51),
    baseSequence: b.readInt32BE(53),
    count: b.readInt32BE(57),
  };
}

export function versions(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v++) out.push(v);
  return out;
}

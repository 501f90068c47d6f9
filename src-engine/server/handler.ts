/**
 * The contract between the network layer and the per-API modules in src-engine/apis/.
 * Each `apis/NN-name.ts` exports one `ApiHandler` built with `defineHandler`; the server
 * advertises [minVersion, maxVersion] in ApiVersions and routes decoded requests to `handle`.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { SaslSession } from '../security/sasl-session.js';

export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The listener this connection came in on (upper-case name, e.g. PLAINTEXT or SASL_SSL). */
  readonly listener: string;
  /** The principal requests run as: User:<SASL user>, User:<certificate subject> (mTLS), or User:ANONYMOUS. */
  readonly principal: string;
  /** The SASL state on SASL listeners, else null. */
  readonly sasl: SaslSession | null;
  /** Closes the connection once this request's response is written (KIP-152: after a failed authentication). */
  closeAfterResponse(reason: string): void;
}

export interface RequestContext {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly connection: ConnectionInfo;
  readonly cluster: Cluster;
  /**
   * Runs `done` once this request's response was handed to the kernel, or once it is certain never to be sent
   * (no response, encoding failure, closed connection). Buffers the response references must stay unchanged
   * until then; Fetch returns its pooled segment-read buffers here.
   */
  afterResponse(done: () => void): void;
}

/** Returned by a handler when Kafka sends no response (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no-response');
/**
 * Returned when Kafka answers by closing the connection: an acks=0 Produce that failed has no
 * response to carry the error, so the broker hangs up and the producer notices.
 */
export const CLOSE_CONNECTION: unique symbol = Symbol('close-connection');
export type NoResponse = typeof NO_RESPONSE | typeof CLOSE_CONNECTION;

export interface ApiHandler<Req = unknown, Res = unknown> {
  readonly key: number;
  /** Lowest version advertised (Kafka advertises from v0 for most APIs; clients rely on it). */
  readonly minVersion: number;
  /** Highest version really implemented: kafkajs uses min(its max, this) blindly. */
  readonly maxVersion: number;
  handle(ctx: RequestContext, request: Req): Res | NoResponse | Promise<Res | NoResponse>;
}

export function defineHandler<Req, Res>(h: ApiHandler<Req, Res>): ApiHandler<unknown, unknown> {
  return h as unknown as ApiHandler<unknown, unknown>;
}

/** The traffic inspector's shapes: requests the embedded broker served, as the broker process recorded them. */

export interface TrafficEntry {
  /** Increases by one per recorded request (a cursor for "what is new"). */
  seq: number;
  /** When the request arrived (epoch ms). */
  at: number;
  connectionId: number;
  /** The client's own `client.id` from the request header (null when it sent none). */
  clientId: string | null;
  remote: string;
  listener: string;
  principal: string;
  apiKey: number;
  apiName: string;
  apiVersion: number;
  correlationId: number;
  requestBytes: number;
  /** 0 when no response was sent (acks=0 produce). */
  responseBytes: number;
  /** Arrival to the response handed to the socket (a fetch's long poll included). */
  latencyMs: number;
  /** Distinct non-zero error codes anywhere in the response (top level and per topic/partition), at most 8, with
   * Kafka's names for them. */
  errors: { code: number; name: string }[];
}

/** Rates per client id over the last `windowMs` of recorded requests. */
export interface TrafficClientRate {
  clientId: string | null;
  requestsPerSec: number;
  /** Produce request bytes per second (what the client sent). */
  produceBytesPerSec: number;
  /** Fetch response bytes per second (what the client received). */
  fetchBytesPerSec: number;
  errors: number;
}

export interface TrafficSnapshot {
  /** Entries with seq > the caller's afterSeq, oldest first (at most the ring's capacity). */
  entries: TrafficEntry[];
  /** The seq to pass next time. */
  lastSeq: number;
  /** Entries the ring dropped before the caller asked for them (it keeps the newest `capacity`). */
  missed: number;
  capacity: number;
  /** Recording stops on its own this long after the last call (it costs nothing while nobody looks). */
  leaseMs: number;
  windowMs: number;
  clients: TrafficClientRate[];
}

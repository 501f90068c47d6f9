/**
 * The traffic inspector's recorder: a bounded ring of the requests this broker served. It records only while
 * leased — each read renews a short lease — so with the inspector closed a request costs one boolean check.
 * Owned by the Cluster; connections report to it after each response.
 */

import type { TrafficClientRate, TrafficEntry, TrafficSnapshot } from '../../src-common/contract/traffic.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';

const ERROR_NAMES = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

export const TRAFFIC_CAPACITY = 10_000;
export const TRAFFIC_LEASE_MS = 15_000;
const RATE_WINDOW_MS = 10_000;
const MAX_ERROR_CODES = 8;
const PRODUCE = 0;
const FETCH = 1;

export type TrafficRecord = Omit<TrafficEntry, 'seq' | 'errors'> & { response: unknown };

export class TrafficRecorder {
  private readonly ring: (TrafficEntry | undefined)[];
  private next = 0;
  private seq = 0;
  private leasedUntil = 0;

  constructor(private readonly capacity = TRAFFIC_CAPACITY, private readonly now: () => number = Date.now) {
    this.ring = new Array<TrafficEntry | undefined>(capacity);
  }

  /** True while someone is looking: the only cost on the request path otherwise. */
  get armed(): boolean {
    return this.leasedUntil !== 0 && (this.now() < this.leasedUntil || this.disarm());
  }

  record(r: TrafficRecord): void {
    const { response, ...fields } = r;
    this.ring[this.next] = { ...fields, seq: ++this.seq, errors: errorCodesOf(response).map((code) => ({ code, name: ERROR_NAMES.get(code) ?? `error ${code}` })) };
    this.next = (this.next + 1) % this.capacity;
  }

  /** New entries since `afterSeq`; renews the lease. */
  read(afterSeq: number): TrafficSnapshot {
    this.leasedUntil = this.now() + TRAFFIC_LEASE_MS;
    const all = this.ordered();
    const oldest = all[0]?.seq ?? this.seq + 1;
    const entries = all.filter((e) => e.seq > afterSeq);
    const missed = afterSeq > 0 ? Math.max(0, oldest - afterSeq - 1) : 0;
    return { entries, lastSeq: this.seq, missed, capacity: this.capacity, leaseMs: TRAFFIC_LEASE_MS, windowMs: RATE_WINDOW_MS, clients: ratesOf(all, this.now()) };
  }

  private ordered(): TrafficEntry[] {
    const out: TrafficEntry[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const e = this.ring[(this.next + i) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }

  private disarm(): false {
    this.leasedUntil = 0;
    return false;
  }
}

/** Every non-zero `errorCode` in a decoded response (record bytes are not walked). */
export function errorCodesOf(response: unknown): number[] {
  const found = new Set<number>();
  const visit = (value: unknown, depth: number): void => {
    if (found.size >= MAX_ERROR_CODES || depth > 6 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === 'errorCode' && typeof v === 'number') {
        if (v !== 0) found.add(v);
      } else if (typeof v === 'object') {
        visit(v, depth + 1);
      }
    }
  };
  visit(response, 0);
  return [...found];
}

function ratesOf(entries: readonly TrafficEntry[], now: number): TrafficClientRate[] {
  const from = now - RATE_WINDOW_MS;
  const byClient = new Map<string | null, { requests: number; produce: number; fetch: number; errors: number }>();
  for (const e of entries) {
    if (e.at < from) continue;
    const c = byClient.get(e.clientId) ?? { requests: 0, produce: 0, fetch: 0, errors: 0 };
    c.requests++;
    if (e.apiKey === PRODUCE) c.produce += e.requestBytes;
    if (e.apiKey === FETCH) c.fetch += e.responseBytes;
    if (e.errors.length > 0) c.errors++;
    byClient.set(e.clientId, c);
  }
  const seconds = RATE_WINDOW_MS / 1000;
  return [...byClient].map(([clientId, c]) => ({
    clientId, requestsPerSec: c.requests / seconds, produceBytesPerSec: c.produce / seconds, fetchBytesPerSec: c.fetch / seconds, errors: c.errors,
  })).sort((a, b) => b.requestsPerSec - a.requestsPerSec);
}

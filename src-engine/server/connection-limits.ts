/**
 * What bounds the listener's resources, with Kafka's config names: `max.connections`, `max.connections.per.ip`
 * (+ `.overrides`), `connections.max.idle.ms`, and `queued.max.request.bytes` — one memory budget for request bytes
 * held by all connections (partial frames and queued requests). A connection that would exceed it stops being read
 * (Kafka mutes its channel) until memory is free; an idle one is closed. Owned by the BrokerServer.
 */
import type { Logger } from '../logger.js';

export interface ConnectionLimitSettings {
  maxConnections: number;
  maxConnectionsPerIp: number;
  perIpOverrides: ReadonlyMap<string, number>;
  idleMs: number;
  /** <= 0: unlimited (Kafka's -1). */
  queuedMaxRequestBytes: number;
}

/** Parses `max.connections.per.ip.overrides` ("host:count,host:count"). */
export function parsePerIpOverrides(value: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of (value ?? '').split(',')) {
    const at = entry.lastIndexOf(':');
    if (at <= 0) continue;
    const count = Number(entry.slice(at + 1).trim());
    if (Number.isInteger(count) && count >= 0) out.set(entry.slice(0, at).trim(), count);
  }
  return out;
}

/** A client of the memory budget: the connection pauses and resumes its socket. */
export interface BudgetHolder {
  pauseReading(): void;
  resumeReading(): void;
}

export class RequestMemoryBudget {
  private used = 0;
  private readonly held = new Map<BudgetHolder, number>();
  private readonly waiting = new Set<BudgetHolder>();

  constructor(private readonly capacity: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Records how many request bytes `holder` keeps in memory now; pauses it when the budget is exhausted. */
  update(holder: BudgetHolder, bytes: number): void {
    const before = this.held.get(holder) ?? 0;
    this.used += bytes - before;
    if (bytes === 0) this.held.delete(holder);
    else this.held.set(holder, bytes);
    if (this.capacity > 0 && this.used > this.capacity && bytes > before && !this.waiting.has(holder)) {
      this.waiting.add(holder);
      holder.pauseReading();
    }
    if (bytes < before) this.wake();
  }

  release(holder: BudgetHolder): void {
    this.waiting.delete(holder);
    this.update(holder, 0);
  }

  private wake(): void {
    for (const holder of this.waiting) {
      if (this.capacity > 0 && this.used >= this.capacity) return;
      this.waiting.delete(holder);
      holder.resumeReading();
    }
  }
}

/** One warning line per closed connection floods the log under a fuzzer: at most `burst` a window, then a count. */
export class RateLimitedWarnings {
  private windowStart = 0;
  private inWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly burst = 10,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(message: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) this.log.warn(`... ${this.suppressed} more connection warnings in the last ${this.windowMs / 1000} s were not logged`);
      this.windowStart = t;
      this.inWindow = 0;
      this.suppressed = 0;
    }
    if (this.inWindow < this.burst) {
      this.inWindow++;
      this.log.warn(message);
    } else {
      this.suppressed++;
    }
  }
}

/** Admission by count: total and per client address. */
export class ConnectionAdmission {
  private total = 0;
  private readonly perIp = new Map<string, number>();

  constructor(private readonly settings: () => ConnectionLimitSettings) {}

  /** Null when admitted (and counted), else the reason to refuse. */
  admit(ip: string): string | null {
    const s = this.settings();
    if (this.total >= s.maxConnections) return `max.connections ${s.maxConnections} reached`;
    const limit = s.perIpOverrides.get(ip) ?? s.maxConnectionsPerIp;
    const current = this.perIp.get(ip) ?? 0;
    if (current >= limit) return `max.connections.per.ip ${limit} reached for ${ip}`;
    this.total++;
    this.perIp.set(ip, current + 1);
    return null;
  }

  leave(ip: string): void {
    this.total--;
    const left = (this.perIp.get(ip) ?? 1) - 1;
    if (left <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, left);
  }
}

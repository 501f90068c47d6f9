/**
 * Time source and timer scheduling for the group coordinator. Injectable so that unit tests can
 * drive session timeouts, rebalance timeouts and the initial rebalance delay deterministically.
 */

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` once after `delayMs`. Timers never keep the process alive. */
  schedule(delayMs: number, fn: () => void): Timer;
}

/**
 * Wall-clock timers whose callbacks can never take the broker down: a throwing callback is
 * reported to `onError` (the broker log) instead of becoming an uncaught exception.
 */
export function wallClock(onError: (err: unknown) => void): Clock {
  return {
    now: () => Date.now(),
    schedule(delayMs, fn) {
      const t = setTimeout(() => {
        try {
          fn();
        } catch (err) {
          onError(err);
        }
      }, Math.max(0, delayMs));
      t.unref();
      return { cancel: () => clearTimeout(t) };
    },
  };
}

export const realClock: Clock = wallClock((err) => process.stderr.write(`group coordinator timer failed: ${String(err)}\n`));

/** A clock whose time only moves when `advance` is called; timers fire in deadline order. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, fn: () => void): Timer {
    const id = ++this.seq;
    this.timers.set(id, { at: this.current + Math.max(0, delayMs), fn });
    return { cancel: () => this.timers.delete(id) };
  }

  /** Moves time forward, firing every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= target && (t.at < nextAt || (t.at === nextAt && id < nextId))) {
          nextId = id;
          nextAt = t.at;
        }
      }
      if (nextId < 0) break;
      const t = this.timers.get(nextId);
      this.timers.delete(nextId);
      this.current = Math.max(this.current, nextAt);
      t?.fn();
    }
    this.current = target;
  }

  pendingTimers(): number {
    return this.timers.size;
  }
}

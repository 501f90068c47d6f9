/**
 * Long-poll support for Fetch: a fetch that has fewer than min_bytes waits here until appends to
 * its partitions add up to min_bytes, or max_wait_ms passes, whichever comes first.
 */
interface Watcher {
  readonly keys: readonly string[];
  needed: number;
  resolve: () => void;
  timer: NodeJS.Timeout;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export class FetchWatchers {
  private readonly byPartition = new Map<string, Set<Watcher>>();

  /** Resolves after `neededBytes` more bytes were appended to any of `keys`, or after `maxWaitMs`. */
  wait(keys: readonly string[], neededBytes: number, maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const watcher: Watcher = {
        keys,
        needed: neededBytes,
        resolve: () => {
          clearTimeout(watcher.timer);
          this.remove(watcher);
          resolve();
        },
        timer: setTimeout(() => watcher.resolve(), Math.max(0, maxWaitMs)),
      };
      for (const k of keys) {
        let set = this.byPartition.get(k);
        if (!set) this.byPartition.set(k, (set = new Set()));
        set.add(watcher);
      }
    });
  }

  notifyAppend(key: string, bytes: number): void {
    const set = this.byPartition.get(key);
    if (!set) return;
    for (const w of [...set]) {
      w.needed -= bytes;
      if (w.needed <= 0) w.resolve();
    }
  }

  /** Wakes every waiting fetch (topic deleted, broker stopping, transaction completed). */
  wakeAll(): void {
    for (const set of [...this.byPartition.values()]) for (const w of [...set]) w.resolve();
  }

  wakePartition(key: string): void {
    const set = this.byPartition.get(key);
    if (set) for (const w of [...set]) w.resolve();
  }

  private remove(w: Watcher): void {
    for (const k of w.keys) {
      const set = this.byPartition.get(k);
      if (!set) continue;
      set.delete(w);
      if (set.size === 0) this.byPartition.delete(k);
    }
  }
}

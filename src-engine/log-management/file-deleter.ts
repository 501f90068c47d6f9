/**
 * Removes `.deleted` files after file.delete.delay.ms, as Kafka's scheduler does. Pending removals run
 * at shutdown; after a crash the loader removes leftover `.deleted` files anyway. Removal runs on libuv's
 * thread pool: unlinking a large segment can take tens of milliseconds, and nothing waits for it (the files
 * were renamed out of the log already).
 */
import fs from 'node:fs';

export class FileDeleter {
  private readonly pending = new Map<NodeJS.Timeout, string[]>();

  readonly deleteLater = (files: string[], delayMs: number): void => {
    if (files.length === 0) return;
    if (delayMs <= 0) {
      FileDeleter.removeInBackground(files);
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      FileDeleter.removeInBackground(files);
    }, Math.min(delayMs, 2 ** 31 - 1));
    timer.unref();
    this.pending.set(timer, files);
  };

  /** Files waiting for their delay to pass (for the GUI). */
  pendingFiles(): string[] {
    return [...this.pending.values()].flat();
  }

  /** Runs every pending removal now (shutdown). */
  flush(): void {
    for (const [timer, files] of this.pending) {
      clearTimeout(timer);
      FileDeleter.remove(files);
    }
    this.pending.clear();
  }

  private static remove(files: string[]): void {
    for (const f of files) fs.rmSync(f, { force: true });
  }

  private static removeInBackground(files: string[]): void {
    for (const f of files) fs.promises.rm(f, { force: true }).catch(() => undefined);
  }
}

/**
 * `cleaner-offset-checkpoint` (Kafka's name and text format): per compacted partition, the first dirty
 * offset, i.e. where the next cleaning resumes building its offset map. Written after every swap.
 */
import path from 'node:path';
import { partitionKey, readOffsetCheckpoint, writeOffsetCheckpoint } from '../../storage/checkpoint-file.js';

export const CLEANER_CHECKPOINT = 'cleaner-offset-checkpoint';

export class CleanerCheckpoint {
  private readonly file: string;
  private readonly offsets: Map<string, number>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, CLEANER_CHECKPOINT);
    this.offsets = readOffsetCheckpoint(this.file);
  }

  get(topic: string, partition: number): number | undefined {
    return this.offsets.get(partitionKey(topic, partition));
  }

  set(topic: string, partition: number, offset: number): void {
    this.offsets.set(partitionKey(topic, partition), offset);
    this.write();
  }

  /** Drops entries of partitions that no longer exist (deleted topics). */
  retainOnly(live: (topic: string, partition: number) => boolean): void {
    let changed = false;
    for (const key of [...this.offsets.keys()]) {
      const dash = key.lastIndexOf('-');
      if (!live(key.slice(0, dash), Number(key.slice(dash + 1)))) {
        this.offsets.delete(key);
        changed = true;
      }
    }
    if (changed) this.write();
  }

  private write(): void {
    writeOffsetCheckpoint(this.file, [...this.offsets].map(([key, offset]) => {
      const dash = key.lastIndexOf('-');
      return { topic: key.slice(0, dash), partition: Number(key.slice(dash + 1)), offset };
    }));
  }
}

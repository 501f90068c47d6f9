/**
 * Hands out producer ids. Like Kafka's controller, ids come in blocks whose end is persisted
 * before any id of the block is used, so a restarted broker never reissues an id (a reissued
 * id at epoch 0 would collide with the sequence state kept in the partition logs).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK_SIZE = 1000;
const FILE = 'kafkadesk-producer-ids';

export class ProducerIdAllocator {
  private next: number;
  private blockEnd: number;

  constructor(private readonly dataDir: string) {
    const file = join(dataDir, FILE);
    const persisted = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
    this.next = Number.isSafeInteger(persisted) && persisted > 0 ? persisted : 0;
    this.blockEnd = this.next;
  }

  allocate(): number {
    if (this.next >= this.blockEnd) {
      this.blockEnd = this.next + BLOCK_SIZE;
      const file = join(this.dataDir, FILE);
      writeFileSync(`${file}.tmp`, String(this.blockEnd));
      renameSync(`${file}.tmp`, file);
    }
    return this.next++;
  }
}

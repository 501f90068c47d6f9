/**
 * The backend's scan workers: a WorkerPool of scan-worker.ts threads that decode and filter fetched chunks for
 * searches and exports, so neither JSON parsing nor decompression runs on the loop that answers the GUI. With
 * size 0 the same scan runs on the loop (scan-chunk.ts is the one implementation either way).
 */

import { availableParallelism } from 'node:os';
import { WorkerPool, workerFile } from '../../src-engine/index.js';
import type { MessageFilter } from '../../src-common/contract/messages.js';
import type { DecodeSpec, PayloadDecoder } from '../schema-registry/payload-decoder.js';
import type { RecordPredicate } from './filter.js';
import type { RawChunk } from './reader.js';
import { scanChunk, unpackScan, type ChunkScan, type PackedScan, type ScanJob } from './scan-chunk.js';

/** Default size: the cores left after the loop, at least 2 (partitions are scanned in parallel), at most 4. */
export function defaultScanWorkers(): number {
  return Math.min(4, Math.max(2, availableParallelism() - 1));
}

export class ScanWorkers {
  private readonly pool: WorkerPool<ScanJob, PackedScan> | null;

  constructor(readonly size: number = defaultScanWorkers()) {
    this.pool = size > 0 ? new WorkerPool(workerFile(import.meta.url, 'scan-worker'), { size, name: 'kafkadesk-scan' }) : null;
  }

  /**
   * Scans one chunk: on a worker when there is a filter, else on the loop (every record matches, and sending
   * each one back across threads would cost more than decoding it here).
   */
  async scan(
    raw: RawChunk, to: number, filter: MessageFilter | null, predicate: RecordPredicate | null,
    decoding: { spec: DecodeSpec; decoder: PayloadDecoder } | null = null,
  ): Promise<ChunkScan> {
    if (!this.pool || predicate === null) return scanChunk(raw, to, predicate, decoding?.decoder ?? null);
    // The fetched bytes are a view into a response frame: copy them into a buffer of their own and move that.
    let records: Uint8Array<ArrayBuffer> | null = null;
    if (raw.records !== null) {
      records = new Uint8Array(raw.records.length);
      records.set(raw.records); // a memcpy (the Uint8Array(source) constructor copies element by element)
    }
    const job: ScanJob = { raw: { ...raw, records }, to, filter, decoding: decoding?.spec ?? null };
    return unpackScan(await this.pool.run(job, records ? [records.buffer] : []), raw.partition);
  }

  /** Chunks being scanned or waiting for a worker (0 without workers). */
  get load(): number {
    return this.pool?.load ?? 0;
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}

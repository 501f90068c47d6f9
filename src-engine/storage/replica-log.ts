/**
 * A follower's log operations. followerBatches: the leader's batches (CRC-checked), which must start at the log end.
 * truncateSegments — the truncation (Kafka's Log.truncateTo): drop every batch at or above an offset — whole segments above
 * it, the tail of the one holding it — then rebuild producer state from the surviving log, removing producer
 * snapshots taken past the cut so they are not replayed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rebuildProducerState } from './log-loader.js';
import type { LogSegment } from './segment.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { parseBatches, type BatchHeader } from './record-batch.js';
import type { ProducerStateManager } from '../producers/producer-state.js';

const SNAPSHOT_FILE = /^(\d{20})\.snapshot$/;

export function truncateSegments(dir: string, segments: LogSegment[], offset: number, logStartOffset: number, producerState: ProducerStateManager): void {
  while (segments.length > 1 && (segments[segments.length - 1] as LogSegment).baseOffset >= offset) {
    (segments.pop() as LogSegment).closeAndDelete();
  }
  const last = segments[segments.length - 1] as LogSegment;
  if (last.nextOffset > offset) last.truncateTo(Math.max(offset, last.baseOffset));
  for (const name of fs.readdirSync(dir)) {
    const m = SNAPSHOT_FILE.exec(name);
    if (m && Number(m[1]) > offset) fs.rmSync(path.join(dir, name), { force: true });
  }
  producerState.clear();
  rebuildProducerState(dir, segments, logStartOffset, producerState);
}

export function followerBatches(records: Buffer, logEndOffset: number): BatchHeader[] {
  const parsed = parseBatches(records, { verifyCrc: true });
  if (!parsed.ok) throw new KafkaError(parsed.errorCode, parsed.message);
  const first = parsed.batches[0];
  if (first && first.baseOffset !== logEndOffset) {
    throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `follower append at ${first.baseOffset}, log end is ${logEndOffset}`);
  }
  return parsed.batches;
}

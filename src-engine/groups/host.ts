/**
 * What the group coordinator needs from the broker around it. The Cluster implements this
 * (cluster-host.ts); unit tests use an in-memory version.
 */
import type { GroupEvent } from '../../src-common/engine-events.js';
import type { KeyValue } from './offsets-topic-records.js';

export interface CoordinatorHost {
  emit(event: GroupEvent): void;
  /** Durably appends records to one partition of `__consumer_offsets` (synchronously). */
  appendOffsetsRecords(partition: number, records: readonly KeyValue[], now: number): void;
  /** Every record of one `__consumer_offsets` partition, in offset order (for start-up replay). */
  readOffsetsRecords(partition: number): Iterable<KeyValue>;
  partitionExists(topic: string, partition: number): boolean;
  /** The partition's high watermark (the log end offset on this single broker), or null if unknown. */
  logEndOffset(topic: string, partition: number): number | null;
}

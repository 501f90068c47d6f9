/** Time lag: how old the first unconsumed record is compared to the newest one, per partition. */

import type { PartitionLag } from '../../src-common/contract/groups.js';
import { mapLimit } from '../concurrency.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { fetchChunk } from '../messages/reader.js';

/** Two small fetches per lagging partition: cap the work for groups reading very many partitions. */
const MAX_PARTITIONS = 200;

async function timestampAt(connection: ClusterConnection, topic: string, partition: number, offset: number): Promise<number | null> {
  const chunk = await fetchChunk(connection, topic, partition, offset, 1024);
  return chunk.records.find((r) => r.offset >= offset)?.timestamp ?? null;
}

/** Fills timeLagMs in place for rows with a positive lag. */
export async function fillTimeLag(connection: ClusterConnection, rows: PartitionLag[]): Promise<void> {
  const lagging = rows.filter((r) => r.lag !== null && r.lag > 0 && r.committedOffset !== null).slice(0, MAX_PARTITIONS);
  await mapLimit(lagging, 8, async (row) => {
    try {
      const first = Math.max(row.committedOffset ?? 0, row.logStartOffset);
      const [oldest, newest] = await Promise.all([
        timestampAt(connection, row.topic, row.partition, first),
        timestampAt(connection, row.topic, row.partition, row.logEndOffset - 1),
      ]);
      row.timeLagMs = oldest === null || newest === null ? null : Math.max(0, newest - oldest);
    } catch {
      row.timeLagMs = null; // records gone between the two reads: unknown, not zero
    }
  });
}

export function maxTimeLag(rows: PartitionLag[]): number | null {
  let max: number | null = null;
  for (const r of rows) if (r.timeLagMs !== null) max = max === null ? r.timeLagMs : Math.max(max, r.timeLagMs);
  return max;
}

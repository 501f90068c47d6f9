/** Partition sizes on disk for any Kafka cluster (DescribeLogDirs), so remote topics get sizes too. */

import type { ClusterConnection } from './connection.js';
import { DESCRIBE_LOG_DIRS } from './wire-apis.js';

/**
 * topic -> partition -> bytes of the leader's replica. Null when the cluster does not answer DescribeLogDirs (old
 * brokers, or the user may not describe the cluster): sizes are then unknown, not zero.
 */
export async function leaderReplicaSizes(connection: ClusterConnection, topics: string[]): Promise<Map<string, Map<number, number>> | null> {
  try {
    const wire = connection.wire();
    await wire.ensureTopics(topics, true);
    const perBroker = new Map<number, Map<string, Map<number, number>>>();
    await Promise.all((await wire.nodeIds()).map(async (nodeId) => {
      const broker = await wire.broker(nodeId);
      if (!broker.supports(DESCRIBE_LOG_DIRS)) throw new Error('DescribeLogDirs unsupported');
      const result = await broker.send(DESCRIBE_LOG_DIRS, { topics: null }); // null = every topic
      if (result.errorCode !== 0) throw new Error(`DescribeLogDirs error ${result.errorCode}`);
      const sizes = new Map<string, Map<number, number>>();
      for (const dir of result.results) {
        if (dir.errorCode !== 0) throw new Error(`DescribeLogDirs error ${dir.errorCode}`);
        for (const t of dir.topics) {
          const m = sizes.get(t.name) ?? new Map<number, number>();
          sizes.set(t.name, m);
          for (const p of t.partitions) m.set(p.partitionIndex, (m.get(p.partitionIndex) ?? 0) + p.partitionSize);
        }
      }
      perBroker.set(nodeId, sizes);
    }));
    const out = new Map<string, Map<number, number>>();
    for (const topic of topics) {
      const m = new Map<number, number>();
      for (const p of wire.cachedPartitions(topic)) {
        const size = perBroker.get(p.leader)?.get(topic)?.get(p.partitionId);
        if (size !== undefined) m.set(p.partitionId, size);
      }
      out.set(topic, m);
    }
    return out;
  } catch {
    return null;
  }
}

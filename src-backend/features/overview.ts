/** clusters.overview */

import type { ClusterOverview } from '../../src-common/contract/clusters.js';
import type { Handlers } from '../context.js';
import { requireString } from '../validate.js';
import { isInternalTopic, readTopics, topicDetail } from './topic-reader.js';

export const overviewHandlers: Handlers<'clusters.overview'> = {
  'clusters.overview': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    const embedded = ctx.registry.isEmbedded(clusterId);
    return ctx.registry.use(clusterId, async (c): Promise<ClusterOverview> => {
      const admin = await c.admin();
      const [cluster, names, groups] = await Promise.all([admin.describeCluster(), admin.listTopics(), admin.listGroups()]);
      const engine = embedded ? ctx.engine() : null;
      const topics = (await readTopics(c, names, engine)).map(topicDetail);
      const partitions = topics.flatMap((t) => t.partitions);
      return {
        clusterId,
        kind: embedded ? 'embedded' : 'remote',
        kafkaClusterId: cluster.clusterId ?? null,
        controllerId: cluster.controller ?? null,
        brokers: cluster.brokers
          .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: null, isController: b.nodeId === cluster.controller }))
          .sort((a, b) => a.nodeId - b.nodeId),
        topicCount: topics.filter((t) => !t.internal).length,
        internalTopicCount: names.filter(isInternalTopic).length,
        partitionCount: topics.filter((t) => !t.internal).reduce((n, t) => n + t.partitions.length, 0),
        internalPartitionCount: topics.filter((t) => t.internal).reduce((n, t) => n + t.partitions.length, 0),
        underReplicatedPartitions: partitions.filter((x) => x.isr.length < x.replicas.length).length,
        offlinePartitions: partitions.filter((x) => x.leader === null).length,
        groupCount: groups.groups.length,
        messageCount: topics.filter((t) => !t.internal).reduce((n, t) => n + t.messageCount, 0),
        countIsEstimate: topics.some((t) => !t.internal && t.countIsEstimate),
        sizeBytes: topics.every((t) => t.sizeBytes !== null) ? topics.reduce((n, t) => n + (t.sizeBytes ?? 0), 0) : null,
        embedded: engine ? { host: engine.host, port: engine.port, dataDir: engine.dataDir, startedAt: engine.startedAt, schemaRegistryUrl: engine.schemaRegistryUrl } : null,
      };
    });
  },
};

/** DescribeLogDirs (35): the single log directory with each partition's size on disk. */
import { statfsSync } from 'node:fs';
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { DescribeLogDirsRequest, DescribeLogDirsResponse } from '../../src-protocol/generated/35-describe-log-dirs.js';
import { clusterAuthorized, Op } from '../security/authz.js';

export const describeLogDirs = defineHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>({
  key: 35,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    // Kafka: DESCRIBE on the cluster; without it the whole request fails (top-level code from v3).
    if (!clusterAuthorized(ctx, Op.DESCRIBE)) return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, results: [] };
    const wanted = req.topics === null
      ? [...cluster.topics.byName.values()].map((t) => ({ topic: t.name, partitions: t.partitions.map((p) => p.index) }))
      : req.topics;
    const topics = wanted
      .map(({ topic, partitions }) => {
        const t = cluster.topic(topic);
        if (!t) return null;
        return {
          name: topic,
          partitions: partitions
            .filter((i) => i >= 0 && i < t.partitions.length)
            .map((i) => ({ partitionIndex: i, partitionSize: t.partitions[i]!.log.sizeInBytes, offsetLag: 0, isFutureKey: false })),
        };
      })
      .filter((t): t is NonNullable<typeof t> => t !== null);
    let totalBytes = -1;
    let usableBytes = -1;
    try {
      const fs = statfsSync(cluster.options.dataDir);
      totalBytes = fs.blocks * fs.bsize;
      usableBytes = fs.bavail * fs.bsize;
    } catch {
      // statfs is unavailable on some platforms; Kafka reports -1 then too.
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: [{ errorCode: ErrorCode.NONE, logDir: cluster.options.dataDir, topics, totalBytes, usableBytes }],
    };
  },
});

/** AlterPartition (56): a partition leader asks the controller for a new ISR (replicated clusters only). */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../../src-protocol/generated/56-alter-partition.js';

export const alterPartition = defineHandler<AlterPartitionRequest, AlterPartitionResponse>({
  key: 56,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, req) {
    const replication = ctx.cluster.replication;
    if (!replication) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_CONTROLLER, topics: [] };
    return replication.alterPartition(req);
  },
});

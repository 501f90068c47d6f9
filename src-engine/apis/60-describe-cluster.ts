/** DescribeCluster (60): the one broker, which is also the controller. */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { brokersView } from '../replication/serving.js';
import type { DescribeClusterRequest, DescribeClusterResponse } from '../../src-protocol/generated/60-describe-cluster.js';
import { authorizedOperations, clusterAuthorized, Op, Resource } from '../security/authz.js';
import { CLUSTER_RESOURCE_NAME } from '../../src-common/security/acl-rules.js';

/** endpointType 1 = brokers (2 = controllers, which v1 clients may ask for). */
const BROKER_ENDPOINTS = 1;

export const describeCluster = defineHandler<DescribeClusterRequest, DescribeClusterResponse>({
  key: 60,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, req) {
    const c = ctx.cluster;
    const base = { throttleTimeMs: 0, clusterId: c.clusterId, clusterAuthorizedOperations: authorizedOperations(ctx, req.includeClusterAuthorizedOperations, Resource.CLUSTER, CLUSTER_RESOURCE_NAME), endpointType: req.endpointType };
    if (!clusterAuthorized(ctx, Op.DESCRIBE)) return { ...base, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, controllerId: -1, brokers: [] };
    if (ctx.apiVersion >= 1 && req.endpointType !== BROKER_ENDPOINTS) {
      return { ...base, errorCode: ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, errorMessage: 'Only broker endpoints are served here.', controllerId: -1, brokers: [] };
    }
    const replicated = brokersView(c);
    if (replicated) {
      const brokers = replicated.brokers.map((b) => ({ brokerId: b.nodeId, host: b.host, port: b.port, rack: null }));
      return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, controllerId: replicated.controllerId, brokers };
    }
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      controllerId: c.nodeId,
      brokers: [{ brokerId: c.nodeId, ...c.advertisedFor(ctx.connection.listener), rack: null }],
    };
  },
});

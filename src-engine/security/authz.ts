/** What API handlers call to check an operation for the request's principal, as Kafka's AuthHelper does. */
import type { RequestContext } from '../server/handler.js';
import { AclOperation, ResourceType, CLUSTER_RESOURCE_NAME } from './acls.js';
import { AUTHORIZED_OPERATIONS_NOT_REQUESTED, SUPPORTED_OPERATIONS, operationsBitField } from '../../src-common/security/acl-rules.js';

export { AclOperation as Op, ResourceType as Resource } from './acls.js';

export function authorized(ctx: RequestContext, operation: number, resourceType: number, resourceName: string): boolean {
  return ctx.cluster.security.authorize({
    principal: ctx.connection.principal, host: ctx.connection.remoteAddress, operation, resourceType, resourceName,
  });
}

export function clusterAuthorized(ctx: RequestContext, operation: number): boolean {
  return authorized(ctx, operation, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME);
}

export const topicAuthorized = (ctx: RequestContext, operation: number, topic: string): boolean => authorized(ctx, operation, ResourceType.TOPIC, topic);
export const groupAuthorized = (ctx: RequestContext, operation: number, group: string): boolean => authorized(ctx, operation, ResourceType.GROUP, group);
export const txnAuthorized = (ctx: RequestContext, operation: number, id: string): boolean => authorized(ctx, operation, ResourceType.TRANSACTIONAL_ID, id);
export const canDescribeTopic = (ctx: RequestContext, topic: string): boolean => topicAuthorized(ctx, AclOperation.DESCRIBE, topic);

/**
 * KIP-430's authorized operations: the bit field of what the principal may do on a resource (every supported
 * operation without an authorizer, as Kafka's AuthHelper.authorizedOperations), or Kafka's "not requested" value.
 */
export function authorizedOperations(ctx: RequestContext, requested: boolean, resourceType: number, resourceName: string): number {
  if (!requested) return AUTHORIZED_OPERATIONS_NOT_REQUESTED;
  return operationsBitField((SUPPORTED_OPERATIONS[resourceType] ?? []).filter((op) => authorized(ctx, op, resourceType, resourceName)));
}

/** Config resources (DescribeConfigs, AlterConfigs): topics by name, brokers and broker loggers as the cluster. */
export function configResourceAuthorized(ctx: RequestContext, resourceType: number, resourceName: string, operation: number): boolean {
  return resourceType === 2 ? topicAuthorized(ctx, operation, resourceName) : clusterAuthorized(ctx, operation);
}

/** The error code Kafka gives a config resource the principal may not touch. */
export const configDeniedCode = (resourceType: number): number => (resourceType === 2 ? 29 : 31);

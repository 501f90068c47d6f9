/**
 * security.acls / createAcl / deleteAcl through kafkajs's admin (Describe/Create/DeleteAcls), plus what the broker's
 * configs say about its authorizer (super.users, allow.everyone.if.no.acl.found) for the GUI's "what can X do" check,
 * which runs the shared rules (src-common/security/acl-rules.ts) on the listed bindings. SECURITY_DISABLED from
 * DescribeAcls means "no authorizer configured".
 */

import type { AclFilter as KafkaJsAclFilter, AclEntry } from 'kafkajs';
import type { AclListing, AuthorizerInfo } from '../../../src-common/contract/security.js';
import {
  AclOperation, AclPermission, PatternType, ResourceType, bindingProblem, filterProblem, parseSuperUsers,
  type AclBinding, type AclFilter,
} from '../../../src-common/security/acl-rules.js';
import type { ClusterConnection } from '../../kafka/connection.js';
import { badRequest, fail, isKafkaError, toBackendError } from '../../errors.js';
import { requireInt, requireObject, requireString } from '../../validate.js';
import { errorName } from '../../../src-protocol/error-codes.js';
import { brokerConfigs, describeCluster } from './listeners.js';

const MATCH_ALL: AclFilter = {
  resourceType: ResourceType.ANY, resourceName: null, patternType: PatternType.ANY, principal: null, host: null,
  operation: AclOperation.ANY, permissionType: AclPermission.ANY,
};

const optionalString = (value: unknown, field: string): string | null =>
  value === null || value === undefined || value === '' ? null : requireString(value, field);

export function parseFilter(raw: unknown): AclFilter {
  if (raw === undefined || raw === null) return MATCH_ALL;
  const f = requireObject(raw, 'filter');
  const filter: AclFilter = {
    resourceType: requireInt(f.resourceType ?? ResourceType.ANY, 'filter.resourceType', 0, 7),
    resourceName: optionalString(f.resourceName, 'filter.resourceName'),
    patternType: requireInt(f.patternType ?? PatternType.ANY, 'filter.patternType', 0, 4),
    principal: optionalString(f.principal, 'filter.principal'),
    host: optionalString(f.host, 'filter.host'),
    operation: requireInt(f.operation ?? AclOperation.ANY, 'filter.operation', 0, 14),
    permissionType: requireInt(f.permissionType ?? AclPermission.ANY, 'filter.permissionType', 0, 3),
  };
  const problem = filterProblem(filter);
  if (problem) badRequest('filter', problem);
  return filter;
}

export function parseBinding(raw: unknown): AclBinding {
  const b = requireObject(raw, 'binding');
  const binding: AclBinding = {
    resourceType: requireInt(b.resourceType, 'binding.resourceType', 0, 7),
    resourceName: requireString(b.resourceName, 'binding.resourceName'),
    patternType: requireInt(b.patternType, 'binding.patternType', 0, 4),
    principal: requireString(b.principal, 'binding.principal').trim(),
    host: requireString(b.host, 'binding.host').trim(),
    operation: requireInt(b.operation, 'binding.operation', 0, 14),
    permissionType: requireInt(b.permissionType, 'binding.permissionType', 0, 3),
  };
  // The same check the broker makes (Kafka answers INVALID_REQUEST with this message): a clear error before the call.
  const problem = bindingProblem(binding);
  if (problem) badRequest('binding', problem);
  return binding;
}

const toKafkaJsFilter = (f: AclFilter): KafkaJsAclFilter => ({
  resourceType: f.resourceType, resourcePatternType: f.patternType, operation: f.operation, permissionType: f.permissionType,
  ...(f.resourceName !== null ? { resourceName: f.resourceName } : {}),
  ...(f.principal !== null ? { principal: f.principal } : {}),
  ...(f.host !== null ? { host: f.host } : {}),
}) as KafkaJsAclFilter;

const exactFilter = (b: AclBinding): AclFilter => ({ ...b });

async function authorizerInfo(connection: ClusterConnection, enabled: boolean): Promise<AuthorizerInfo> {
  try {
    const { brokers } = await describeCluster(connection);
    const first = brokers.slice().sort((a, b) => a.brokerId - b.brokerId)[0];
    const configs = first ? await brokerConfigs(connection, first.brokerId) : new Map<string, string | null>();
    const superUsers = configs.get('super.users');
    const allowEveryone = configs.get('allow.everyone.if.no.acl.found');
    return {
      enabled,
      className: configs.get('authorizer.class.name') || null,
      superUsers: superUsers === undefined || superUsers === null ? null : [...parseSuperUsers(superUsers)],
      allowEveryoneIfNoAclFound: allowEveryone === undefined || allowEveryone === null ? null : allowEveryone.trim().toLowerCase() === 'true',
    };
  } catch {
    // A principal without DESCRIBE_CONFIGS on the cluster still sees the ACLs; the settings are then unknown.
    return { enabled, className: null, superUsers: null, allowEveryoneIfNoAclFound: null };
  }
}

export async function listAcls(connection: ClusterConnection, rawFilter: unknown): Promise<AclListing> {
  const filter = parseFilter(rawFilter);
  const admin = await connection.admin();
  let bindings: AclBinding[];
  try {
    const response = await admin.describeAcls(toKafkaJsFilter(filter));
    bindings = response.resources.flatMap((r) => r.acls.map((a) => ({
      resourceType: r.resourceType, resourceName: r.resourceName, patternType: r.resourcePatternType,
      principal: a.principal, host: a.host, operation: a.operation, permissionType: a.permissionType,
    })));
  } catch (error) {
    if (!isKafkaError(error, 'SECURITY_DISABLED')) throw error;
    return { authorizer: await authorizerInfo(connection, false), bindings: [] };
  }
  bindings.sort((a, b) => a.resourceType - b.resourceType || a.resourceName.localeCompare(b.resourceName)
    || a.principal.localeCompare(b.principal) || a.operation - b.operation || a.permissionType - b.permissionType);
  return { authorizer: await authorizerInfo(connection, true), bindings };
}

/** Kafka's error name and message for an ACL call (SECURITY_DISABLED, CLUSTER_AUTHORIZATION_FAILED, INVALID_REQUEST ...). */
function rethrow(error: unknown, what: string): never {
  const e = toBackendError(error);
  if (e.kafkaName) fail('kafka', `${what}: ${e.kafkaName}${e.message && e.message !== e.kafkaName ? ` — ${e.message}` : ''}`, { kafkaCode: e.kafkaCode, kafkaName: e.kafkaName });
  throw error;
}

export async function createAcl(connection: ClusterConnection, raw: unknown): Promise<void> {
  const b = parseBinding(raw);
  const admin = await connection.admin();
  const entry = {
    resourceType: b.resourceType, resourceName: b.resourceName, resourcePatternType: b.patternType,
    principal: b.principal, host: b.host, operation: b.operation, permissionType: b.permissionType,
  } as AclEntry;
  await admin.createAcls({ acl: [entry] }).catch((error: unknown) => rethrow(error, 'CreateAcls'));
}

export async function deleteAcl(connection: ClusterConnection, raw: unknown): Promise<{ deleted: number }> {
  const b = parseBinding(raw);
  const admin = await connection.admin();
  const response = await admin.deleteAcls({ filters: [toKafkaJsFilter(exactFilter(b))] }).catch((error: unknown) => rethrow(error, 'DeleteAcls'));
  const result = response.filterResponses[0];
  if (result?.errorCode) {
    const kafkaName = errorName(result.errorCode);
    fail('kafka', `DeleteAcls: ${kafkaName}${result.errorMessage ? ` — ${result.errorMessage}` : ''}`, { kafkaCode: result.errorCode, kafkaName });
  }
  return { deleted: result?.matchingAcls.length ?? 0 };
}

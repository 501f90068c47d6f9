// The ACL list's filters as URL query (names, not codes, so a URL reads like Kafka's CLI) and as the shared rules'
// AclFilter, which the list applies with matchesFilter (Kafka's DescribeAcls semantics, the one implementation).
import {
  AclOperation, AclPermission, PatternType, ResourceType, type AclFilter,
} from '../../../../src-common/security/acl-rules.js';
import { compactQuery, firstString, type QueryValue } from '../../lib/route-params.js';

export interface AclListFilter {
  resourceType: keyof typeof ResourceType;
  patternType: keyof typeof PatternType;
  name: string;
  principal: string;
  operation: keyof typeof AclOperation;
  permission: keyof typeof AclPermission;
}

const pick = <T extends Record<string, number>>(table: T, value: string | undefined, fallback: keyof T): keyof T =>
  (value !== undefined && value in table ? value : fallback) as keyof T;

export function filterFromQuery(query: Record<string, QueryValue>): AclListFilter {
  return {
    resourceType: pick(ResourceType, firstString(query.rt), 'ANY'),
    patternType: pick(PatternType, firstString(query.pt), 'ANY'),
    name: firstString(query.name) ?? '',
    principal: firstString(query.principal) ?? '',
    operation: pick(AclOperation, firstString(query.op), 'ANY'),
    permission: pick(AclPermission, firstString(query.perm), 'ANY'),
  };
}

export function filterToQuery(f: AclListFilter): Record<string, string> {
  return compactQuery({
    rt: f.resourceType === 'ANY' ? undefined : f.resourceType,
    pt: f.patternType === 'ANY' ? undefined : f.patternType,
    name: f.name.trim(), principal: f.principal.trim(),
    op: f.operation === 'ANY' ? undefined : f.operation,
    perm: f.permission === 'ANY' ? undefined : f.permission,
  });
}

export function toAclFilter(f: AclListFilter): AclFilter {
  return {
    resourceType: ResourceType[f.resourceType],
    resourceName: f.name.trim() === '' ? null : f.name.trim(),
    patternType: PatternType[f.patternType],
    principal: f.principal.trim() === '' ? null : f.principal.trim(),
    host: null,
    operation: AclOperation[f.operation],
    permissionType: AclPermission[f.permission],
  };
}

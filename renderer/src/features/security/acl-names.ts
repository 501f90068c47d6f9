// Kafka's names for the ACL model's codes (from the shared rules) and what the add form offers: the resource types,
// operations and pattern types a broker accepts in CreateAcls.
import {
  AclOperation, AclPermission, PatternType, ResourceType, SUPPORTED_OPERATIONS, type AclBinding,
} from '../../../../src-common/security/acl-rules.js';

const reverse = (table: Record<string, number>): Map<number, string> => new Map(Object.entries(table).map(([k, v]) => [v, k]));
const RESOURCE_NAMES = reverse(ResourceType);
const PATTERN_NAMES = reverse(PatternType);
const OPERATION_NAMES = reverse(AclOperation);
const PERMISSION_NAMES = reverse(AclPermission);

export const resourceTypeName = (code: number): string => RESOURCE_NAMES.get(code) ?? `#${code}`;
export const patternTypeName = (code: number): string => PATTERN_NAMES.get(code) ?? `#${code}`;
export const operationName = (code: number): string => OPERATION_NAMES.get(code) ?? `#${code}`;
export const permissionName = (code: number): string => PERMISSION_NAMES.get(code) ?? `#${code}`;

/** What CreateAcls takes (DELEGATION_TOKEN and USER are refused by this broker; Kafka's own CLI offers these four). */
export const CREATABLE_RESOURCE_TYPES = [ResourceType.TOPIC, ResourceType.GROUP, ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID] as const;
export const CREATABLE_PATTERN_TYPES = [PatternType.LITERAL, PatternType.PREFIXED] as const;
export const PERMISSIONS = [AclPermission.ALLOW, AclPermission.DENY] as const;

/** The operations an ACL can name per resource type: Kafka's supported ones (the shared table) plus ALL. */
export const OPERATIONS_FOR: Readonly<Record<number, readonly number[]>> = Object.fromEntries(
  CREATABLE_RESOURCE_TYPES.map((type) => [type, [AclOperation.ALL, ...(SUPPORTED_OPERATIONS[type] ?? [])]]),
);

/** All named operations (filters and the check may ask about any). */
export const ALL_OPERATIONS: readonly number[] = Object.values(AclOperation).filter((v) => v > AclOperation.ANY);

export const describeBinding = (b: AclBinding): string =>
  `${permissionName(b.permissionType)} ${b.principal} ${operationName(b.operation)} on ${resourceTypeName(b.resourceType)} `
  + `${patternTypeName(b.patternType)} "${b.resourceName}" from ${b.host}`;

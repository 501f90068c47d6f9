// Kafka's names for the ACL model's codes (from the shared rules) and what the add form offers: the resource types,
// operations and pattern types a broker accepts in CreateAcls.
import {
  AclOperation, AclPermission, PatternType, ResourceType, type AclBinding,
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

/** The operations Kafka's AclCommand allows per resource type (ALL everywhere). */
export const OPERATIONS_FOR: Readonly<Record<number, readonly number[]>> = {
  [ResourceType.TOPIC]: [AclOperation.ALL, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER,
    AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS],
  [ResourceType.GROUP]: [AclOperation.ALL, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE],
  [ResourceType.CLUSTER]: [AclOperation.ALL, AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
    AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE],
  [ResourceType.TRANSACTIONAL_ID]: [AclOperation.ALL, AclOperation.DESCRIBE, AclOperation.WRITE],
};

/** All named operations (filters and the check may ask about any). */
export const ALL_OPERATIONS: readonly number[] = Object.values(AclOperation).filter((v) => v > AclOperation.ANY);

export const describeBinding = (b: AclBinding): string =>
  `${permissionName(b.permissionType)} ${b.principal} ${operationName(b.operation)} on ${resourceTypeName(b.resourceType)} `
  + `${patternTypeName(b.patternType)} "${b.resourceName}" from ${b.host}`;

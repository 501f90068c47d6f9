/**
 * Kafka's ACL model (resource type, pattern type, operation, permission; principal and host) and the matching
 * rules of its StandardAuthorizer: DENY wins, READ/WRITE/DELETE/ALTER imply DESCRIBE, ALTER_CONFIGS implies
 * DESCRIBE_CONFIGS, ALL covers every operation, LITERAL "*" and PREFIXED patterns, super users,
 * allow.everyone.if.no.acl.found. The one implementation: the engine's authorizer and the console's
 * "what can principal X do" check both use it.
 */
export const ResourceType = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const AclOperation = {
  UNKNOWN: 0, ANY: 1, ALL: 2, READ: 3, WRITE: 4, CREATE: 5, DELETE: 6, ALTER: 7, DESCRIBE: 8, CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10, ALTER_CONFIGS: 11, IDEMPOTENT_WRITE: 12, CREATE_TOKENS: 13, DESCRIBE_TOKENS: 14,
} as const;
export const AclPermission = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

/** The operations an ACL can grant on each resource type (Kafka's AclEntry.supportedOperations). */
export const SUPPORTED_OPERATIONS: Readonly<Record<number, readonly number[]>> = {
  [ResourceType.TOPIC]: [AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE,
    AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS],
  // Kafka 4 added group configs (KIP-848), so groups take DESCRIBE_CONFIGS and ALTER_CONFIGS too.
  [ResourceType.GROUP]: [AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS],
  [ResourceType.CLUSTER]: [AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
    AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE],
  [ResourceType.TRANSACTIONAL_ID]: [AclOperation.DESCRIBE, AclOperation.WRITE],
  [ResourceType.DELEGATION_TOKEN]: [AclOperation.DESCRIBE],
  [ResourceType.USER]: [AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS],
};

/** Kafka's "authorized operations not requested" value (Integer.MIN_VALUE) in Metadata, DescribeCluster, DescribeGroups. */
export const AUTHORIZED_OPERATIONS_NOT_REQUESTED = -2147483648;

/** A set of operation codes as Kafka's 32-bit field (bit n = operation n). */
export const operationsBitField = (operations: Iterable<number>): number => {
  let bits = 0;
  for (const op of operations) bits |= 1 << op;
  return bits;
};
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';
export const WILDCARD = '*';

export interface AclBinding {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly patternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

export interface AclFilter {
  readonly resourceType: number;
  readonly resourceName: string | null;
  readonly patternType: number;
  readonly principal: string | null;
  readonly host: string | null;
  readonly operation: number;
  readonly permissionType: number;
}

/** One binding's identity: two bindings with equal keys are the same ACL. */
export const aclKey = (b: AclBinding): string => JSON.stringify([b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permissionType]);

/** Why Kafka refuses to create this binding (INVALID_REQUEST), or null. */
export function bindingProblem(b: AclBinding): string | null {
  if (b.resourceType === ResourceType.DELEGATION_TOKEN || b.resourceType === ResourceType.USER) return 'Delegation token and user ACLs are not supported by this broker';
  if (!([ResourceType.TOPIC, ResourceType.GROUP, ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID] as number[]).includes(b.resourceType)) return 'Invalid resourceType';
  if (b.patternType !== PatternType.LITERAL && b.patternType !== PatternType.PREFIXED) return 'Invalid patternType';
  if (b.operation <= AclOperation.ANY || b.operation > AclOperation.DESCRIBE_TOKENS) return 'Invalid operation';
  if (b.permissionType !== AclPermission.ALLOW && b.permissionType !== AclPermission.DENY) return 'Invalid permissionType';
  if (b.resourceName === '') return 'Resource name should not be empty';
  if (b.resourceType === ResourceType.CLUSTER && (b.resourceName !== CLUSTER_RESOURCE_NAME || b.patternType !== PatternType.LITERAL)) {
    return `The only valid name for the CLUSTER resource is ${CLUSTER_RESOURCE_NAME}`;
  }
  if (!/^[^:]+:.*$/.test(b.principal)) return `Could not parse principal from \`${b.principal}\` (no colon is present separating the principal type from the principal name)`;
  if (b.host === '') return 'Invalid host';
  return null;
}

/** Why a Describe/Delete filter is invalid, or null. */
export function filterProblem(f: AclFilter): string | null {
  if (f.resourceType === ResourceType.UNKNOWN) return 'Invalid resourceType';
  if (f.patternType === PatternType.UNKNOWN) return 'Invalid patternType';
  if (f.operation === AclOperation.UNKNOWN) return 'Invalid operation';
  if (f.permissionType === AclPermission.UNKNOWN) return 'Invalid permissionType';
  return null;
}

function patternMatchesFilter(b: AclBinding, f: AclFilter): boolean {
  if (f.resourceType !== ResourceType.ANY && f.resourceType !== b.resourceType) return false;
  if (f.patternType === PatternType.ANY || f.patternType === b.patternType) return f.resourceName === null || f.resourceName === b.resourceName;
  if (f.patternType !== PatternType.MATCH) return false;
  // MATCH: every binding that would apply to the named resource.
  if (f.resourceName === null) return true;
  if (b.patternType === PatternType.LITERAL) return b.resourceName === f.resourceName || b.resourceName === WILDCARD;
  return b.patternType === PatternType.PREFIXED && f.resourceName.startsWith(b.resourceName);
}

export function matchesFilter(b: AclBinding, f: AclFilter): boolean {
  return patternMatchesFilter(b, f)
    && (f.principal === null || f.principal === b.principal)
    && (f.host === null || f.host === b.host)
    && (f.operation === AclOperation.ANY || f.operation === b.operation)
    && (f.permissionType === AclPermission.ANY || f.permissionType === b.permissionType);
}

function appliesToResource(b: AclBinding, type: number, name: string): boolean {
  if (b.resourceType !== type) return false;
  if (b.patternType === PatternType.LITERAL) return b.resourceName === name || b.resourceName === WILDCARD;
  return b.patternType === PatternType.PREFIXED && name.startsWith(b.resourceName);
}

const DESCRIBE_IMPLIED_BY: readonly number[] = [AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER];

function allowCovers(aclOp: number, op: number): boolean {
  if (aclOp === op || aclOp === AclOperation.ALL) return true;
  if (op === AclOperation.DESCRIBE) return DESCRIBE_IMPLIED_BY.includes(aclOp);
  if (op === AclOperation.DESCRIBE_CONFIGS) return aclOp === AclOperation.ALTER_CONFIGS;
  return false;
}

export interface AuthorizeRequest {
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly resourceType: number;
  readonly resourceName: string;
}

/** Why a decision came out as it did (the GUI's "what can X do on Y" check shows it). */
export type AclDecisionReason = 'no-authorizer' | 'super-user' | 'denied-by-acl' | 'allowed-by-acl' | 'no-acl-allow-everyone' | 'no-matching-allow';

export interface AclDecision {
  readonly allowed: boolean;
  readonly reason: AclDecisionReason;
  /** The binding that decided (the DENY that won, or the first ALLOW that covered the operation). */
  readonly binding: AclBinding | null;
}

/** The decision of Kafka's StandardAuthorizer from the ACLs alone (super users are the caller's: see authorizeRequest). */
export function decideWithAcls(bindings: Iterable<AclBinding>, req: AuthorizeRequest, allowIfNoAcl: boolean): AclDecision {
  let anyForResource = false;
  let allowedBy: AclBinding | null = null;
  for (const b of bindings) {
    if (!appliesToResource(b, req.resourceType, req.resourceName)) continue;
    anyForResource = true;
    if (b.principal !== req.principal && b.principal !== 'User:*') continue;
    if (b.host !== WILDCARD && b.host !== req.host) continue;
    if (b.permissionType === AclPermission.DENY && (b.operation === req.operation || b.operation === AclOperation.ALL)) {
      return { allowed: false, reason: 'denied-by-acl', binding: b };
    }
    if (allowedBy === null && b.permissionType === AclPermission.ALLOW && allowCovers(b.operation, req.operation)) allowedBy = b;
  }
  if (allowedBy !== null) return { allowed: true, reason: 'allowed-by-acl', binding: allowedBy };
  if (!anyForResource && allowIfNoAcl) return { allowed: true, reason: 'no-acl-allow-everyone', binding: null };
  return { allowed: false, reason: 'no-matching-allow', binding: null };
}

export interface AuthorizerSettings {
  /** False when no authorizer is configured (Kafka answers SECURITY_DISABLED to ACL requests and allows everything). */
  readonly enabled: boolean;
  readonly superUsers: ReadonlySet<string>;
  readonly allowEveryoneIfNoAclFound: boolean;
}

/** Kafka's authorize(): everything without an authorizer; super users may do anything; otherwise the ACLs decide. */
export function authorizeRequest(bindings: Iterable<AclBinding>, req: AuthorizeRequest, settings: AuthorizerSettings): AclDecision {
  if (!settings.enabled) return { allowed: true, reason: 'no-authorizer', binding: null };
  if (settings.superUsers.has(req.principal)) return { allowed: true, reason: 'super-user', binding: null };
  return decideWithAcls(bindings, req, settings.allowEveryoneIfNoAclFound);
}

/** `super.users` as Kafka parses it: principals separated by semicolons. */
export const parseSuperUsers = (value: string | undefined): ReadonlySet<string> =>
  new Set((value ?? '').split(';').map((s) => s.trim()).filter((s) => s !== ''));

/** True when some binding lets the principal do `operation` on some resource of the type (and no wildcard DENY). */
export function allowsSomeResource(bindings: readonly AclBinding[], principal: string, host: string, resourceType: number, operation: number, allowIfNoAcl: boolean): boolean {
  const mine = bindings.filter((b) => b.resourceType === resourceType
    && (b.principal === principal || b.principal === 'User:*') && (b.host === WILDCARD || b.host === host)
    && (b.operation === operation || b.operation === AclOperation.ALL));
  if (mine.some((b) => b.permissionType === AclPermission.DENY && b.patternType === PatternType.LITERAL && b.resourceName === WILDCARD)) return false;
  if (mine.some((b) => b.permissionType === AclPermission.ALLOW)) return true;
  return allowIfNoAcl && !bindings.some((b) => b.resourceType === resourceType);
}

/** The engine's ACLs, persisted in DATA_DIR/security/acls.json; the rules live in src-common/security/acl-rules.ts. */
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.js';
import {
  aclKey, allowsSomeResource, authorizeRequest, decideWithAcls, matchesFilter, type AclBinding, type AclFilter, type AuthorizeRequest,
  type AuthorizerSettings,
} from '../../src-common/security/acl-rules.js';

export * from '../../src-common/security/acl-rules.js';

export class AclStore {
  private readonly bindings = new Map<string, AclBinding>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'security', 'acls.json');
    const raw = readJsonFile(this.file) as { acls?: AclBinding[] } | undefined;
    for (const b of raw?.acls ?? []) this.bindings.set(aclKey(b), b);
  }

  get size(): number {
    return this.bindings.size;
  }

  /** Adds bindings (an existing identical one is kept once); persists once. */
  add(bindings: readonly AclBinding[]): void {
    for (const b of bindings) this.bindings.set(aclKey(b), { ...b });
    this.save();
  }

  list(filter: AclFilter): AclBinding[] {
    return [...this.bindings.values()].filter((b) => matchesFilter(b, filter));
  }

  /** Removes every binding matching any filter; returns the removed ones per filter. */
  remove(filters: readonly AclFilter[]): AclBinding[][] {
    const removed = filters.map((f) => this.list(f));
    for (const list of removed) for (const b of list) this.bindings.delete(aclKey(b));
    if (removed.some((l) => l.length > 0)) this.save();
    return removed;
  }

  /** The decision for one request, without super users (the authorizer adds those). */
  decide(req: AuthorizeRequest, allowIfNoAcl: boolean): boolean {
    return decideWithAcls(this.bindings.values(), req, allowIfNoAcl).allowed;
  }

  /** Kafka's authorize() over the stored bindings (no authorizer, super users, then the ACLs). */
  authorize(req: AuthorizeRequest, settings: AuthorizerSettings): boolean {
    return authorizeRequest(this.bindings.values(), req, settings).allowed;
  }

  /** True when some binding lets the principal do `operation` on some resource of the type (and no wildcard DENY). */
  allowsSomeResource(principal: string, host: string, resourceType: number, operation: number, allowIfNoAcl: boolean): boolean {
    return allowsSomeResource([...this.bindings.values()], principal, host, resourceType, operation, allowIfNoAcl);
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, acls: [...this.bindings.values()] });
  }
}

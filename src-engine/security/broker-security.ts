/**
 * The broker's security state, owned by the Cluster: SASL users, ACLs and the authorizer's settings
 * (`authorizer.class.name`, `super.users`, `allow.everyone.if.no.acl.found`). API handlers reach it as
 * `ctx.cluster.security`; connections carry their principal.
 */
import type { Logger } from '../logger.js';
import {
  AclOperation, AclStore, ResourceType, CLUSTER_RESOURCE_NAME, parseSuperUsers, type AuthorizeRequest,
} from './acls.js';
import { UserStore } from './users.js';

export const ANONYMOUS = 'User:ANONYMOUS';
const AUTHORIZERS = ['org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'kafka.security.authorizer.AclAuthorizer'];

export interface StartUser {
  readonly name: string;
  readonly password: string;
}

export class BrokerSecurity {
  readonly users: UserStore;
  readonly acls: AclStore;
  /** True when `authorizer.class.name` names Kafka's authorizer. */
  readonly authorizerEnabled: boolean;
  private readonly superUsers: ReadonlySet<string>;
  private readonly allowIfNoAcl: boolean;

  constructor(dataDir: string, configs: ReadonlyMap<string, string>, startUsers: readonly StartUser[], log: Logger) {
    this.users = new UserStore(dataDir);
    for (const u of startUsers) this.users.setPassword(u.name, u.password);
    if (startUsers.length > 0) log.info(`SASL users created or updated: ${startUsers.map((u) => u.name).join(', ')}`);
    this.acls = new AclStore(dataDir);
    const cls = (configs.get('authorizer.class.name') ?? '').trim();
    this.authorizerEnabled = AUTHORIZERS.includes(cls);
    this.superUsers = parseSuperUsers(configs.get('super.users'));
    this.allowIfNoAcl = configs.get('allow.everyone.if.no.acl.found') === 'true';
  }

  isSuperUser(principal: string): boolean {
    return this.superUsers.has(principal);
  }

  /** Kafka's authorize(): true without an authorizer; super users may do anything. */
  authorize(req: AuthorizeRequest): boolean {
    const settings = { enabled: this.authorizerEnabled, superUsers: this.superUsers, allowEveryoneIfNoAclFound: this.allowIfNoAcl };
    return this.acls.authorize(req, settings);
  }

  /** Kafka's authorizeByResourceType(TOPIC, WRITE): some ALLOW for WRITE on a topic pattern, and no DENY of all topics. */
  mayWriteSomeTopic(principal: string, host: string): boolean {
    if (!this.authorizerEnabled || this.superUsers.has(principal)) return true;
    return this.acls.allowsSomeResource(principal, host, ResourceType.TOPIC, AclOperation.WRITE, this.allowIfNoAcl);
  }

  authorizeCluster(principal: string, host: string, operation: number): boolean {
    return this.authorize({ principal, host, operation, resourceType: ResourceType.CLUSTER, resourceName: CLUSTER_RESOURCE_NAME });
  }
}

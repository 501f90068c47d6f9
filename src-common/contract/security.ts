/**
 * The Security pages' shapes (listeners, SCRAM users, ACLs, the embedded broker's dev CA), the same for the embedded
 * broker and remote clusters: the backend reads them over the Kafka protocol. ACL bindings use Kafka's own numeric
 * codes (src-common/security/acl-rules.ts); passwords only ever travel GUI → backend, never back.
 */

import type { AclBinding } from '../security/acl-rules.js';
import type { ScramMechanism } from '../security/scram-constants.js';

export type { AclBinding, AclFilter } from '../security/acl-rules.js';
export type { ScramMechanism } from '../security/scram-constants.js';

export interface ListenerInfo {
  /** The listener name (PLAINTEXT, SASL_SSL, a custom name such as CLIENT). */
  name: string;
  /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (from listener.security.protocol.map); null when unmapped. */
  securityProtocol: string | null;
  /** The bound address from `listeners` (an empty host means every interface in Kafka). */
  host: string;
  port: number;
  /** From `advertised.listeners` (null when the listener is not advertised separately: it advertises itself). */
  advertised: string | null;
  /** SASL mechanisms offered (per-listener form first, then sasl.enabled.mechanisms); empty on non-SASL listeners. */
  saslMechanisms: string[];
  /** ssl.client.auth (per-listener form first) on SSL/SASL_SSL listeners; null elsewhere. */
  sslClientAuth: string | null;
  /** True for the listener the console's own connection goes through. */
  consoleConnected: boolean;
  /** True for inter.broker.listener.name (or the first listener when unset). */
  interBroker: boolean;
}

export interface ListenersView {
  /** The broker whose configs were read (the first one of the cluster). */
  brokerId: number;
  listeners: ListenerInfo[];
  /** The console's own bootstrap servers and SASL mechanism (how it connects). */
  consoleBootstrap: string[];
  consoleSaslMechanism: string | null;
  consoleTls: boolean;
}

export interface ScramCredentialInfo {
  mechanism: ScramMechanism;
  iterations: number;
}

export interface ScramUser {
  name: string;
  credentials: ScramCredentialInfo[];
}

export interface UpsertScramUserParams {
  clusterId: string;
  name: string;
  /** Sent once to the backend, salted there (PBKDF2) and never stored, logged or returned. */
  password: string;
  mechanisms: ScramMechanism[];
  /** MIN_ITERATIONS..MAX_ITERATIONS (4096..16384, Kafka's bounds). */
  iterations: number;
}

/** What the broker says about its authorizer (null = DescribeConfigs did not show it). */
export interface AuthorizerInfo {
  /** False: the broker answered SECURITY_DISABLED ("no authorizer configured"). */
  enabled: boolean;
  className: string | null;
  /** `super.users` as principals; null when the broker config did not show it. */
  superUsers: string[] | null;
  allowEveryoneIfNoAclFound: boolean | null;
}

export interface AclListing {
  authorizer: AuthorizerInfo;
  bindings: AclBinding[];
}

export interface DevCaInfo {
  caCertPath: string;
  /** SHA-256 fingerprint as colon-separated hex (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
  subject: string;
  validTo: string;
}

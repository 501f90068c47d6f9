/**
 * Kafka's security broker configs this engine understands (listeners, SASL, SSL, the authorizer), Kafka's names
 * and defaults. All need a restart (`readOnly`), as the listener-related ones do in Kafka without a dynamic
 * listener update. Per-listener forms (`listener.name.<l>.<config>`) are read by `src-engine/security/`.
 */
import { atLeast, listOf, oneOf, type ConfigDefinition } from './config-def.js';

const fixed = (name: string, type: ConfigDefinition['type'], defaultValue: string | null, documentation: string,
  extra: Partial<ConfigDefinition> = {}): ConfigDefinition =>
  ({ name, type, defaultValue, documentation, importance: 'HIGH', readOnly: true, ...extra });

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

export const SECURITY_CONFIG_LIST: readonly ConfigDefinition[] = [
  fixed('advertised.listeners', 'STRING', null, 'Listeners put in Metadata responses, as NAME://host:port; defaults to listeners. A port of 0 stands for the bound port.'),
  fixed('allow.everyone.if.no.acl.found', 'BOOLEAN', 'false', 'With an authorizer: allow an operation on a resource no ACL matches (otherwise it is denied).'),
  fixed('authorizer.class.name', 'STRING', '', 'The authorizer: org.apache.kafka.metadata.authorizer.StandardAuthorizer (or kafka.security.authorizer.AclAuthorizer) turns ACLs on; empty allows everything.',
    { validator: oneOf('', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'kafka.security.authorizer.AclAuthorizer') }),
  fixed('connections.max.reauth.ms', 'LONG', '0', 'KIP-368: the longest a SASL session lives before the client must re-authenticate (0: forever).', { validator: atLeast(0) }),
  fixed('inter.broker.listener.name', 'STRING', null, 'The listener brokers talk to each other over; defaults to the first listener.'),
  fixed('listener.security.protocol.map', 'STRING', 'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    'Listener name to security protocol, as NAME:PROTOCOL pairs.'),
  fixed('listeners', 'STRING', null, 'The addresses the broker listens on, as NAME://host:port (comma-separated). Without it, one PLAINTEXT listener on --host/--port.'),
  fixed('principal.builder.class', 'CLASS', 'org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder', 'Kafka\'s default principal builder (the only one here).'),
  fixed('sasl.enabled.mechanisms', 'LIST', 'GSSAPI', 'SASL mechanisms offered on SASL listeners (this engine serves PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; GSSAPI is ignored).',
    { validator: listOf('GSSAPI', ...SASL_MECHANISMS, 'OAUTHBEARER') }),
  fixed('ssl.cipher.suites', 'LIST', '', 'TLS cipher suites (OpenSSL names); empty for Node\'s defaults.'),
  fixed('ssl.client.auth', 'STRING', 'none', 'Client certificates on SSL listeners: required, requested or none.', { validator: oneOf('required', 'requested', 'none') }),
  fixed('ssl.enabled.protocols', 'LIST', 'TLSv1.2,TLSv1.3', 'TLS versions accepted.', { validator: listOf('TLSv1.2', 'TLSv1.3') }),
  fixed('ssl.key.password', 'PASSWORD', null, 'Passphrase of an encrypted PEM private key.', { sensitive: true }),
  fixed('ssl.keystore.certificate.chain', 'PASSWORD', null, 'PEM certificate chain (server certificate first), with ssl.keystore.type=PEM.', { sensitive: true }),
  fixed('ssl.keystore.key', 'PASSWORD', null, 'PEM private key, with ssl.keystore.type=PEM.', { sensitive: true }),
  fixed('ssl.keystore.location', 'STRING', null, 'A PEM file holding the private key and the certificate chain.'),
  fixed('ssl.keystore.type', 'STRING', 'JKS', 'Keystore format; this engine reads PEM only.'),
  fixed('ssl.principal.mapping.rules', 'STRING', 'DEFAULT', 'Rules mapping a client certificate\'s subject to a principal name: RULE:pattern/replacement/[LU], comma-separated, or DEFAULT.'),
  fixed('ssl.truststore.certificates', 'PASSWORD', null, 'PEM CA certificates trusted for client certificates, with ssl.truststore.type=PEM.', { sensitive: true }),
  fixed('ssl.truststore.location', 'STRING', null, 'A PEM file of CA certificates trusted for client certificates.'),
  fixed('ssl.truststore.type', 'STRING', 'JKS', 'Truststore format; this engine reads PEM only.'),
  fixed('super.users', 'STRING', '', 'Principals allowed everything, separated by semicolons (User:admin;User:CN=ops).'),
];

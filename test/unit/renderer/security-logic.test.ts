// The Security pages' pure logic: the "what can X do" check (the shared rules plus what the broker did not show),
// the ACL filters as URL query, and the client snippets' shape per listener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccess } from '../../../renderer/src/features/security/acl-check.js';
import { filterFromQuery, filterToQuery, toAclFilter } from '../../../renderer/src/features/security/acl-filter.js';
import { clientSnippets } from '../../../renderer/src/features/security/client-config.js';
import { AclOperation, AclPermission, matchesFilter, PatternType, ResourceType, type AclBinding } from '../../../src-common/security/acl-rules.js';
import type { AuthorizerInfo, ListenerInfo } from '../../../src-common/contract/security.js';

const allow: AclBinding = {
  resourceType: ResourceType.TOPIC, resourceName: 'orders', patternType: PatternType.LITERAL, principal: 'User:a', host: '*',
  operation: AclOperation.WRITE, permissionType: AclPermission.ALLOW,
};
const known: AuthorizerInfo = { enabled: true, className: 'x', superUsers: ['User:root'], allowEveryoneIfNoAclFound: false };
const unknown: AuthorizerInfo = { enabled: true, className: 'x', superUsers: null, allowEveryoneIfNoAclFound: null };
const req = (over: Partial<{ principal: string; operation: number; resourceName: string }> = {}) => ({
  principal: 'User:a', host: '10.0.0.1', operation: AclOperation.DESCRIBE, resourceType: ResourceType.TOPIC, resourceName: 'orders', ...over,
});

test('check: WRITE implies DESCRIBE; DENY wins; super users; no authorizer', () => {
  assert.equal(checkAccess([allow], known, req()).verdict, 'allowed');
  assert.match(checkAccess([allow], known, req()).explanation, /ALLOW User:a WRITE on TOPIC LITERAL "orders"/);
  const deny = { ...allow, operation: AclOperation.ALL, permissionType: AclPermission.DENY, principal: 'User:*' };
  const denied = checkAccess([allow, deny], known, req());
  assert.deepEqual([denied.verdict, denied.decision.binding], ['denied', deny]);
  assert.equal(checkAccess([deny], known, req({ principal: 'User:root' })).decision.reason, 'super-user');
  assert.equal(checkAccess([deny], { ...known, enabled: false }, req()).verdict, 'allowed');
});

test('check: settings the broker did not show make the answer unknown or add a caveat', () => {
  // No ACL on the resource: depends on allow.everyone.if.no.acl.found.
  const open = checkAccess([allow], unknown, req({ resourceName: 'payments' }));
  assert.equal(open.verdict, 'unknown');
  assert.match(open.caveats.join(' '), /allow\.everyone\.if\.no\.acl\.found/);
  // An ACL exists on the resource: denied regardless of allow.everyone, but a super user would pass.
  const denied = checkAccess([allow], unknown, req({ principal: 'User:b' }));
  assert.equal(denied.verdict, 'denied');
  assert.match(denied.caveats.join(' '), /super\.users/);
});

test('ACL filters: query round trip and Kafka\'s filter semantics', () => {
  const f = filterFromQuery({ rt: 'TOPIC', perm: 'DENY', principal: 'User:a', op: 'BOGUS' });
  assert.deepEqual(filterToQuery(f), { rt: 'TOPIC', principal: 'User:a', perm: 'DENY' });
  assert.equal(f.operation, 'ANY');
  assert.equal(matchesFilter(allow, toAclFilter(f)), false);
  assert.equal(matchesFilter(allow, toAclFilter({ ...f, permission: 'ALLOW' })), true);
  assert.equal(matchesFilter(allow, toAclFilter({ ...f, permission: 'ANY', patternType: 'MATCH', name: 'orders' })), true);
});

const listener = (over: Partial<ListenerInfo>): ListenerInfo => ({
  name: 'X', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 9092, advertised: null, saslMechanisms: [], sslClientAuth: null,
  consoleConnected: false, interBroker: false, ...over,
});

test('snippets: PLAINTEXT has no SASL/TLS lines; SSL with required client auth asks for a client certificate', () => {
  const plain = clientSnippets({ listener: listener({}), mechanism: null, username: '', caCertPath: null });
  assert.equal(plain.find((s) => s.id === 'java')!.text, 'bootstrap.servers=127.0.0.1:9092\nsecurity.protocol=PLAINTEXT');
  const mtls = clientSnippets({ listener: listener({ securityProtocol: 'SSL', sslClientAuth: 'required', advertised: 'broker:9093' }), mechanism: null, username: '', caCertPath: '/ca.crt' });
  const rd = mtls.find((s) => s.id === 'librdkafka')!.text;
  assert.match(rd, /^bootstrap\.servers=broker:9093$/m);
  assert.match(rd, /^ssl\.ca\.location=\/ca\.crt$/m);
  assert.match(rd, /^ssl\.certificate\.location=/m);
  assert.doesNotMatch(rd, /sasl/);
  const plainSasl = clientSnippets({ listener: listener({ securityProtocol: 'SASL_PLAINTEXT', saslMechanisms: ['PLAIN'] }), mechanism: 'PLAIN', username: 'u', caCertPath: null });
  assert.match(plainSasl.find((s) => s.id === 'java')!.text, /PlainLoginModule required username="u" password="<password>";/);
});

// Kafka's authorizer rules as src-common/security/acl-rules.ts evaluates them (the engine and the console share it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AclOperation as Op, AclPermission as Perm, PatternType as Pat, ResourceType as Res, authorizeRequest, parseSuperUsers,
  type AclBinding, type AuthorizerSettings,
} from '../../../src-common/security/acl-rules.js';

const acl = (over: Partial<AclBinding>): AclBinding => ({
  resourceType: Res.TOPIC, resourceName: 'orders', patternType: Pat.LITERAL, principal: 'User:alice', host: '*',
  operation: Op.READ, permissionType: Perm.ALLOW, ...over,
});
const on: AuthorizerSettings = { enabled: true, superUsers: parseSuperUsers('User:admin; User:ops'), allowEveryoneIfNoAclFound: false };
const ask = (principal: string, operation: number, resourceName = 'orders', resourceType: number = Res.TOPIC) =>
  ({ principal, host: '127.0.0.1', operation, resourceType, resourceName });

test('no authorizer allows everything; super users (semicolon list) bypass the ACLs', () => {
  assert.equal(authorizeRequest([], ask('User:bob', Op.WRITE), { ...on, enabled: false }).reason, 'no-authorizer');
  assert.deepEqual([...on.superUsers], ['User:admin', 'User:ops']);
  const d = authorizeRequest([acl({ principal: 'User:ops', permissionType: Perm.DENY, operation: Op.ALL })], ask('User:ops', Op.WRITE), on);
  assert.equal(d.allowed, true);
  assert.equal(d.reason, 'super-user');
});

test('default deny; allow.everyone.if.no.acl.found only where the resource has no ACL at all', () => {
  assert.equal(authorizeRequest([], ask('User:bob', Op.READ), on).reason, 'no-matching-allow');
  const open = { ...on, allowEveryoneIfNoAclFound: true };
  assert.equal(authorizeRequest([], ask('User:bob', Op.READ), open).reason, 'no-acl-allow-everyone');
  assert.equal(authorizeRequest([acl({})], ask('User:bob', Op.READ), open).allowed, false);
});

test('READ/WRITE/DELETE/ALTER imply DESCRIBE, ALTER_CONFIGS implies DESCRIBE_CONFIGS, ALL covers all; nothing else is implied', () => {
  for (const op of [Op.READ, Op.WRITE, Op.DELETE, Op.ALTER, Op.ALL]) {
    assert.equal(authorizeRequest([acl({ operation: op })], ask('User:alice', Op.DESCRIBE), on).allowed, true, `op ${op}`);
  }
  assert.equal(authorizeRequest([acl({ operation: Op.ALTER_CONFIGS })], ask('User:alice', Op.DESCRIBE_CONFIGS), on).allowed, true);
  assert.equal(authorizeRequest([acl({ operation: Op.READ })], ask('User:alice', Op.WRITE), on).allowed, false);
  assert.equal(authorizeRequest([acl({ operation: Op.DESCRIBE })], ask('User:alice', Op.READ), on).allowed, false);
  assert.equal(authorizeRequest([acl({ operation: Op.CREATE })], ask('User:alice', Op.DESCRIBE), on).allowed, false);
});

test('DENY wins over ALLOW, by wildcard principal too, and names the deciding binding', () => {
  const deny = acl({ principal: 'User:*', resourceName: 'ord', patternType: Pat.PREFIXED, operation: Op.READ, permissionType: Perm.DENY });
  const d = authorizeRequest([acl({ operation: Op.ALL }), deny], ask('User:alice', Op.READ), on);
  assert.equal(d.allowed, false);
  assert.equal(d.reason, 'denied-by-acl');
  assert.deepEqual(d.binding, deny);
  // A DENY of READ does not deny DESCRIBE (implication is for ALLOW only).
  assert.equal(authorizeRequest([acl({ operation: Op.ALL }), deny], ask('User:alice', Op.DESCRIBE), on).allowed, true);
});

test('patterns: LITERAL name or "*", PREFIXED by prefix; host must match unless "*"; other resource types do not count', () => {
  assert.equal(authorizeRequest([acl({ resourceName: '*' })], ask('User:alice', Op.READ, 'anything'), on).allowed, true);
  assert.equal(authorizeRequest([acl({ resourceName: 'ord', patternType: Pat.PREFIXED })], ask('User:alice', Op.READ, 'orders-eu'), on).allowed, true);
  assert.equal(authorizeRequest([acl({ resourceName: 'ord' })], ask('User:alice', Op.READ, 'orders'), on).allowed, false);
  assert.equal(authorizeRequest([acl({ host: '10.0.0.1' })], ask('User:alice', Op.READ), on).allowed, false);
  assert.equal(authorizeRequest([acl({ resourceType: Res.GROUP })], ask('User:alice', Op.READ), on).allowed, false);
  const d = authorizeRequest([acl({})], ask('User:alice', Op.READ), on);
  assert.equal(d.reason, 'allowed-by-acl');
  assert.equal(d.binding?.principal, 'User:alice');
});

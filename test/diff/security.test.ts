// Differential: the security APIs on a broker configured the same way as the reference Kafka 4.4 (PLAINTEXT, no
// authorizer): ACL APIs answer SECURITY_DISABLED, SASL requests on a PLAINTEXT listener ILLEGAL_SASL_STATE (the
// connection stays), and Describe/AlterUserScramCredentials give Kafka's per-user errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, pbkdf2Sync } from 'node:crypto';
import { skip, usePair, type Target } from './harness.js';
import { rawApi } from '../helpers/raw-client.js';
import type { DescribeAclsRequest, DescribeAclsResponse } from '../../src-protocol/generated/29-describe-acls.js';
import type { CreateAclsRequest, CreateAclsResponse } from '../../src-protocol/generated/30-create-acls.js';
import type { DeleteAclsRequest, DeleteAclsResponse } from '../../src-protocol/generated/31-delete-acls.js';
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../src-protocol/generated/17-sasl-handshake.js';
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../src-protocol/generated/36-sasl-authenticate.js';
import type { DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse } from '../../src-protocol/generated/50-describe-user-scram-credentials.js';
import type { AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse } from '../../src-protocol/generated/51-alter-user-scram-credentials.js';
import type { MetadataRequest, MetadataResponse } from '../../src-protocol/generated/03-metadata.js';

const pair = usePair();
const describeAcls = rawApi<DescribeAclsRequest, DescribeAclsResponse>(29);
const createAcls = rawApi<CreateAclsRequest, CreateAclsResponse>(30);
const deleteAcls = rawApi<DeleteAclsRequest, DeleteAclsResponse>(31);
const handshake = rawApi<SaslHandshakeRequest, SaslHandshakeResponse>(17);
const authenticate = rawApi<SaslAuthenticateRequest, SaslAuthenticateResponse>(36);
const describeScram = rawApi<DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse>(50);
const alterScram = rawApi<AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse>(51);
const metadata = rawApi<MetadataRequest, MetadataResponse>(3);

async function both<T>(f: (t: Target) => Promise<T>): Promise<{ kafka: T; engine: T }> {
  const p = pair();
  return { kafka: await f(p.kafka), engine: await f(p.engine) };
}

const anyFilter = { resourceTypeFilter: 1, resourceNameFilter: null, patternTypeFilter: 1, principalFilter: null, hostFilter: null, operation: 1, permissionType: 1 };

test('ACL APIs without an authorizer: SECURITY_DISABLED', { skip }, async () => {
  const r = await both(async (t) => ({
    describe: (await t.raw.send(describeAcls, 3, anyFilter)).errorCode,
    create: (await t.raw.send(createAcls, 3, { creations: [{ resourceType: 2, resourceName: 't', resourcePatternType: 3, principal: 'User:a', host: '*', operation: 3, permissionType: 3 }] })).results.map((x) => x.errorCode),
    delete: (await t.raw.send(deleteAcls, 3, { filters: [anyFilter] })).filterResults.map((x) => x.errorCode),
  }));
  assert.deepEqual(r.engine, r.kafka);
  assert.equal(r.kafka.describe, 54);
});

test('SaslHandshake and SaslAuthenticate on a PLAINTEXT listener: ILLEGAL_SASL_STATE, the connection stays', { skip }, async () => {
  const r = await both(async (t) => {
    const hs = await t.raw.send(handshake, 1, { mechanism: 'PLAIN' });
    const auth = await t.raw.send(authenticate, 2, { authBytes: Buffer.from('\u0000a\u0000b') });
    const md = await t.raw.send(metadata, 12, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    return { hs: hs.errorCode, auth: [auth.errorCode, auth.errorMessage], served: md.brokers.length };
  });
  assert.deepEqual(r.engine, r.kafka);
});

test('Describe/AlterUserScramCredentials: Kafka\'s per-user errors and the stored iterations', { skip }, async () => {
  const salt = randomBytes(16);
  const saltedPassword = pbkdf2Sync('pw', salt, 4096, 32, 'sha256');
  const r = await both(async (t) => {
    const user = `u${Date.now() % 1000}`;
    const refused = await t.raw.send(alterScram, 0, {
      deletions: [{ name: 'nobody', mechanism: 1 }, { name: 'bad-mech', mechanism: 0 }],
      upsertions: [{ name: 'few', mechanism: 1, iterations: 10, salt, saltedPassword }, { name: 'many', mechanism: 2, iterations: 20000, salt, saltedPassword }],
    });
    const added = await t.raw.send(alterScram, 0, { deletions: [], upsertions: [{ name: user, mechanism: 1, iterations: 4096, salt, saltedPassword }] });
    // Kafka's metadata cache sees the new credential a moment after the alter returns.
    let described = await t.raw.send(describeScram, 0, { users: [{ name: user }, { name: 'nobody' }] });
    for (let i = 0; i < 50 && described.results.find((x) => x.user === user)?.errorCode !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      described = await t.raw.send(describeScram, 0, { users: [{ name: user }, { name: 'nobody' }] });
    }
    const dup = await t.raw.send(describeScram, 0, { users: [{ name: user }, { name: user }] });
    return {
      refused: refused.results.map((x) => [x.user, x.errorCode]).sort(),
      added: added.results.map((x) => x.errorCode),
      // (Result order is not part of the contract: compare by user.)
      described: described.results.map((x) => [x.user === user ? 'new-user' : x.user, x.errorCode, x.credentialInfos]).sort(),
      dup: dup.results.map((x) => x.errorCode),
    };
  });
  assert.deepEqual(r.engine, r.kafka, JSON.stringify(r));
});

/**
 * AlterUserScramCredentials (51): upserts (salt + salted password, as the client computed them) and deletions,
 * with Kafka's per-user errors. ALTER on the cluster. The store is saved once per request.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse } from '../../src-protocol/generated/51-alter-user-scram-credentials.js';
import { clusterAuthorized, Op } from '../security/authz.js';
import { credentialFromSalted, MAX_ITERATIONS, MIN_ITERATIONS, SCRAM_MECHANISM_ID, type ScramMechanism } from '../security/scram.js';

const BY_ID = new Map(Object.entries(SCRAM_MECHANISM_ID).map(([m, id]) => [id, m as ScramMechanism]));

export const alterUserScramCredentials = defineHandler<AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse>({
  key: 51,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, req) {
    const all = [...req.deletions.map((d) => d.name), ...req.upsertions.map((u) => u.name)];
    const users = [...new Set(all)];
    if (!clusterAuthorized(ctx, Op.ALTER)) {
      return { throttleTimeMs: 0, results: users.map((user) => ({ user, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null })) };
    }
    const store = ctx.cluster.security.users;
    const errors = new Map<string, [number, string]>();
    const fail = (user: string, code: number, message: string): void => void (errors.has(user) || errors.set(user, [code, message]));
    for (const u of users) if (all.filter((n) => n === u).length > 1) fail(u, ErrorCode.DUPLICATE_RESOURCE, 'A user credential cannot be altered twice in the same request');
    for (const d of req.deletions) {
      const m = BY_ID.get(d.mechanism);
      if (d.name === '') fail(d.name, ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty');
      else if (m === undefined) fail(d.name, ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism');
      else if (store.credential(d.name, m) === undefined) fail(d.name, ErrorCode.RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist');
    }
    for (const u of req.upsertions) {
      const m = BY_ID.get(u.mechanism);
      if (u.name === '') fail(u.name, ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty');
      else if (m === undefined) fail(u.name, ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism');
      else if (u.iterations < MIN_ITERATIONS) fail(u.name, ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations');
      else if (u.iterations > MAX_ITERATIONS) fail(u.name, ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too many iterations');
      else if (u.salt.length === 0 || u.saltedPassword.length === 0) fail(u.name, ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Salt and salted password must not be empty');
    }
    for (const d of req.deletions) if (!errors.has(d.name)) store.delete(d.name, BY_ID.get(d.mechanism)!);
    for (const u of req.upsertions) {
      if (errors.has(u.name)) continue;
      const m = BY_ID.get(u.mechanism)!;
      store.upsert(u.name, m, credentialFromSalted(m, Buffer.from(u.salt), Buffer.from(u.saltedPassword), u.iterations));
    }
    if (users.some((u) => !errors.has(u))) store.save();
    return {
      throttleTimeMs: 0,
      results: users.map((user) => {
        const e = errors.get(user);
        return { user, errorCode: e?.[0] ?? ErrorCode.NONE, errorMessage: e?.[1] ?? null };
      }),
    };
  },
});

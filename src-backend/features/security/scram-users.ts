/**
 * security.users / upsertUser / deleteUser: SCRAM credentials over DescribeUserScramCredentials (50) and
 * AlterUserScramCredentials (51) on the backend's wire connection. An upsertion carries a random salt and
 * SaltedPassword = Hi(password, salt, iterations) (PBKDF2-HMAC), as Kafka's own admin client computes it; the password
 * goes no further than this function and is never logged or returned.
 */

import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { ScramUser, UpsertScramUserParams } from '../../../src-common/contract/security.js';
import {
  MAX_ITERATIONS, MIN_ITERATIONS, SCRAM_MECHANISM_ID, SCRAM_MECHANISMS, scramMechanismById, type ScramMechanism,
} from '../../../src-common/security/scram-constants.js';
import type { ClusterConnection } from '../../kafka/connection.js';
import { ALTER_USER_SCRAM_CREDENTIALS, DESCRIBE_USER_SCRAM_CREDENTIALS } from '../../kafka/wire-apis.js';
import { badRequest, fail } from '../../errors.js';
import { requireInt, requireString } from '../../validate.js';
import { errorName } from '../../../src-protocol/error-codes.js';
import type { AlterUserScramCredentialsRequest } from '../../../src-protocol/generated/51-alter-user-scram-credentials.js';

const pbkdf2Async = promisify(pbkdf2);

function kafkaFailure(code: number, message: string | null, what: string): never {
  const kafkaName = errorName(code);
  return fail('kafka', `${what}: ${kafkaName}${message ? ` — ${message}` : ''}`, { kafkaCode: code, kafkaName });
}

export function requireMechanisms(value: unknown): ScramMechanism[] {
  if (!Array.isArray(value) || value.length === 0) badRequest('mechanisms', `one or more of ${SCRAM_MECHANISMS.join(', ')}`);
  const out = [...new Set(value)];
  for (const m of out) if (!SCRAM_MECHANISMS.includes(m as ScramMechanism)) badRequest('mechanisms', `unknown mechanism ${String(m)}`);
  return out as ScramMechanism[];
}

export async function listScramUsers(connection: ClusterConnection): Promise<ScramUser[]> {
  const broker = await connection.wire().controller();
  const response = await broker.send(DESCRIBE_USER_SCRAM_CREDENTIALS, { users: null });
  if (response.errorCode !== 0) kafkaFailure(response.errorCode, response.errorMessage, 'DescribeUserScramCredentials');
  return response.results.filter((r) => r.errorCode === 0).map((r) => ({
    name: r.user,
    credentials: r.credentialInfos.flatMap((c) => {
      const mechanism = scramMechanismById(c.mechanism);
      return mechanism ? [{ mechanism, iterations: c.iterations }] : [];
    }),
  })).sort((a, b) => a.name.localeCompare(b.name));
}

const keyLength = (m: ScramMechanism): number => (m === 'SCRAM-SHA-256' ? 32 : 64);
const digestOf = (m: ScramMechanism): string => (m === 'SCRAM-SHA-256' ? 'sha256' : 'sha512');

export async function upsertScramUser(connection: ClusterConnection, p: UpsertScramUserParams): Promise<void> {
  const name = requireString(p.name, 'name').trim();
  if (name === '') badRequest('name', 'required');
  const password = requireString(p.password, 'password');
  if (password === '') badRequest('password', 'required');
  const mechanisms = requireMechanisms(p.mechanisms);
  const iterations = requireInt(p.iterations, 'iterations', MIN_ITERATIONS, MAX_ITERATIONS);
  // Kafka refuses two alterations of one user in a request (DUPLICATE_RESOURCE): one request per mechanism.
  for (const m of mechanisms) {
    const salt = randomBytes(32);
    // Kafka's ScramFormatter.hi over the password's UTF-8 bytes (what the Java admin client sends).
    const saltedPassword = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, keyLength(m), digestOf(m));
    await alter(connection, { deletions: [], upsertions: [{ name, mechanism: SCRAM_MECHANISM_ID[m], iterations, salt, saltedPassword }] });
  }
}

export async function deleteScramUser(connection: ClusterConnection, rawName: unknown, rawMechanisms: unknown): Promise<void> {
  const name = requireString(rawName, 'name');
  const mechanisms = requireMechanisms(rawMechanisms);
  for (const m of mechanisms) await alter(connection, { deletions: [{ name, mechanism: SCRAM_MECHANISM_ID[m] }], upsertions: [] });
}

async function alter(connection: ClusterConnection, request: AlterUserScramCredentialsRequest): Promise<void> {
  const broker = await connection.wire().controller();
  const response = await broker.send(ALTER_USER_SCRAM_CREDENTIALS, request);
  const failed = response.results.find((r) => r.errorCode !== 0);
  if (failed) kafkaFailure(failed.errorCode, failed.errorMessage, `AlterUserScramCredentials for ${failed.user}`);
}

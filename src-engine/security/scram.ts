/**
 * SCRAM (RFC 5802, RFC 7677) with Node's crypto: credentials as Kafka stores them (salt, StoredKey, ServerKey,
 * iterations; never the password) and the server side of one exchange.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { MIN_ITERATIONS, type ScramMechanism } from '../../src-common/security/scram-constants.js';

export { MAX_ITERATIONS, MIN_ITERATIONS, SCRAM_MECHANISM_ID, SCRAM_MECHANISMS, type ScramMechanism } from '../../src-common/security/scram-constants.js';

export interface ScramCredential {
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  readonly iterations: number;
}

const hashOf = (m: ScramMechanism): 'sha256' | 'sha512' => (m === 'SCRAM-SHA-256' ? 'sha256' : 'sha512');
const hmac = (m: ScramMechanism, key: Buffer, data: string | Buffer): Buffer => createHmac(hashOf(m), key).update(data).digest();
const digest = (m: ScramMechanism, data: Buffer): Buffer => createHash(hashOf(m)).update(data).digest();

export function saltedPassword(m: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, m === 'SCRAM-SHA-256' ? 32 : 64, hashOf(m));
}

/** The stored credential from a salted password (what AlterUserScramCredentials sends). */
export function credentialFromSalted(m: ScramMechanism, salt: Buffer, salted: Buffer, iterations: number): ScramCredential {
  const clientKey = hmac(m, salted, 'Client Key');
  return { salt, storedKey: digest(m, clientKey), serverKey: hmac(m, salted, 'Server Key'), iterations };
}

export function newCredential(m: ScramMechanism, password: string, iterations = MIN_ITERATIONS): ScramCredential {
  const salt = randomBytes(32);
  return credentialFromSalted(m, salt, saltedPassword(m, password, salt, iterations), iterations);
}

/** True when `password` is the one the credential was made from (PLAIN checks against the SCRAM-SHA-512 one). */
export function passwordMatches(m: ScramMechanism, cred: ScramCredential, password: string): boolean {
  const expected = credentialFromSalted(m, cred.salt, saltedPassword(m, password, cred.salt, cred.iterations), cred.iterations);
  return timingSafeEqual(expected.storedKey, cred.storedKey);
}

export class ScramError extends Error {}

/** SCRAM's saslname decoding: "=2C" is ',' and "=3D" is '='. */
function decodeName(raw: string): string {
  if (/=(?!2C|3D)/.test(raw)) throw new ScramError(`Invalid username: ${raw}`);
  return raw.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part.length < 2 || part[1] !== '=') throw new ScramError(`Invalid SCRAM message: ${message}`);
    out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** One server-side SCRAM exchange: client-first → server-first, client-final → server-final. */
export class ScramServerExchange {
  private state: 'first' | 'final' | 'done' = 'first';
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';
  private credential: ScramCredential | undefined;
  username = '';

  constructor(readonly mechanism: ScramMechanism, private readonly lookup: (user: string) => ScramCredential | undefined) {}

  get complete(): boolean {
    return this.state === 'done';
  }

  /** Returns the server's reply; throws ScramError (bad message) or ScramAuthFailure (bad credentials). */
  evaluate(token: Buffer): Buffer {
    const text = token.toString('utf8');
    if (this.state === 'first') return this.first(text);
    if (this.state === 'final') return this.final(text);
    throw new ScramError('SCRAM exchange already complete');
  }

  private first(text: string): Buffer {
    const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/.exec(text);
    if (!m) throw new ScramError(`Invalid SCRAM client first message: ${text}`);
    if (m[1]!.startsWith('p=')) throw new ScramError('SCRAM channel binding is not supported');
    this.gs2Header = `${m[1]},${m[2] ?? ''},`;
    this.clientFirstBare = m[3]!;
    const attrs = attributes(this.clientFirstBare);
    const user = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (user === undefined || clientNonce === undefined || clientNonce === '') throw new ScramError(`Invalid SCRAM client first message: ${text}`);
    this.username = decodeName(user);
    const authzid = m[2]?.slice(2);
    if (authzid !== undefined && authzid !== '' && decodeName(authzid) !== this.username) {
      throw new ScramAuthFailure('Authentication failed: Client requested an authorization id that is different from username');
    }
    if (attrs.get('tokenauth') === 'true') throw new ScramAuthFailure('Authentication failed: delegation tokens are not supported');
    this.credential = this.lookup(this.username);
    if (this.credential === undefined) throw new ScramAuthFailure('Authentication failed: Invalid user credentials');
    this.nonce = clientNonce + randomBytes(18).toString('base64url');
    this.serverFirst = `r=${this.nonce},s=${this.credential.salt.toString('base64')},i=${this.credential.iterations}`;
    this.state = 'final';
    return Buffer.from(this.serverFirst, 'utf8');
  }

  private final(text: string): Buffer {
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt < 0) throw new ScramError(`Invalid SCRAM client final message: ${text}`);
    const withoutProof = text.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    // Kafka's ScramSaslServer checks that the nonce ends with the server's (librdkafka 2.0 repeats its own part in front).
    if (!(attrs.get('r') ?? '').endsWith(this.nonce)) throw new ScramError('Invalid SCRAM client final message: nonce does not match');
    if (attrs.get('c') !== Buffer.from(this.gs2Header, 'utf8').toString('base64')) throw new ScramError('Invalid SCRAM client final message: channel binding does not match');
    const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
    const cred = this.credential!;
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.mechanism, cred.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw new ScramAuthFailure(null);
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    if (!timingSafeEqual(digest(this.mechanism, clientKey), cred.storedKey)) throw new ScramAuthFailure(null);
    this.state = 'done';
    return Buffer.from(`v=${hmac(this.mechanism, cred.serverKey, authMessage).toString('base64')}`, 'utf8');
  }
}

/** Bad credentials; `message` null means Kafka's generic "invalid credentials" wording. */
export class ScramAuthFailure extends Error {
  constructor(readonly clientMessage: string | null) {
    super(clientMessage ?? 'invalid credentials');
  }
}

/**
 * SASL client exchanges for the wire connection: PLAIN (RFC 4616) and SCRAM-SHA-256/512 (RFC 5802 / 7677), the
 * mechanisms the cluster settings offer. Each is a list of steps: bytes to send, then a check of the server's answer.
 */

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface SaslCredentials {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

/** One SASL conversation: `first()` is the client's opening message, `next()` answers each server message. */
export interface SaslExchange {
  /** Kafka's mechanism name for SaslHandshake, e.g. 'SCRAM-SHA-256'. */
  readonly mechanism: string;
  first(): Buffer;
  /** The next client message, or null when the exchange is complete (throws when the server is not trusted). */
  next(serverMessage: Buffer): Buffer | null;
}

export function saslExchange(credentials: SaslCredentials, clientNonce = randomBytes(24).toString('base64')): SaslExchange {
  if (credentials.mechanism === 'plain') return plainExchange(credentials);
  return new ScramExchange(credentials.mechanism === 'scram-sha-256' ? 'sha256' : 'sha512', credentials, clientNonce);
}

function plainExchange({ username, password }: SaslCredentials): SaslExchange {
  return {
    mechanism: 'PLAIN',
    first: () => Buffer.from(`\0${username}\0${password}`, 'utf8'),
    next: () => null,
  };
}

/** RFC 5802 saslname: ',' and '=' are escaped. */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

class ScramExchange implements SaslExchange {
  readonly mechanism: string;
  private readonly clientFirstBare: string;
  private expectedServerSignature: Buffer | null = null;

  constructor(
    private readonly hash: 'sha256' | 'sha512',
    private readonly credentials: SaslCredentials,
    private readonly clientNonce: string,
  ) {
    this.mechanism = hash === 'sha256' ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512';
    this.clientFirstBare = `n=${saslName(credentials.username)},r=${clientNonce}`;
  }

  first(): Buffer {
    return Buffer.from(`n,,${this.clientFirstBare}`, 'utf8');
  }

  next(serverMessage: Buffer): Buffer | null {
    const text = serverMessage.toString('utf8');
    const attrs = attributes(text);
    if (attrs.has('e')) throw new Error(`SCRAM authentication failed: ${attrs.get('e')}`);
    if (this.expectedServerSignature) {
      const signature = Buffer.from(attrs.get('v') ?? '', 'base64');
      if (signature.length !== this.expectedServerSignature.length || !timingSafeEqual(signature, this.expectedServerSignature)) {
        throw new Error('SCRAM server signature does not match: the server does not know the password');
      }
      return null;
    }
    const nonce = attrs.get('r') ?? '';
    const salt = Buffer.from(attrs.get('s') ?? '', 'base64');
    const iterations = Number(attrs.get('i'));
    if (!nonce.startsWith(this.clientNonce) || salt.length === 0 || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error('SCRAM server-first message is invalid');
    }
    const keyLength = this.hash === 'sha256' ? 32 : 64;
    const salted = pbkdf2Sync(this.credentials.password, salt, iterations, keyLength, this.hash);
    const hmac = (key: Buffer, data: string): Buffer => createHmac(this.hash, key).update(data, 'utf8').digest();
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`; // biws = base64('n,,'): no channel binding
    const authMessage = `${this.clientFirstBare},${text},${withoutProof}`;
    const clientSignature = hmac(storedKey, authMessage);
    const proof = Buffer.alloc(keyLength);
    for (let i = 0; i < keyLength; i++) proof[i] = (clientKey[i] ?? 0) ^ (clientSignature[i] ?? 0);
    this.expectedServerSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }
}

/**
 * One connection's SASL state, as Kafka's SaslServerAuthenticator keeps it: handshake, then tokens (in
 * SaslAuthenticate requests, or raw frames after a v0 handshake), then authenticated for the session lifetime
 * (KIP-368: a SaslHandshake on an authenticated connection starts a re-authentication).
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { ScramAuthFailure, ScramError, ScramServerExchange, type ScramMechanism } from './scram.js';
import type { UserStore } from './users.js';

export const AFTER_AUTH = 'SaslAuthenticate request received after successful authentication';

export type SaslMechanism = 'PLAIN' | ScramMechanism;
type State = 'handshake' | 'authenticate' | 'authenticated' | 'failed';

export interface TokenResult {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly reply: Buffer;
  /** True once the exchange completed successfully (the principal is set). */
  readonly done: boolean;
  readonly sessionLifetimeMs: number;
}

export class SaslSession {
  private state: State = 'handshake';
  private mechanism: SaslMechanism | null = null;
  private scram: ScramServerExchange | null = null;
  /** After a v0 handshake the client sends raw tokens with no Kafka header (pre-KIP-43 framing). */
  rawTokens = false;
  private authenticatedUser: string | null = null;
  private expiresAtMs = Number.POSITIVE_INFINITY;
  private reauthenticating = false;

  constructor(
    private readonly enabled: readonly SaslMechanism[],
    private readonly users: UserStore,
    private readonly reauthMs: number,
  ) {}

  get authenticated(): boolean {
    return this.state === 'authenticated' || this.reauthenticating;
  }

  get user(): string | null {
    return this.authenticatedUser;
  }

  get mechanismInUse(): SaslMechanism | null {
    return this.mechanism;
  }

  expired(now = Date.now()): boolean {
    return this.state === 'authenticated' && now >= this.expiresAtMs;
  }

  /** Before authentication only ApiVersions and SaslHandshake (and SaslAuthenticate after a handshake) pass. */
  allows(apiKey: number): boolean {
    if (this.state === 'authenticated') return true;
    if (apiKey === 18) return this.state === 'handshake' || this.reauthenticating;
    if (apiKey === 17) return this.state === 'handshake';
    if (apiKey === 36) return this.state === 'authenticate' && !this.rawTokens;
    return false;
  }

  handshake(mechanism: string, version: number): { errorCode: number; mechanisms: string[] } {
    const mechanisms = [...this.enabled];
    if (this.state === 'authenticated') {
      // KIP-368 re-authentication: same mechanism, same principal (checked when it completes).
      if (version === 0 || mechanism !== this.mechanism) {
        this.state = 'failed';
        return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms };
      }
      this.reauthenticating = true;
    } else if (this.state !== 'handshake') {
      this.state = 'failed';
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms };
    }
    if (!(this.enabled as readonly string[]).includes(mechanism)) {
      this.state = 'failed';
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms };
    }
    this.mechanism = mechanism as SaslMechanism;
    this.scram = mechanism === 'PLAIN' ? null : new ScramServerExchange(mechanism as ScramMechanism, (u) => this.users.credential(u, mechanism as ScramMechanism));
    this.rawTokens = version === 0;
    this.state = 'authenticate';
    return { errorCode: ErrorCode.NONE, mechanisms };
  }

  get failed(): boolean {
    return this.state === 'failed';
  }

  /** Evaluates one client token. On failure the state becomes failed and the caller closes the connection. */
  token(token: Buffer): TokenResult {
    // As KafkaApis answers it on an authenticated connection: an error, the connection stays.
    if (this.state === 'authenticated') return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: AFTER_AUTH, reply: Buffer.alloc(0), done: false, sessionLifetimeMs: 0 };
    if (this.state !== 'authenticate') return this.fail(ErrorCode.ILLEGAL_SASL_STATE, 'Unexpected SASL token');
    try {
      let user: string | null = null;
      let reply: Buffer = Buffer.alloc(0);
      if (this.mechanism === 'PLAIN') {
        user = this.plain(token);
      } else {
        reply = this.scram!.evaluate(token);
        if (this.scram!.complete) user = this.scram!.username;
      }
      if (user === null) return { errorCode: ErrorCode.NONE, errorMessage: null, reply, done: false, sessionLifetimeMs: 0 };
      if (this.reauthenticating && user !== this.authenticatedUser) {
        return this.fail(ErrorCode.SASL_AUTHENTICATION_FAILED, `Cannot change principals during re-authentication from User:${this.authenticatedUser}: User:${user}`);
      }
      this.authenticatedUser = user;
      this.state = 'authenticated';
      this.reauthenticating = false;
      this.expiresAtMs = this.reauthMs > 0 ? Date.now() + this.reauthMs : Number.POSITIVE_INFINITY;
      return { errorCode: ErrorCode.NONE, errorMessage: null, reply, done: true, sessionLifetimeMs: this.reauthMs > 0 ? this.reauthMs : 0 };
    } catch (err) {
      if (err instanceof ScramAuthFailure) {
        return this.fail(ErrorCode.SASL_AUTHENTICATION_FAILED, err.clientMessage ?? `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism}`);
      }
      if (err instanceof ScramError || err instanceof PlainError) {
        return this.fail(ErrorCode.SASL_AUTHENTICATION_FAILED, `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism}: ${err.message}`);
      }
      throw err;
    }
  }

  private fail(errorCode: number, message: string): TokenResult {
    this.state = 'failed';
    return { errorCode, errorMessage: message, reply: Buffer.alloc(0), done: false, sessionLifetimeMs: 0 };
  }

  /** RFC 4616: [authzid] NUL authcid NUL passwd. */
  private plain(token: Buffer): string {
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) throw new PlainError('Invalid SASL/PLAIN response: expected 3 tokens');
    const [authzid, user, password] = parts as [string, string, string];
    if (user === '') throw new PlainError('Authentication failed: username not specified');
    if (password === '') throw new PlainError('Authentication failed: password not specified');
    if (authzid !== '' && authzid !== user) {
      throw new ScramAuthFailure('Authentication failed: Client requested an authorization id that is different from username');
    }
    if (!this.users.verifyPassword(user, password)) throw new ScramAuthFailure('Authentication failed: Invalid username or password');
    return user;
  }
}

class PlainError extends Error {}

/** The security APIs (SASL, ACLs, SCRAM users), listed apart to keep index.ts's edits small. */
import type { ApiHandler } from '../server/handler.js';
import { saslHandshake } from './17-sasl-handshake.js';
import { saslAuthenticate } from './36-sasl-authenticate.js';

export const SECURITY_HANDLERS: readonly ApiHandler[] = [saslHandshake, saslAuthenticate];

/** The security APIs (SASL, ACLs, SCRAM users), listed apart to keep index.ts's edits small. */
import type { ApiHandler } from '../server/handler.js';
import { saslHandshake } from './17-sasl-handshake.js';
import { describeAcls } from './29-describe-acls.js';
import { createAcls } from './30-create-acls.js';
import { deleteAcls } from './31-delete-acls.js';
import { saslAuthenticate } from './36-sasl-authenticate.js';
import { describeUserScramCredentials } from './50-describe-user-scram-credentials.js';
import { alterUserScramCredentials } from './51-alter-user-scram-credentials.js';

export const SECURITY_HANDLERS: readonly ApiHandler[] = [
  saslHandshake, describeAcls, createAcls, deleteAcls, saslAuthenticate, describeUserScramCredentials, alterUserScramCredentials,
];

/**
 * SaslAuthenticate (36): one SASL token each way (KIP-152). A failure answers SASL_AUTHENTICATION_FAILED with
 * Kafka's message and closes the connection; success reports the session lifetime (KIP-368,
 * connections.max.reauth.ms) from v1.
 */
import { defineHandler } from '../server/handler.js';
import { AFTER_AUTH } from '../security/sasl-session.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../src-protocol/generated/36-sasl-authenticate.js';

export const saslAuthenticate = defineHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>({
  key: 36,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, req) {
    const sasl = ctx.connection.sasl;
    if (sasl === null) {
      // KafkaApis: a channel that needs no SASL counts as authenticated; the connection stays.
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: AFTER_AUTH, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 };
    }
    const r = sasl.token(req.authBytes);
    if (r.errorCode !== ErrorCode.NONE && sasl.failed) {
      ctx.cluster.log.info(`connection ${ctx.connection.id} from ${ctx.connection.remoteAddress}: SASL authentication failed (${r.errorMessage ?? ''})`);
      ctx.connection.closeAfterResponse(`SASL authentication failed: ${r.errorMessage ?? ''}`);
    } else if (r.done) {
      ctx.cluster.log.debug(`connection ${ctx.connection.id}: authenticated as ${ctx.connection.principal} with ${sasl.mechanismInUse ?? '?'}`);
    }
    return { errorCode: r.errorCode, errorMessage: r.errorMessage, authBytes: r.reply, sessionLifetimeMs: r.sessionLifetimeMs };
  },
});

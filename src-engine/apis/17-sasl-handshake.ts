/**
 * SaslHandshake (17): picks the mechanism on a SASL listener. v0 means the client then sends raw tokens
 * (pre-KIP-43); v1 means SaslAuthenticate requests. An unsupported mechanism is answered, then the connection
 * closes (Kafka's UnsupportedSaslMechanismException). On a non-SASL listener KafkaApis answers ILLEGAL_SASL_STATE
 * and keeps the connection.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../src-protocol/generated/17-sasl-handshake.js';

export const saslHandshake = defineHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  key: 17,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, req) {
    const sasl = ctx.connection.sasl;
    if (sasl === null) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    const result = sasl.handshake(req.mechanism, ctx.apiVersion);
    if (result.errorCode !== ErrorCode.NONE) {
      ctx.connection.closeAfterResponse(result.errorCode === ErrorCode.UNSUPPORTED_SASL_MECHANISM
        ? `client asked for SASL mechanism ${req.mechanism}; listener ${ctx.connection.listener} enables ${result.mechanisms.join(', ')}`
        : `SaslHandshake in an unexpected state (re-authentication must keep mechanism ${sasl.mechanismInUse ?? '?'})`);
    }
    return result;
  },
});

/** ApiVersions (18): the versions this broker really implements, from v0 (librdkafka's feature checks need it). */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../src-protocol/generated/18-api-versions.js';

const SOFTWARE_FIELD = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export const apiVersions = defineHandler<ApiVersionsRequest, ApiVersionsResponse>({
  key: 18,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    if (ctx.apiVersion >= 3 && !(SOFTWARE_FIELD.test(req.clientSoftwareName) && SOFTWARE_FIELD.test(req.clientSoftwareVersion))) {
      // Kafka's ApiVersionsRequest.isValid(): v3+ must name the client software sensibly.
      return { errorCode: ErrorCode.INVALID_REQUEST, apiKeys: [], throttleTimeMs: 0, supportedFeatures: [], finalizedFeaturesEpoch: -1, finalizedFeatures: [], zkMigrationReady: false };
    }
    return {
      errorCode: ErrorCode.NONE,
      apiKeys: ctx.cluster.advertisedApis.map((a) => ({ apiKey: a.key, minVersion: a.minVersion, maxVersion: a.maxVersion })),
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1,
      finalizedFeatures: [],
      zkMigrationReady: false,
    };
  },
});

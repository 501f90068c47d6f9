/** ApiVersions (18): the versions this broker really implements, from v0 (librdkafka's feature checks need it). */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../protocol/generated/18-api-versions.js';

export const apiVersions = defineHandler<ApiVersionsRequest, ApiVersionsResponse>({
  key: 18,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx) {
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

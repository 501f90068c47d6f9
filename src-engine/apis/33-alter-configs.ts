/**
 * AlterConfigs (33) v0-2, the legacy full-replacement form: the given configs become the resource's
 * complete set of overrides (keys not named are reset to their defaults).
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { rejectDuplicates, storeBrokerConfigs, storeTopicConfigs } from '../config/alter.js';
import { ResourceType, checkBrokerResource } from './32-describe-configs.js';
import type { AlterConfigsRequest, AlterConfigsResponse } from '../../src-protocol/generated/33-alter-configs.js';
import { configDeniedCode, configResourceAuthorized, Op } from '../security/authz.js';

export const alterConfigs = defineHandler<AlterConfigsRequest, AlterConfigsResponse>({
  key: 33,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, req) {
    const responses = req.resources.map((r) => {
      try {
        if (!configResourceAuthorized(ctx, r.resourceType, r.resourceName, Op.ALTER_CONFIGS)) throw new KafkaError(configDeniedCode(r.resourceType), 'Authorization failed.');
        rejectDuplicates(r.configs);
        const nulls = r.configs.filter((c) => c.value === null).map((c) => c.name);
        if (nulls.length > 0) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${nulls.join(', ')}`);
        const next = new Map(r.configs.map((c) => [c.name, c.value ?? '']));
        if (r.resourceType === ResourceType.TOPIC) {
          storeTopicConfigs(ctx.cluster, r.resourceName, next, req.validateOnly);
        } else if (r.resourceType === ResourceType.BROKER) {
          checkBrokerResource(ctx, r.resourceName);
          storeBrokerConfigs(ctx.cluster, next, req.validateOnly, r.resourceName);
        } else {
          throw new KafkaError(ErrorCode.INVALID_REQUEST, `AlterConfigs is not supported for resource type ${r.resourceType}`);
        }
        return { errorCode: ErrorCode.NONE, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
      } catch (err) {
        return {
          errorCode: err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR,
          errorMessage: err instanceof Error ? err.message : String(err),
          resourceType: r.resourceType,
          resourceName: r.resourceName,
        };
      }
    });
    return { throttleTimeMs: 0, responses };
  },
});

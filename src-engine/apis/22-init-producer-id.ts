/**
 * InitProducerId (22): idempotent producers get a fresh producer id at epoch 0. A transactional id
 * keeps its producer id across calls and bumps the epoch, fencing older instances (KIP-98).
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/generated/22-init-producer-id.js';

const MAX_EPOCH = 32767;

export const initProducerId = defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  key: 22,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, req) {
    const producers = ctx.cluster.producerIds;
    if (req.transactionalId === null) {
      // KIP-360 (v3+): an idempotent producer may ask to bump its own epoch after a fatal error.
      if (req.producerId >= 0 && req.producerEpoch >= 0 && req.producerEpoch < MAX_EPOCH - 1) {
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: req.producerId, producerEpoch: req.producerEpoch + 1 };
      }
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: producers.allocate(), producerEpoch: 0 };
    }
    const txn = ctx.cluster.transactionalProducers;
    let entry = txn.get(req.transactionalId);
    if (!entry || entry.epoch >= MAX_EPOCH - 1) {
      entry = { producerId: producers.allocate(), epoch: 0 };
    } else {
      entry = { producerId: entry.producerId, epoch: entry.epoch + 1 };
    }
    txn.set(req.transactionalId, entry);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: entry.producerId, producerEpoch: entry.epoch };
  },
});

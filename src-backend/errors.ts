/** Turning failures into the contract's BackendError, and raising typed failures from handlers. */

import { BackendCallError, isBackendError, type BackendError, type BackendErrorCode } from '../src-common/contract/errors.js';

export function fail(code: BackendErrorCode, message: string, extra: Partial<BackendError> = {}): never {
  throw new BackendCallError({ ...extra, code, message });
}

export function badRequest(field: string, message: string): never {
  return fail('bad-request', `${field}: ${message}`, { field });
}

interface KafkaJsErrorLike {
  name?: unknown;
  message?: unknown;
  type?: unknown;
  code?: unknown;
  errors?: unknown;
  cause?: unknown;
}

const UNREACHABLE_NAMES = new Set([
  'KafkaJSConnectionError', 'KafkaJSBrokerNotFound', 'KafkaJSSASLAuthenticationError', 'KafkaJSConnectionClosedError',
]);

/** Kafka errors the GUI handles like any other missing/duplicate thing (kafkaCode/kafkaName stay set). */
const KAFKA_TO_CODE: Record<string, BackendErrorCode> = {
  UNKNOWN_TOPIC_OR_PARTITION: 'not-found',
  GROUP_ID_NOT_FOUND: 'not-found',
  TOPIC_ALREADY_EXISTS: 'already-exists',
  NON_EMPTY_GROUP: 'group-not-empty',
  GROUP_SUBSCRIBED_TO_TOPIC: 'group-not-empty',
  REQUEST_TIMED_OUT: 'timeout',
};

/** Maps anything thrown (kafkajs errors included) to a BackendError. */
export function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendCallError) return error.toJSON();
  if (isBackendError(error) && !(error instanceof Error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as KafkaJsErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const name = typeof e.name === 'string' ? e.name : '';
  if (typeof e.code === 'number' && typeof e.type === 'string') {
    return { code: KAFKA_TO_CODE[e.type] ?? 'kafka', message, kafkaCode: e.code, kafkaName: e.type };
  }
  // kafkajs wraps the real cause of retried operations.
  if (name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSNonRetriableError') {
    if (e.cause && e.cause !== error) return toBackendError(e.cause);
    return { code: name === 'KafkaJSNumberOfRetriesExceeded' ? 'cluster-unreachable' : 'internal', message };
  }
  if (name === 'KafkaJSDeleteTopicRecordsError') {
    const first = (e as { partitions?: { error?: unknown }[] }).partitions?.[0]?.error;
    if (first) return toBackendError(first);
  }
  if (name === 'KafkaJSAggregateError' && Array.isArray(e.errors) && e.errors.length > 0) {
    return toBackendError(e.errors[0]);
  }
  if (name === 'KafkaJSDeleteGroupsError' || name === 'KafkaJSCreateTopicError') {
    const inner = e.errors ?? e.cause;
    if (Array.isArray(inner) && inner[0]) {
      const first = inner[0] as { error?: unknown };
      return toBackendError(first.error ?? first);
    }
  }
  if (name === 'KafkaJSRequestTimeoutError') return { code: 'timeout', message };
  if (UNREACHABLE_NAMES.has(name)) return { code: 'cluster-unreachable', message };
  if (name === 'KafkaJSTopicMetadataNotLoaded' || /does not host this topic-partition/.test(message)) {
    return { code: 'not-found', message };
  }
  if (typeof e.code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET)$/.test(e.code)) {
    return { code: 'cluster-unreachable', message };
  }
  return { code: 'internal', message };
}

/** True when a kafkajs error carries this Kafka error name (e.g. 'UNKNOWN_TOPIC_OR_PARTITION'). */
export function isKafkaError(error: unknown, kafkaName: string): boolean {
  return toBackendError(error).kafkaName === kafkaName;
}

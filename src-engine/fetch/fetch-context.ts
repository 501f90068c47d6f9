/**
 * Which kind of fetch a request is, and what its response carries (Kafka's FetchManager.newContext and the
 * FetchContext classes): sessionless, full (may open a session), incremental (reads the whole session, answers
 * only what changed), or a session error.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import {
  FINAL_EPOCH, INITIAL_EPOCH, INVALID_SESSION_ID, nextEpoch, partitionRequestKey,
  type FetchSession, type FetchSessionCache, type PartitionAnswer, type PartitionRequest,
} from './fetch-sessions.js';

/** The first version with topic ids; a session is bound to ids or names by the version that opened it. */
export const TOPIC_ID_FETCH_VERSION = 13;

export type FetchContext =
  | { readonly kind: 'error'; readonly errorCode: number }
  | { readonly kind: 'sessionless'; readonly partitions: readonly PartitionRequest[] }
  | { readonly kind: 'full'; readonly partitions: readonly PartitionRequest[]; readonly usesTopicIds: boolean }
  | { readonly kind: 'incremental'; readonly partitions: readonly PartitionRequest[]; readonly session: FetchSession; readonly requestEpoch: number };

export interface SessionMetadata {
  readonly sessionId: number;
  readonly sessionEpoch: number;
}

export interface AnsweredPartition<A extends PartitionAnswer> {
  readonly request: PartitionRequest;
  readonly answer: A;
}

export interface FetchSessionOutcome<A extends PartitionAnswer> {
  readonly errorCode: number;
  readonly sessionId: number;
  /** The answers the response carries, in response order. */
  readonly included: readonly AnsweredPartition<A>[];
}

/**
 * Kafka's FetchManager.newContext. A full request (epoch 0 or -1) closes the session it names; epoch 0 may
 * open a new one. An incremental request must name a cached session at its expected epoch, and use topic ids
 * exactly when the session does; it then updates the session and advances its epoch. A session left empty by
 * forgotten partitions is closed and the request answered sessionless.
 */
export function newFetchContext(
  cache: FetchSessionCache,
  version: number,
  meta: SessionMetadata,
  requested: readonly PartitionRequest[],
  forgotten: readonly string[],
  resolveName: (topicId: string) => string | null,
  now: number,
): FetchContext {
  const isFull = meta.sessionEpoch === INITIAL_EPOCH || meta.sessionEpoch === FINAL_EPOCH;
  if (isFull) {
    if (meta.sessionId !== INVALID_SESSION_ID) cache.remove(meta.sessionId);
    if (meta.sessionEpoch === FINAL_EPOCH) return { kind: 'sessionless', partitions: requested };
    return { kind: 'full', partitions: requested, usesTopicIds: version >= TOPIC_ID_FETCH_VERSION };
  }
  const session = cache.get(meta.sessionId);
  if (!session) return { kind: 'error', errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND };
  if (session.epoch !== meta.sessionEpoch) return { kind: 'error', errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH };
  if (session.usesTopicIds !== version >= TOPIC_ID_FETCH_VERSION) return { kind: 'error', errorCode: ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR };
  session.update(requested, forgotten);
  if (session.partitions.size === 0) {
    cache.remove(session.id);
    return { kind: 'sessionless', partitions: requested };
  }
  cache.touch(session, now);
  cache.counters.incrementalFetches++;
  session.epoch = nextEpoch(session.epoch);
  return { kind: 'incremental', partitions: session.requests(resolveName), session, requestEpoch: meta.sessionEpoch };
}

/** Builds what the response says once the partitions were read (Kafka's updateAndGenerateResponseData). */
export function completeFetch<A extends PartitionAnswer>(
  cache: FetchSessionCache,
  context: FetchContext,
  answers: readonly AnsweredPartition<A>[],
  now: number,
  privileged = false,
): FetchSessionOutcome<A> {
  switch (context.kind) {
    case 'error':
      return { errorCode: context.errorCode, sessionId: INVALID_SESSION_ID, included: [] };
    case 'sessionless':
      return { errorCode: ErrorCode.NONE, sessionId: INVALID_SESSION_ID, included: answers };
    case 'full': {
      const session = cache.maybeCreate(now, privileged, answers.length, context.usesTopicIds, (s) => {
        for (const a of answers) s.remember(a.request, a.answer);
      });
      return { errorCode: ErrorCode.NONE, sessionId: session?.id ?? INVALID_SESSION_ID, included: answers };
    }
    case 'incremental': {
      const { session } = context;
      // Another request of the same session got in while this one waited: this one is a duplicate.
      if (session.epoch !== nextEpoch(context.requestEpoch)) {
        return { errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH, sessionId: session.id, included: [] };
      }
      const included = answers.filter((a) => session.mustRespond(partitionRequestKey(a.request), a.answer));
      return { errorCode: ErrorCode.NONE, sessionId: session.id, included };
    }
  }
}

/** Fetch requests for the fetch-session (KIP-227) tests, shared by the engine's and the differential suite. */
import { defaultFetchRequest, type FetchRequest } from '../../src-protocol/generated/01-fetch.js';

/** The all-zero UUID: "no topic id" (requests by name before v13) and "no replica directory". */
export const ZERO_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** One partition of a session request: by name, or by topic id when `topicId` is given. */
export interface FetchPart { topic: string; topicId?: string; partition: number; offset: number }

/** A Fetch in session `sessionId` at `sessionEpoch`, asking for `parts` and forgetting `forgotten`. */
export function sessionFetchRequest(sessionId: number, sessionEpoch: number, parts: FetchPart[], forgotten: FetchPart[] = []): FetchRequest {
  const req = defaultFetchRequest();
  req.maxBytes = 1 << 20;
  req.sessionId = sessionId;
  req.sessionEpoch = sessionEpoch;
  const byTopic = new Map<string, FetchRequest['topics'][number]>();
  for (const p of parts) {
    const key = p.topicId ?? p.topic;
    let t = byTopic.get(key);
    if (!t) byTopic.set(key, (t = { topic: p.topic, topicId: p.topicId ?? ZERO_ID, partitions: [] }));
    t.partitions.push({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20, replicaDirectoryId: ZERO_ID });
  }
  req.topics = [...byTopic.values()];
  req.forgottenTopicsData = forgotten.map((p) => ({ topic: p.topic, topicId: p.topicId ?? ZERO_ID, partitions: [p.partition] }));
  return req;
}

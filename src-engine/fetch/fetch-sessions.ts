/**
 * Incremental fetch sessions (KIP-227), after Kafka's FetchSession / FetchSessionCacheShard / FetchManager.
 *
 * A full fetch (epoch 0) may open a session: the broker caches each partition's request parameters and last
 * reported high watermark / log start offset, and answers with a session id. Later requests (same id, the next
 * epoch) only name partitions whose parameters changed plus `forgotten_topics_data`; the broker reads every
 * partition of the session and answers only those with records, changed offsets or an error.
 * Epoch -1 is a sessionless full fetch (and closes the named session). The cache holds at most
 * `max.incremental.fetch.session.cache.slots` sessions; see `tryEvict` for which one gives way to a new one.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';

export const INVALID_SESSION_ID = 0;
export const INITIAL_EPOCH = 0;
export const FINAL_EPOCH = -1;
/** Kafka's MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS: a session younger or more recently used than this is kept. */
export const SESSION_EVICTION_MS = 120_000;
export const ZERO_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Kafka's FetchMetadata.nextEpoch: -1 stays final, the epoch wraps from int32 max to 1 (0 means "new"). */
export function nextEpoch(epoch: number): number {
  if (epoch < 0) return FINAL_EPOCH;
  return epoch === 0x7fffffff ? 1 : epoch + 1;
}

/** What a fetcher asks of one partition (from the request, or remembered by its session). */
export interface PartitionRequest {
  /** Null when a v13+ request named a topic id this broker does not know (yet). */
  topic: string | null;
  /** The zero id for requests before v13, which name topics. */
  readonly topicId: string;
  readonly partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
  /** A follower's (v12+): the epoch of its last fetched batch, checked against the leader's epochs (-1: none). */
  lastFetchedEpoch?: number;
}

/** The part of a partition's answer that decides whether an incremental response must carry it. */
export interface PartitionAnswer {
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly recordBytes: number;
}

/** Partitions are keyed like Kafka's CachedPartition: by topic id when the session uses ids, else by name. */
export function partitionRequestKey(p: { topic: string | null; topicId: string; partition: number }): string {
  return p.topicId !== ZERO_TOPIC_ID ? `${p.topicId}\u0000${p.partition}` : `${p.topic ?? ''}\u0001${p.partition}`;
}

interface CachedPartition extends PartitionRequest {
  highWatermark: number;
  localLogStartOffset: number;
}

export class FetchSession {
  /** Insertion-ordered like Kafka's ImplicitLinkedHashCollection; partitions that returned data move to the end. */
  readonly partitions = new Map<string, CachedPartition>();
  lastUsedMs: number;
  /** Size when last touched (Kafka's cachedSize; -1 while not in the cache). */
  cachedSize = -1;
  /** Set at each touch, as Kafka files a session in its evictableByAll / evictableByPrivileged trees. */
  evictableByAll = false;
  evictableByPrivileged = false;

  constructor(
    readonly id: number,
    readonly privileged: boolean,
    readonly usesTopicIds: boolean,
    readonly creationMs: number,
    public epoch: number,
  ) {
    this.lastUsedMs = creationMs;
  }

  /** Adds or updates the requested partitions, then drops the forgotten ones (Kafka's FetchSession.update). */
  update(requested: readonly PartitionRequest[], forgotten: readonly string[]): void {
    for (const r of requested) {
      const key = partitionRequestKey(r);
      const cached = this.partitions.get(key);
      if (cached) {
        cached.fetchOffset = r.fetchOffset;
        cached.partitionMaxBytes = r.partitionMaxBytes;
        cached.currentLeaderEpoch = r.currentLeaderEpoch;
      } else {
        this.partitions.set(key, { ...r, highWatermark: -1, localLogStartOffset: -1 });
      }
    }
    for (const key of forgotten) this.partitions.delete(key);
  }

  /** The partitions to read for an incremental fetch, resolving names of topic ids learnt since. */
  requests(resolveName: (topicId: string) => string | null): PartitionRequest[] {
    const out: PartitionRequest[] = [];
    for (const p of this.partitions.values()) {
      if (p.topic === null && this.usesTopicIds) p.topic = resolveName(p.topicId);
      out.push(p);
    }
    return out;
  }

  /**
   * Kafka's CachedPartition.maybeUpdateResponseData for every answer: true when the partition goes into the
   * incremental response (records, a changed high watermark or log start offset, or an error). Remembers what
   * was sent, and moves partitions that returned records to the end so the next fetch starts with the others.
   */
  mustRespond(key: string, answer: PartitionAnswer): boolean {
    const cached = this.partitions.get(key);
    if (!cached) return false;
    let respond = answer.recordBytes > 0;
    if (cached.highWatermark !== answer.highWatermark) {
      respond = true;
      cached.highWatermark = answer.highWatermark;
    }
    if (cached.localLogStartOffset !== answer.logStartOffset) {
      respond = true;
      cached.localLogStartOffset = answer.logStartOffset;
    }
    if (answer.errorCode !== ErrorCode.NONE) {
      // Forget the high watermark so the partition is sent again once the error is gone.
      cached.highWatermark = -1;
      respond = true;
    }
    if (respond && answer.recordBytes > 0) {
      this.partitions.delete(key);
      this.partitions.set(key, cached);
    }
    return respond;
  }

  /** Records what a full fetch that created this session answered (Kafka's createNewSession). */
  remember(request: PartitionRequest, answer: PartitionAnswer): void {
    this.partitions.set(partitionRequestKey(request), {
      ...request, highWatermark: answer.highWatermark, localLogStartOffset: answer.logStartOffset,
    });
  }
}

/** Kafka's EvictableKey order: unprivileged before privileged, then fewer partitions, then lower id. */
function evictableBefore(a: { privileged: boolean; size: number; id: number }, b: { privileged: boolean; size: number; id: number }): number {
  if (a.privileged !== b.privileged) return a.privileged ? 1 : -1;
  if (a.size !== b.size) return a.size - b.size;
  return a.id - b.id;
}

/**
 * The broker's fetch session cache (one per Cluster). Kafka 3.8+ splits it into 8 shards of slots/8 each,
 * chosen round robin; this engine has one shard holding every slot (documented in docs/FETCH.md).
 */
export class FetchSessionCache {
  private readonly sessions = new Map<number, FetchSession>();
  private partitionCount = 0;
  /** Since start: sessions created, sessions evicted for new ones, incremental fetches served. */
  readonly counters = { created: 0, evictions: 0, incrementalFetches: 0 };

  constructor(
    /** `max.incremental.fetch.session.cache.slots`, read when a session would be created. */
    private readonly maxEntries: () => number,
    private readonly evictionMs = SESSION_EVICTION_MS,
    private readonly randomId: () => number = () => 1 + Math.floor(Math.random() * 0x7ffffffe),
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Partitions cached over all sessions (Kafka's NumIncrementalFetchPartitionsCached). */
  get totalPartitions(): number {
    return this.partitionCount;
  }

  get(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  remove(id: number): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    this.sessions.delete(id);
    this.partitionCount -= s.cachedSize;
    s.cachedSize = -1;
    return true;
  }

  /**
   * Creates a session if there is a free slot or one may be evicted (Kafka's maybeCreateSession): `fill` caches
   * its partitions, then it is touched. Returns the session, or null (the full fetch answers session id 0).
   */
  maybeCreate(now: number, privileged: boolean, size: number, usesTopicIds: boolean, fill: (s: FetchSession) => void): FetchSession | null {
    if (this.sessions.size >= this.maxEntries() && !this.tryEvict(privileged, size, now)) return null;
    const session = new FetchSession(this.newSessionId(), privileged, usesTopicIds, now, nextEpoch(INITIAL_EPOCH));
    fill(session);
    this.sessions.set(session.id, session);
    this.counters.created++;
    this.touch(session, now);
    return session;
  }

  /** Kafka's touch: refresh last use, the size the cache accounts for, and which evictions may take it. */
  touch(session: FetchSession, now: number): void {
    session.lastUsedMs = now;
    if (session.cachedSize !== -1) this.partitionCount -= session.cachedSize;
    session.cachedSize = session.partitions.size;
    const old = now - session.creationMs > this.evictionMs;
    session.evictableByPrivileged = !session.privileged || old;
    session.evictableByAll = old;
    this.partitionCount += session.cachedSize;
  }

  /**
   * Kafka's tryEvict: first a stale session (unused for longer than the eviction time); otherwise the least
   * valuable evictable one, if the new session is worth more (privileged over not, then more partitions; ties keep
   * the cached one, as Kafka's new key carries id 0).
   * A session becomes evictable by consumers only once it is older than the eviction time at a touch.
   * Linear scans: this runs only when the cache is full, and the cache holds about a thousand sessions.
   */
  private tryEvict(privileged: boolean, size: number, now: number): boolean {
    let leastRecent: FetchSession | undefined;
    for (const s of this.sessions.values()) {
      if (!leastRecent || s.lastUsedMs < leastRecent.lastUsedMs || (s.lastUsedMs === leastRecent.lastUsedMs && s.id < leastRecent.id)) leastRecent = s;
    }
    if (!leastRecent) return false;
    if (now - leastRecent.lastUsedMs > this.evictionMs) return this.evict(leastRecent);
    let victim: FetchSession | undefined;
    for (const s of this.sessions.values()) {
      if (!(privileged ? s.evictableByPrivileged : s.evictableByAll)) continue;
      if (!victim || evictableBefore(keyOf(s), keyOf(victim)) < 0) victim = s;
    }
    if (!victim) return false;
    if (evictableBefore({ privileged, size, id: 0 }, keyOf(victim)) < 0) return false;
    return this.evict(victim);
  }

  private evict(session: FetchSession): boolean {
    this.counters.evictions++;
    return this.remove(session.id);
  }

  private newSessionId(): number {
    for (;;) {
      const id = this.randomId();
      if (id !== INVALID_SESSION_ID && !this.sessions.has(id)) return id;
    }
  }
}

function keyOf(s: FetchSession): { privileged: boolean; size: number; id: number } {
  return { privileged: s.privileged, size: s.cachedSize, id: s.id };
}

/**
 * A follower's fetcher for one leader broker (Kafka's ReplicaFetcherThread): a loop of Fetch requests carrying
 * replica_id, the follower's log end as fetch offset, the leader epoch it follows and the epoch of its last batch;
 * appends what comes back as is and takes the leader's high watermark (capped at its own log end). When the leader
 * answers with a diverging epoch, the follower truncates its log to where the two agree (truncation.ts) and fetches
 * again from there.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { wholeBatchesLength } from '../storage/segment.js';
import type { FetchRequest, FetchResponse } from '../../src-protocol/generated/01-fetch.js';
import type { PeerClient } from './peer-client.js';
import type { PartitionReplica } from './partition-replicas.js';
import type { Logger } from '../logger.js';
import { divergenceTruncationOffset } from './truncation.js';

const FETCH_VERSION = 12;
const MAX_WAIT_MS = 500;
const RETRY_MS = 250;

export class ReplicaFetcher {
  private running = true;

  constructor(
    readonly leaderId: number,
    private readonly selfId: number,
    private readonly client: PeerClient,
    private readonly partitions: () => PartitionReplica[],
    private readonly log: Logger,
    private readonly onAppended: (replica: PartitionReplica, bytes: number) => void,
  ) {
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.client.close();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const replicas = this.partitions();
      if (replicas.length === 0) {
        await sleep(RETRY_MS);
        continue;
      }
      try {
        await this.fetchOnce(replicas);
      } catch (err) {
        this.log.debug(`replica fetcher for leader ${this.leaderId}: ${(err as Error).message}`);
        await sleep(RETRY_MS);
      }
    }
  }

  private async fetchOnce(replicas: PartitionReplica[]): Promise<void> {
    const byTopic = new Map<string, PartitionReplica[]>();
    for (const r of replicas) byTopic.set(r.partition.topic.name, [...(byTopic.get(r.partition.topic.name) ?? []), r]);
    const req: FetchRequest = {
      clusterId: null, replicaId: this.selfId, replicaState: { replicaId: -1, replicaEpoch: -1 }, maxWaitMs: MAX_WAIT_MS, minBytes: 1,
      maxBytes: 10 * 1024 * 1024, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '', forgottenTopicsData: [],
      topics: [...byTopic].map(([topic, rs]) => ({
        topic, topicId: rs[0]!.partition.topic.topicId,
        partitions: rs.map((r) => ({
          partition: r.partition.index, currentLeaderEpoch: r.image.leaderEpoch, fetchOffset: r.partition.log.logEndOffset,
          lastFetchedEpoch: r.partition.log.epochs.latestEpoch, logStartOffset: r.partition.log.logStartOffset, partitionMaxBytes: 1024 * 1024, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
        })),
      })),
    };
    const res = await this.client.send<FetchRequest, FetchResponse>(1, FETCH_VERSION, req, MAX_WAIT_MS + 5000);
    let retryLater = false;
    for (const t of res.responses) {
      for (const p of t.partitions) {
        const replica = replicas.find((r) => r.partition.topic.name === t.topic && r.partition.index === p.partitionIndex);
        if (!replica || replica.isLeader || !this.running) continue;
        if (p.errorCode !== ErrorCode.NONE) {
          // Leadership moved or the epoch is not known yet: the next metadata image tells us what to do.
          retryLater = true;
          continue;
        }
        const log = replica.partition.log;
        if (p.divergingEpoch.epoch >= 0) {
          const offset = divergenceTruncationOffset(log, p.divergingEpoch);
          this.log.info(`${replica.partition.topic.name}-${replica.partition.index}: diverged from leader ${this.leaderId} at epoch ${p.divergingEpoch.epoch} (its end ${p.divergingEpoch.endOffset}); truncating ${log.logEndOffset} -> ${offset}`);
          log.truncateTo(offset);
          continue;
        }
        const records = Array.isArray(p.records) ? Buffer.concat(p.records as Buffer[]) : (p.records as Buffer | null);
        const whole = records ? records.subarray(0, wholeBatchesLength(records)) : null;
        if (whole && whole.length > 0) {
          log.appendAsFollower(Buffer.from(whole));
          this.onAppended(replica, whole.length);
        }
        log.setHighWatermark(Math.min(p.highWatermark, log.logEndOffset));
      }
    }
    if (retryLater) await sleep(RETRY_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

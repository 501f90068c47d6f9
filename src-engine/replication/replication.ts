/**
 * A broker's part in a replicated cluster (see docs/CLUSTER.md), owned by its Cluster. Every tick it follows the
 * controller by fetching `__cluster_metadata` (which is also its heartbeat), or — with no controller reachable —
 * takes part in the election: the lowest-id broker that reaches a majority of the members becomes controller at
 * a higher controller epoch, starting from the freshest image any of them holds. Each image is replayed into
 * local topics and partition roles (leader / follower, with a fetcher per leader).
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { partitionKey } from '../cluster/fetch-watchers.js';
import { Controller, type ControllerEvent, type NewTopic } from './controller.js';
import { PeerClient } from './peer-client.js';
import { PartitionReplica } from './partition-replicas.js';
import { ReplicaFetcher } from './replica-fetcher.js';
import { METADATA_TOPIC, batchToImage, imageToBatch, isNewer, readImage, writeImage, type ClusterImage, type PartitionImage } from './image.js';
import { majority, type ClusterMembership } from './membership.js';
import { ReplicaRoles } from './replica-roles.js';
import type { Cluster } from '../cluster/cluster.js';
import type { FetchRequest, FetchResponse, FetchResponsePartitionData } from '../../src-protocol/generated/01-fetch.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../../src-protocol/generated/56-alter-partition.js';

const TICK_MS = 250;
const FETCH_VERSION = 12;
const EMPTY = Buffer.alloc(0);

export interface TimelineEntry extends ControllerEvent {
  at: number;
}

export class Replication {
  image: ClusterImage;
  private controller: Controller | null = null;
  private readonly peers = new Map<number, PeerClient>();
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  readonly roles: ReplicaRoles;
  /** The controller's recent events (elections, ISR changes, fencing) for the GUI's timeline. */
  readonly timeline: TimelineEntry[] = [];
  private lastControllerContact = Date.now();
  /** False until this broker heard from a controller: a stored image may be stale, so it leads nothing before. */
  ready = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(private readonly cluster: Cluster, readonly membership: ClusterMembership) {
    this.image = readImage(cluster.options.dataDir);
    this.roles = new ReplicaRoles(cluster, () => this.image);
    this.roles.apply(this.image, false);
  }

  get nodeId(): number {
    return this.cluster.nodeId;
  }

  get isController(): boolean {
    return this.controller !== null;
  }

  private get sessionTimeoutMs(): number {
    return Number(this.cluster.brokerConfigsInForce.get('broker.session.timeout.ms') ?? 3000);
  }

  get replicaLagMaxMs(): number {
    return Number(this.cluster.brokerConfigsInForce.get('replica.lag.time.max.ms') ?? 10_000);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const f of this.fetchers.values()) f.stop();
    for (const p of this.peers.values()) p.close();
    this.roles.failAll();
  }

  private peer(nodeId: number): PeerClient {
    let p = this.peers.get(nodeId);
    if (!p) {
      const m = this.membership.members.find((x) => x.nodeId === nodeId)!;
      p = new PeerClient(m.host, m.port, `broker-${this.nodeId}`);
      this.peers.set(nodeId, p);
    }
    return p;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      if (this.controller) {
        this.controller.heartbeat(this.nodeId, now);
        this.controller.tick(now);
      } else if (this.image.controllerId !== -1 && this.image.controllerId !== this.nodeId && now - this.lastControllerContact < this.sessionTimeoutMs) {
        await this.followController(this.image.controllerId);
      } else {
        await this.elect();
      }
      await this.roles.maintainIsr(now, this.replicaLagMaxMs, (req) => this.sendAlterPartition(req));
      this.syncFetchers();
    } finally {
      this.ticking = false;
    }
  }

  private metadataFetch(): FetchRequest {
    return {
      clusterId: null, replicaId: this.nodeId, replicaState: { replicaId: -1, replicaEpoch: -1 }, maxWaitMs: 0, minBytes: 0, maxBytes: 10 << 20,
      isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '', forgottenTopicsData: [],
      topics: [{ topic: METADATA_TOPIC, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: [{
        partition: 0, currentLeaderEpoch: this.image.controllerEpoch, fetchOffset: this.image.version + 1, lastFetchedEpoch: -1,
        logStartOffset: -1, partitionMaxBytes: 10 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
      }] }],
    };
  }

  private async probe(nodeId: number): Promise<FetchResponsePartitionData | null> {
    try {
      const res = await this.peer(nodeId).send<FetchRequest, FetchResponse>(1, FETCH_VERSION, this.metadataFetch(), 1000);
      return res.responses[0]?.partitions[0] ?? null;
    } catch {
      return null;
    }
  }

  private async followController(controllerId: number): Promise<void> {
    const p = await this.probe(controllerId);
    if (!p || p.errorCode !== ErrorCode.NONE) return;
    this.lastControllerContact = Date.now();
    this.adopt(batchToImage(p.records as Buffer));
  }

  private adopt(image: ClusterImage | null): void {
    if (image && image.controllerEpoch === this.image.controllerEpoch && image.version === this.image.version) this.ready = true;
    if (!image || !isNewer(image, this.image)) return;
    this.ready = true;
    this.image = image;
    writeImage(this.cluster.options.dataDir, image);
    this.roles.apply(image, true);
  }

  private async elect(): Promise<void> {
    const others = this.membership.members.filter((m) => m.nodeId !== this.nodeId);
    const answers = await Promise.all(others.map(async (m) => ({ nodeId: m.nodeId, p: await this.probe(m.nodeId) })));
    const reachable = answers.filter((a) => a.p !== null);
    const leading = reachable.find((a) => a.p!.errorCode === ErrorCode.NONE);
    if (leading) {
      this.lastControllerContact = Date.now();
      this.adopt(batchToImage(leading.p!.records as Buffer));
      return;
    }
    if (reachable.length + 1 < majority(this.membership)) return;
    if (reachable.some((a) => a.nodeId < this.nodeId)) return;
    let freshest = this.image;
    for (const a of reachable) {
      const img = batchToImage(a.p!.records as Buffer);
      if (img && isNewer(img, freshest)) freshest = img;
    }
    const epoch = Math.max(freshest.controllerEpoch, ...reachable.map((a) => a.p!.currentLeader.leaderEpoch)) + 1;
    const start: ClusterImage = { ...structuredClone(freshest), controllerEpoch: epoch, controllerId: this.nodeId, version: freshest.version + 1 };
    this.controller = new Controller(start, {
      membership: this.membership,
      sessionTimeoutMs: this.sessionTimeoutMs,
      uncleanElection: (topic) => this.uncleanAllowed(topic),
      commit: (image, events) => this.commit(image, events),
    }, Date.now());
    this.commit(start, [{ type: 'controller-elected', detail: `broker ${this.nodeId} is controller (epoch ${epoch})` }]);
  }

  private uncleanAllowed(topic: string): boolean {
    const name = 'unclean.leader.election.enable';
    const overrides = this.image.topics[topic]?.configs ?? {};
    return (overrides[name] ?? this.cluster.brokerConfigsInForce.get(name)) === 'true';
  }

  private commit(image: ClusterImage, events: ControllerEvent[]): void {
    this.ready = true;
    this.image = image;
    writeImage(this.cluster.options.dataDir, image);
    const at = Date.now();
    for (const e of events) {
      this.timeline.push({ ...e, at });
      this.cluster.log.info(`controller: ${e.detail}`);
    }
    if (this.timeline.length > 500) this.timeline.splice(0, this.timeline.length - 500);
    this.roles.apply(image, true);
  }

  /** `__cluster_metadata` Fetch from a peer: the image (heartbeat on the controller; a probe elsewhere). */
  metadataFetchAnswer(replicaId: number, fetchOffset: number, currentLeaderEpoch: number): FetchResponsePartitionData {
    const data: FetchResponsePartitionData = {
      partitionIndex: 0, errorCode: ErrorCode.NONE, highWatermark: this.image.version + 1, lastStableOffset: this.image.version + 1, logStartOffset: 0,
      divergingEpoch: { epoch: -1, endOffset: -1 }, currentLeader: { leaderId: this.image.controllerId, leaderEpoch: this.image.controllerEpoch },
      snapshotId: { endOffset: -1, epoch: -1 }, abortedTransactions: null, preferredReadReplica: -1, records: EMPTY,
    };
    if (this.controller && currentLeaderEpoch > this.image.controllerEpoch) this.stepDown();
    if (!this.controller) {
      data.errorCode = ErrorCode.NOT_LEADER_OR_FOLLOWER;
      data.records = imageToBatch(this.image);
      return data;
    }
    this.controller.heartbeat(replicaId, Date.now());
    if (fetchOffset <= this.image.version || currentLeaderEpoch < this.image.controllerEpoch) data.records = imageToBatch(this.image);
    return data;
  }

  private stepDown(): void {
    this.cluster.log.info(`broker ${this.nodeId} steps down as controller`);
    this.controller = null;
    this.image = { ...this.image, controllerId: -1 };
  }

  /** CreateTopics on the controller (NOT_CONTROLLER elsewhere, so clients go to the one Metadata names). */
  createTopic(t: NewTopic): string {
    if (!this.controller) throw new KafkaError(ErrorCode.NOT_CONTROLLER, `broker ${this.nodeId} is not the controller`);
    return this.controller.createTopic(t);
  }

  deleteTopic(name: string): void {
    if (!this.controller) throw new KafkaError(ErrorCode.NOT_CONTROLLER, `broker ${this.nodeId} is not the controller`);
    this.controller.deleteTopic(name);
  }

  liveBrokerCount(): number {
    return Object.values(this.image.brokers).filter((b) => !b.fenced).length;
  }

  private async sendAlterPartition(req: AlterPartitionRequest): Promise<AlterPartitionResponse> {
    if (this.controller) return this.alterPartition(req);
    const controllerId = this.image.controllerId;
    if (controllerId === -1 || controllerId === this.nodeId) throw new Error('no controller');
    return this.peer(controllerId).send<AlterPartitionRequest, AlterPartitionResponse>(56, 3, req, 2000);
  }

  /** AlterPartition (56) on the controller. */
  alterPartition(req: AlterPartitionRequest): AlterPartitionResponse {
    if (!this.controller) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_CONTROLLER, topics: [] };
    const controller = this.controller;
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      topics: req.topics.map((t) => {
        const name = t.topicName || (Object.entries(this.image.topics).find(([, x]) => x.topicId === t.topicId)?.[0] ?? '');
        return {
          topicName: t.topicName, topicId: t.topicId,
          partitions: t.partitions.map((p) => {
            const isr = p.newIsrWithEpochs.length > 0 ? p.newIsrWithEpochs.map((b) => b.brokerId) : p.newIsr;
            const r = controller.alterPartition(req.brokerId, name, p.partitionIndex, p.leaderEpoch, p.partitionEpoch, isr);
            const q: PartitionImage | undefined = r.partition;
            return {
              partitionIndex: p.partitionIndex, errorCode: r.errorCode, leaderId: q?.leader ?? -1, leaderEpoch: q?.leaderEpoch ?? -1,
              isr: q?.isr ?? [], leaderRecoveryState: 0, partitionEpoch: q?.partitionEpoch ?? -1,
            };
          }),
        };
      }),
    };
  }

  /** One fetcher per leader this broker follows partitions of. */
  private syncFetchers(): void {
    const leaders = this.roles.followedLeaders();
    for (const [id, f] of this.fetchers) {
      if (!leaders.has(id)) {
        f.stop();
        this.fetchers.delete(id);
      }
    }
    for (const id of leaders) {
      if (this.fetchers.has(id) || !this.membership.members.some((m) => m.nodeId === id)) continue;
      const client = new PeerClient(this.peer(id).host, this.peer(id).port, `replica-fetcher-${this.nodeId}`);
      this.fetchers.set(id, new ReplicaFetcher(id, this.nodeId, client, () => this.roles.followingOf(id), this.cluster.log,
        (replica, bytes) => this.cluster.watchers.notifyAppend(partitionKey(replica.partition.topic.name, replica.partition.index), bytes)));
    }
  }

  replicaOf(topic: string, partition: number): PartitionReplica | undefined {
    return this.roles.get(topic, partition);
  }
}

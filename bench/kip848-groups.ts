/**
 * KIP-848 consumer groups at protocol level against the broker CLI in its own process (issue 11 §7):
 * 1. `--groups` groups x `--members` members (each its own connection, ConsumerGroupHeartbeat v1 every
 *    `--heartbeat-ms`, reporting what it was given at once) on one `--partitions` topic: time until every group is
 *    Stable (ConsumerGroupDescribe: every member at the group epoch, current = target).
 * 2. One more member joins a group of 10 on a 60-partition topic: how long the partitions that move are without
 *    an owner (from the joiner's first heartbeat until it owns its whole target), and that the 10 old members keep
 *    every partition they do not give up (no stop-the-world: their kept partitions are never revoked).
 *
 *   node --import tsx bench/kip848-groups.ts [--groups 100] [--members 3] [--partitions 100] [--heartbeat-ms 100] (HB_DEBUG=1 prints heartbeats slower than 1 s)
 */
import { parseArgs } from 'node:util';
import { startChildBroker } from '../test/helpers/broker.js';
import { consumerDescribeApi, heartbeatApi, heartbeatRequest, TopicIds } from '../test/helpers/consumer-protocol.js';
import { RawClient } from '../test/helpers/raw-client.js';
import { createTopic } from '../test/helpers/topics.js';

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '100' },
    members: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '100' },
    'heartbeat-ms': { type: 'string', default: '100' },
  },
});
const GROUPS = Number(values.groups);
const MEMBERS = Number(values.members);
const PARTITIONS = Number(values.partitions);
const HEARTBEAT_MS = Number(values['heartbeat-ms']);

type Owned = Map<string, number[]>; // topic id -> partitions

/** A member that heartbeats on its own connection and owns whatever it was last given (instant reconciliation). */
class Member {
  epoch = 0;
  owned: Owned = new Map();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private constructor(private readonly raw: RawClient, readonly group: string, readonly id: string, private readonly topic: string) {}

  static async start(host: string, port: number, group: string, id: string, topic: string): Promise<Member> {
    const m = new Member(await RawClient.connect(host, port), group, id, topic);
    await m.beat(true);
    m.loop();
    return m;
  }

  size(): number {
    return [...this.owned.values()].reduce((n, p) => n + p.length, 0);
  }

  private loop(): void {
    this.timer = setTimeout(() => {
      this.beat(false).then(() => this.timer && this.loop(), (err: unknown) => {
        // A heartbeat in flight when stop() closed the connection never gets its answer: not a broker fault.
        if (this.timer) throw err;
      });
    }, HEARTBEAT_MS);
  }

  async beat(first: boolean): Promise<void> {
    const sentAt = performance.now();
    const r = await this.raw.send(heartbeatApi, 1, heartbeatRequest(this.group, first
      ? { memberId: this.id, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [this.topic], topicPartitions: [] }
      : { memberId: this.id, memberEpoch: this.epoch, topicPartitions: [...this.owned].map(([topicId, partitions]) => ({ topicId, partitions })) }));
    if (process.env.HB_DEBUG && performance.now() - sentAt > 1000) console.log(`slow heartbeat ${this.group}/${this.id} epoch ${this.epoch}: ${(performance.now() - sentAt).toFixed(0)} ms at ${performance.now().toFixed(0)}`);
    if (r.errorCode !== 0) throw new Error(`${this.group}/${this.id}: heartbeat error ${r.errorCode} ${r.errorMessage ?? ''}`);
    this.epoch = r.memberEpoch;
    if (r.assignment) this.owned = new Map(r.assignment.topicPartitions.map((t) => [t.topicId, [...t.partitions]]));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.raw.close();
  }
}

async function allStable(raw: RawClient, groups: string[]): Promise<boolean> {
  const r = await raw.send(consumerDescribeApi, 1, { groupIds: groups, includeAuthorizedOperations: false });
  return r.groups.every((g) => g.errorCode === 0 && g.groupState === 'Stable');
}

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main(): Promise<void> {
  const broker = await startChildBroker({ extraArgs: ['--log-level', 'warn'] });
  const admin = await RawClient.connect(broker.host, broker.port);
  const members: Member[] = [];
  try {
    await createTopic(broker.bootstrap, 'bench-848', { partitions: PARTITIONS });
    await createTopic(broker.bootstrap, 'bench-848-join', { partitions: 60 });
    await TopicIds.load(admin, ['bench-848', 'bench-848-join']);
    const groups = Array.from({ length: GROUPS }, (_, g) => `bench-848-g${g}`);
    const t0 = performance.now();
    await Promise.all(groups.flatMap((g) => Array.from({ length: MEMBERS }, async (_, i) => members.push(await Member.start(broker.host, broker.port, g, `m${i}-${g}`, 'bench-848')))));
    const joined = performance.now() - t0;
    await until('every group Stable', () => allStable(admin, groups));
    const stable = performance.now() - t0;
    console.log(`${GROUPS} KIP-848 groups x ${MEMBERS} members, ${PARTITIONS} partitions, heartbeat ${HEARTBEAT_MS} ms: all joined in ${joined.toFixed(0)} ms, all Stable after ${stable.toFixed(0)} ms`);
    for (const m of members.splice(0)) m.stop();

    // A member joins a group of 10.
    const ten: Member[] = [];
    for (let i = 0; i < 10; i++) ten.push(await Member.start(broker.host, broker.port, 'bench-848-join-g', `old-${i}`, 'bench-848-join'));
    members.push(...ten);
    await until('10 members Stable', async () => (await allStable(admin, ['bench-848-join-g'])) && ten.every((m) => m.size() === 6));
    const before = ten.map((m) => new Set([...m.owned.values()].flat()));
    const tJoin = performance.now();
    const joiner = await Member.start(broker.host, broker.port, 'bench-848-join-g', 'new', 'bench-848-join');
    members.push(joiner);
    await until('the joiner owns its target', async () => joiner.size() >= 5 && (await allStable(admin, ['bench-848-join-g'])));
    const moved = performance.now() - tJoin;
    const keptAll = ten.every((m, i) => [...m.owned.values()].flat().every((p) => before[i]?.has(p)));
    console.log(`11th member joins 10 (60 partitions): moved partitions without an owner for at most ${moved.toFixed(0)} ms (joiner owns ${joiner.size()}); old members only gave partitions up: ${keptAll} — their other partitions never stopped`);
  } finally {
    for (const m of members) m.stop();
    admin.close();
    await broker.stop();
  }
}

await main();

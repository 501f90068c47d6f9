/**
 * Stateful fuzz of the classic group protocol over raw connections: five clients send seeded
 * random but plausible sequences of JoinGroup / SyncGroup / Heartbeat / LeaveGroup / OffsetCommit /
 * OffsetFetch / DescribeGroups / ListGroups / DeleteGroups / OffsetDelete (every version the broker
 * advertises), reusing the member ids and generations the broker hands out, with short session and
 * rebalance timeouts so the coordinator's timers fire mid-sequence. Invariants: every response carries
 * its request's correlation id and decodes to the last byte, the broker never logs a handler failure
 * and keeps serving. Network timing varies the interleaving from run to run; the invariants do not.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { Reader } from '../../../src-protocol/codec/reader.js';
import { API_BY_KEY, readApiVersionsResponse } from '../../../src-protocol/generated/index.js';
import { Rng } from '../../unit/protocol/schema-model.js';
import { createTopic } from '../../helpers/topics.js';
import { RawConnection, apiVersionsV0, assertServedKafkajs, assertServedRaw, requestFrame } from './raw-client.js';

const TOPIC = 'group-fuzz';
/**
 * JoinGroup waits up to the group's rebalance timeout (for v0 members that is their session timeout,
 * as in Kafka) and SyncGroup up to a session timeout for the leader; chained rebalances add up.
 * Timeouts here are at most 2 s, so an answer later than this is a hang.
 */
const JOIN_SYNC_WAIT_MS = 10_000;
const errors: string[] = [];
let broker: BrokerHandle;
let dataDir: string;
let versions = new Map<number, { min: number; max: number }>();

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-group-fuzz-'));
  const quiet = (): void => undefined;
  broker = await startBroker({
    dataDir, port: 0, host: '127.0.0.1', groupInitialRebalanceDelayMs: 0,
    configs: { 'group.min.session.timeout.ms': '100' },
    logger: { debug: quiet, info: quiet, warn: quiet, error: (m) => void errors.push(m) },
  });
  await createTopic(`${broker.host}:${broker.port}`, TOPIC, { partitions: 3 });
  const c = await RawConnection.open(broker.host, broker.port);
  await c.write(apiVersionsV0(1));
  const f = await c.nextFrame();
  c.destroy();
  assert.ok(f);
  versions = new Map(readApiVersionsResponse(new Reader(f, 4), 0).apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
});

after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** consumer-protocol subscription (v0, topic group-fuzz) and an assignment of its partition 0. */
const SUBSCRIPTION = Buffer.from('000000000001000a67726f75702d66757a7affffffff', 'hex');
const ASSIGNMENT = Buffer.from('000000000001000a67726f75702d66757a7a0000000100000000ffffffff', 'hex');

interface Shared {
  members: string[];
  generation: number;
  correlation: number;
  problems: string[];
  timeouts: string[];
}

async function call(c: RawConnection, s: Shared, key: number, v: number, body: object, waitMs: number): Promise<Record<string, unknown> | null> {
  const def = API_BY_KEY.get(key)!;
  const id = s.correlation++;
  await c.write(requestFrame(key, v, id, body));
  const started = Date.now();
  const f = await c.nextFrame(waitMs);
  if (!f) {
    // An unanswered request poisons the connection (its late answer would pair with the next request).
    if (!c.closed) s.timeouts.push(`${def.name} v${v} after ${Date.now() - started} ms: ${JSON.stringify(body).slice(0, 200)}`);
    c.destroy();
    return null;
  }
  const r = new Reader(f);
  const got = r.int32();
  if (got !== id) {
    s.problems.push(`${def.name} v${v}: correlation ${got}, expected ${id}`);
    return null;
  }
  if (def.flexibleFrom >= 0 && v >= def.flexibleFrom) r.uvarint();
  const res = def.readResponse(r, v) as Record<string, unknown>;
  if (r.offset !== f.length) s.problems.push(`${def.name} v${v}: response has ${f.length - r.offset} trailing bytes`);
  return res;
}

async function runClient(n: number, seed: number, steps: number, s: Shared): Promise<void> {
  const rng = new Rng(seed * 97 + n);
  const ver = (key: number): number => rng.int(versions.get(key)!.min, versions.get(key)!.max);
  let c = await RawConnection.open(broker.host, broker.port);
  for (let i = 0; i < steps; i++) {
    const groupId = rng.pick(['fuzz-g1', 'fuzz-g2']);
    const memberId = rng.chance(0.8) && s.members.length > 0 ? rng.pick(s.members.slice(-6)) : rng.pick(['', 'unknown-member']);
    const generationId = rng.chance(0.8) ? s.generation : rng.int(-1, s.generation + 1);
    const op = rng.int(0, 9);
    let res: Record<string, unknown> | null;
    if (op <= 2) {
      const v = ver(11);
      res = await call(c, s, 11, v, {
        groupId, memberId, sessionTimeoutMs: rng.pick([200, 1000, 2000]), rebalanceTimeoutMs: rng.pick([100, 500, 1500]),
        groupInstanceId: v >= 5 && rng.chance(0.2) ? `static-${n}` : null, protocolType: rng.chance(0.95) ? 'consumer' : 'other',
        protocols: [{ name: rng.pick(['range', 'roundrobin']), metadata: SUBSCRIPTION }], reason: null,
      }, JOIN_SYNC_WAIT_MS);
      if (res && typeof res.memberId === 'string' && res.memberId !== '') s.members.push(res.memberId);
      if (res && typeof res.generationId === 'number' && res.generationId > s.generation) s.generation = res.generationId;
    } else if (op === 3) {
      const v = ver(14);
      const assignments = rng.chance(0.5) ? s.members.slice(-3).map((m) => ({ memberId: m, assignment: ASSIGNMENT })) : [];
      res = await call(c, s, 14, v, { groupId, generationId, memberId, groupInstanceId: null, protocolType: v >= 5 ? 'consumer' : null, protocolName: v >= 5 ? 'range' : null, assignments }, JOIN_SYNC_WAIT_MS);
    } else if (op === 4) {
      res = await call(c, s, 12, ver(12), { groupId, generationId, memberId, groupInstanceId: null }, 5000);
    } else if (op === 5) {
      const v = ver(13);
      res = await call(c, s, 13, v, { groupId, memberId, members: v >= 3 ? [{ memberId, groupInstanceId: rng.chance(0.2) ? `static-${n}` : null, reason: null }] : [] }, 5000);
    } else if (op === 6) {
      const partitions = [{ partitionIndex: rng.int(0, 3), committedOffset: rng.int(-1, 5), committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: rng.chance(0.5) ? null : 'm' }];
      res = await call(c, s, 8, ver(8), { groupId, generationIdOrMemberEpoch: generationId, memberId, groupInstanceId: null, retentionTimeMs: -1, topics: [{ name: TOPIC, partitions }] }, 5000);
    } else if (op === 7) {
      const v = ver(9);
      const body = v >= 8
        ? { groupId: '', topics: null, groups: [{ groupId, memberId: null, memberEpoch: -1, topics: rng.chance(0.5) ? null : [{ name: TOPIC, partitionIndexes: [0, 1, 2] }] }], requireStable: rng.chance(0.5) }
        : { groupId, topics: v >= 2 && rng.chance(0.5) ? null : [{ name: TOPIC, partitionIndexes: [0, 1, 2] }], groups: [], requireStable: false };
      res = await call(c, s, 9, v, body, 2000);
    } else if (op === 8) {
      res = await call(c, s, 15, ver(15), { groups: ['fuzz-g1', 'fuzz-g2', 'missing'], includeAuthorizedOperations: rng.chance(0.5) }, 5000);
    } else {
      const [key, body] = rng.pick([
        [42, { groupsNames: [groupId] }],
        [16, { statesFilter: rng.chance(0.5) ? [] : ['Stable', 'Empty'], typesFilter: [] }],
        [47, { groupId, topics: [{ name: TOPIC, partitions: [{ partitionIndex: rng.int(0, 2) }] }] }],
      ] as const);
      res = await call(c, s, key, ver(key), body, 5000);
    }
    // A well-formed request is never a reason to drop the connection.
    if (res === null && c.closedByPeer) s.problems.push(`op ${op} step ${i}: broker closed the connection`);
    if (c.closed || rng.chance(0.05)) {
      c.destroy();
      c = await RawConnection.open(broker.host, broker.port);
    }
  }
  c.destroy();
}

describe('classic group protocol under random request sequences', () => {
  it('five clients, 300 steps each: no handler failure, every answer well-formed, broker still serving', async () => {
    const seed = Number(process.env.GROUP_FUZZ_SEED ?? 7);
    const steps = Number(process.env.GROUP_FUZZ_STEPS ?? 300);
    const shared: Shared = { members: [], generation: 0, correlation: 1, problems: [], timeouts: [] };
    await Promise.all([0, 1, 2, 3, 4].map((n) => runClient(n, seed, steps, shared)));
    assert.deepStrictEqual(shared.problems, []);
    assert.deepStrictEqual(shared.timeouts, [], 'requests left unanswered');
    assert.deepStrictEqual(errors, [], 'broker logged handler failures');
    await assertServedRaw(broker.host, broker.port);
    await assertServedKafkajs(broker.host, broker.port);
  });
});

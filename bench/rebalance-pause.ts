/**
 * The rebalance pause per member when an 11th member joins a 10-member classic group (issue 11 §7), eager (`range`)
 * vs cooperative (`cooperative-sticky`), with real librdkafka 2.16 members (confluent-kafka 2.16 driver, one process
 * each) on a 60-partition topic against the in-process broker, timed from the coordinator's own events:
 * - eager: every member gives up everything when the rebalance starts and gets its partitions back at the sync, so its
 *   stop = rebalance-started -> sync-completed of that generation;
 * - cooperative: members keep what is not moving (stop 0 for those partitions); the moved partitions are unowned from
 *   the first round's sync (revoked) to the second round's sync (assigned to the joiner).
 * KIP-848 for the same join: bench/kip848-groups.ts.
 *
 *   node --import tsx bench/rebalance-pause.ts [--members 10] [--partitions 60]
 */
import { parseArgs } from 'node:util';
import { modernClientMissing, startGroupConsumer, type GroupConsumer } from '../test/helpers/modern-clients.js';
import { createTopic } from '../test/helpers/topics.js';
import { startGroupBroker } from '../test/engine/groups/group-test-broker.js';
import type { EngineEvent } from '../src-common/engine-events.js';

const { values } = parseArgs({ options: { members: { type: 'string', default: '10' }, partitions: { type: 'string', default: '60' } } });
const MEMBERS = Number(values.members);
const PARTITIONS = Number(values.partitions);

async function run(assignor: 'range' | 'cooperative-sticky'): Promise<void> {
  const b = await startGroupBroker();
  const topic = `pause-${assignor}`;
  const group = `${topic}-g`;
  const members: GroupConsumer[] = [];
  const join = (): GroupConsumer => startGroupConsumer('confluent-kafka', { bootstrap: b.bootstrap, topics: [topic], group, assignor, commit: 'none', timeoutMs: 300_000 });
  try {
    await createTopic(b.bootstrap, topic, { partitions: PARTITIONS });
    for (let i = 0; i < MEMBERS; i++) members.push(join());
    const settled = (n: number): boolean => members.length === n && members.every((m) => m.assignment().length === Math.floor(PARTITIONS / n) || m.assignment().length === Math.ceil(PARTITIONS / n));
    await members[0]?.waitFor(`${MEMBERS} members balanced`, () => settled(MEMBERS), 240_000);
    await b.waitStable(group, MEMBERS);
    const ofGroup = (): EngineEvent[] => b.events.filter((e) => 'group' in e && e.group === group);
    const mark = ofGroup().length;
    const linesBefore = members.map((m) => m.lines().length);
    members.push(join());
    await members[0]?.waitFor(`${MEMBERS + 1} members balanced`, () => settled(MEMBERS + 1), 240_000);
    await b.waitStable(group, MEMBERS + 1);
    const events = ofGroup().slice(mark);
    const starts = events.filter((e) => e.type === 'rebalance-started');
    const syncs = events.filter((e): e is Extract<EngineEvent, { type: 'sync-completed' }> => e.type === 'sync-completed');
    const first = starts[0]?.at ?? 0;
    // Measured on the clients: how many partitions the old members' revoke callbacks gave up during this rebalance.
    const revoked = members.slice(0, MEMBERS).reduce((n, m, i) => n + m.lines().slice(linesBefore[i]).reduce((k, l) => k + (l.type === 'assignment' && l.event === 'revoked' ? l.changed.length : 0), 0), 0);
    const rounds = syncs.map((s) => `${s.generation}: +${s.at - first} ms`);
    if (assignor === 'range') {
      // Eager: each old member is stopped from the rebalance start until the sync that hands its partitions back.
      const stop = (syncs[0]?.at ?? first) - first;
      console.log(`eager (range), ${MEMBERS} -> ${MEMBERS + 1}: ${syncs.length} generation(s) [${rounds.join(', ')}]; every one of the ${MEMBERS} old members stopped consuming all its partitions for ${stop} ms (revoke callbacks: ${revoked} of ${PARTITIONS} partitions)`);
    } else {
      const moved = (syncs.at(-1)?.at ?? first) - (syncs[0]?.at ?? first);
      console.log(`cooperative-sticky, ${MEMBERS} -> ${MEMBERS + 1}: ${syncs.length} generation(s) [${rounds.join(', ')}]; old members kept consuming the partitions they keep (stop 0); the ${Math.floor(PARTITIONS / (MEMBERS + 1))} moved partitions were unowned for ${moved} ms (first sync -> last sync; revoke callbacks: ${revoked} of ${PARTITIONS} partitions)`);
    }
  } finally {
    await Promise.allSettled(members.map((m) => m.stop()));
    await b.stop();
  }
}

const missing = modernClientMissing('confluent-kafka');
if (missing) {
  console.log(`skipped: ${missing}`);
} else {
  await run('range');
  await run('cooperative-sticky');
}

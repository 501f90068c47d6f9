/**
 * The bounded fuzz loop: seeded mutations of valid request frames, each on its own connection,
 * a few connections at a time; a health check after every batch. Outcomes per frame: answered
 * (first response must carry the frame's correlation id), closed by the broker, or silent
 * (incomplete frame, acks=0 produce, or a long-poll fetch: all legitimate).
 */
import { Reader } from '../../../src-protocol/codec/reader.js';
import { readApiVersionsResponse, readMetadataResponse } from '../../../src-protocol/generated/index.js';
import { Rng } from '../../unit/protocol/schema-model.js';
import { mutate, realisticSeeds, schemaRandomSeeds, type SeedFrame } from './fuzz-corpus.js';
import { RawConnection, apiVersionsV0, assertServedRaw, requestFrame } from './raw-client.js';

export interface FuzzOptions {
  seed: number;
  mutations: number;
  deadlineMs: number;
  concurrency?: number;
  batch?: number;
}

export interface FuzzSummary {
  outcomes: { answered: number; closed: number; silent: number; skippedForTime: number };
  badCorrelation: string[];
  /** Complete frames that got neither an answer nor a close within the wait (acks=0 produce and long polls are expected here). */
  silentComplete: string[];
  /** Realistic seed frames that, unmutated, did not get their answer. */
  unansweredSeeds: string[];
}

const ANSWER_WAIT_MS = 500;
const INCOMPLETE_WAIT_MS = 50;

async function advertised(host: string, port: number): Promise<{ apiKey: number; minVersion: number; maxVersion: number }[]> {
  const c = await RawConnection.open(host, port);
  try {
    await c.write(apiVersionsV0(1));
    const f = await c.nextFrame();
    if (!f) throw new Error('no ApiVersions answer');
    return readApiVersionsResponse(new Reader(f, 4), 0).apiKeys;
  } finally {
    c.destroy();
  }
}

/** Creates the topic if needed (Metadata with auto-creation) and returns its topic id. */
async function topicIdOf(host: string, port: number, topic: string): Promise<string> {
  const c = await RawConnection.open(host, port);
  try {
    await c.write(requestFrame(3, 12, 2, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: topic }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    const f = await c.nextFrame();
    if (!f) throw new Error('no Metadata answer');
    const r = new Reader(f, 4);
    r.uvarint(); // response header v1 tagged fields
    const t = readMetadataResponse(r, 12).topics[0];
    if (!t || t.errorCode !== 0) throw new Error(`could not create ${topic}: ${JSON.stringify(t)}`);
    return t.topicId;
  } finally {
    c.destroy();
  }
}

export async function runFuzz(broker: { host: string; port: number }, opts: FuzzOptions): Promise<FuzzSummary> {
  const { host, port } = broker;
  const realistic = await realisticSeeds('fuzz-topic', await topicIdOf(host, port, 'fuzz-topic'));
  const corpus: SeedFrame[] = [...realistic, ...schemaRandomSeeds(await advertised(host, port), opts.seed)];
  const rng = new Rng(opts.seed);
  // Mutations are drawn up front so the sequence does not depend on network timing.
  const cases = Array.from({ length: opts.mutations }, (_, i) => {
    const seed = rng.pick(corpus);
    return { i, seed: seed.label, ...mutate(seed, corpus, rng) };
  });
  const unanswered: string[] = [];
  // The realistic seeds must be valid requests themselves, or their mutations prove little.
  for (const seed of realistic) {
    const conn = await RawConnection.open(host, port);
    await conn.write(seed.frame);
    const f = await conn.nextFrame(5000);
    if (f?.readInt32BE(0) !== seed.frame.readInt32BE(8)) unanswered.push(seed.label);
    conn.destroy();
  }
  const summary: FuzzSummary = { outcomes: { answered: 0, closed: 0, silent: 0, skippedForTime: 0 }, badCorrelation: [], silentComplete: [], unansweredSeeds: unanswered };
  const deadline = Date.now() + opts.deadlineMs;
  const concurrency = opts.concurrency ?? 8;
  const batch = opts.batch ?? 50;

  const runOne = async (c: (typeof cases)[number]): Promise<void> => {
    const conn = await RawConnection.open(host, port);
    try {
      await conn.write(c.frame);
      const declared = c.frame.readInt32BE(0);
      const payload = c.frame.length - 4;
      if (declared > payload) {
        // The broker must wait for the rest; a close here would also be acceptable for hostile sizes.
        await conn.waitClosed(INCOMPLETE_WAIT_MS);
        summary.outcomes[conn.closedByPeer ? 'closed' : 'silent']++;
        return;
      }
      const f = await conn.nextFrame(ANSWER_WAIT_MS);
      if (f) {
        summary.outcomes.answered++;
        const expected = declared >= 8 ? c.frame.readInt32BE(8) : null;
        if (f.length < 4 || f.readInt32BE(0) !== expected) {
          summary.badCorrelation.push(`#${c.i} ${c.seed} [${c.ops.join(', ')}]: response correlation ${f.length >= 4 ? f.readInt32BE(0) : 'short'} expected ${expected}`);
        }
      } else {
        summary.outcomes[conn.closedByPeer ? 'closed' : 'silent']++;
        if (!conn.closedByPeer) summary.silentComplete.push(`#${c.i} ${c.seed} [${c.ops.join(', ')}] ${c.frame.subarray(4, 40).toString('hex')}`);
      }
    } finally {
      conn.destroy();
    }
  };

  for (let start = 0; start < cases.length; start += batch) {
    if (Date.now() > deadline) {
      summary.outcomes.skippedForTime = cases.length - start;
      break;
    }
    const queue = cases.slice(start, start + batch);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await runOne(c);
      }),
    );
    try {
      await assertServedRaw(host, port);
    } catch (err) {
      const last = cases.slice(start, start + batch).map((c) => `#${c.i} ${c.seed} [${c.ops.join(', ')}] ${c.frame.subarray(0, 64).toString('hex')}`);
      throw new Error(`broker stopped serving after fuzz cases ${start}-${start + batch - 1}:\n${last.join('\n')}`, { cause: err });
    }
  }
  return summary;
}

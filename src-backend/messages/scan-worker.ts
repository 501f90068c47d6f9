/**
 * A scan worker thread (owned by ScanWorkers): decodes and filters fetched chunks (scan-chunk.ts), so the
 * backend's loop stays free for the GUI's requests while a search or export reads millions of records.
 * Answers WorkerPool's protocol (src-engine/workers/pool.ts).
 */

import { parentPort } from 'node:worker_threads';
import { lowerThisWorkerThreadPriority, type WorkerReply, type WorkerRequest } from '../../src-engine/index.js';
import type { MessageFilter } from '../../src-common/contract/messages.js';
import { registerKafkaJsCodecs } from '../kafka/codecs.js';
import { compileFilter, type RecordPredicate } from './filter.js';
import { PayloadDecoder, type DecodeSpec } from '../schema-registry/payload-decoder.js';
import { SchemaSources } from '../schema-registry/schema-source.js';
import { runScanJob, type PackedScan, type ScanJob } from './scan-chunk.js';

registerKafkaJsCodecs();
// A scan is background work: the backend's loop (the GUI's answers) and the broker go first.
lowerThisWorkerThreadPriority();

/** A search sends the same filter with each chunk: compile it once per worker. */
const predicates = new Map<string, RecordPredicate | null>();

function predicateFor(filter: MessageFilter | null): RecordPredicate | null {
  const key = JSON.stringify(filter);
  let predicate = predicates.get(key);
  if (predicate === undefined) {
    if (predicates.size >= 32) predicates.clear();
    predicate = compileFilter(filter);
    predicates.set(key, predicate);
  }
  return predicate;
}

/** This worker's own schema cache and decoders (schemas are fetched from the registry by id, once per worker). */
const sources = new SchemaSources();
const decoders = new Map<string, PayloadDecoder>();

function decoderFor(spec: DecodeSpec | null): PayloadDecoder | null {
  if (!spec) return null;
  const key = JSON.stringify(spec);
  let decoder = decoders.get(key);
  if (!decoder) {
    if (decoders.size >= 16) decoders.clear();
    decoder = new PayloadDecoder(spec, sources);
    decoders.set(key, decoder);
  }
  return decoder;
}

const port = parentPort;
if (!port) throw new Error('scan-worker runs only as a worker thread');
port.on('message', async ({ id, job }: WorkerRequest<ScanJob>) => {
  try {
    const result = await runScanJob(job, predicateFor(job.filter), decoderFor(job.decoding));
    const reply: WorkerReply<PackedScan> = { id, ok: true, result };
    port.postMessage(reply, [result.data.buffer as ArrayBuffer]);
  } catch (error) {
    const reply: WorkerReply<PackedScan> = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});

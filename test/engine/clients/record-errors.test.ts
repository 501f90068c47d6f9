// Produce's per-record errors (KIP-467) as clients see them: the raw response fields per version, kafkajs
// (Produce v7: the code alone, every record fails), librdkafka 2.0.2 (Debian, Produce v7: the same) and a
// modern librdkafka (Produce v8+: the invalid records fail with INVALID_RECORD, the others as collateral).
// Nothing of a refused batch is stored. test/diff/produce-record-errors.test.ts runs librdkafka against Kafka too.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import kafkajs from 'kafkajs';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { assertOk, confluentKafkaMissing, lastJsonLine, python, pythonDir, repoRoot, run } from '../../helpers/clients.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { ErrorCode } from '../../../src-protocol/error-codes.js';
import { buildRecordBatch } from '../../../src-engine/storage/records.js';
import type { ProduceRequest, ProduceResponse } from '../../../src-protocol/generated/00-produce.js';

const { Kafka, logLevel } = kafkajs;
const produceApi = rawApi<ProduceRequest, ProduceResponse>(0);
const SCRIPT_TIMEOUT_MS = 90_000;
/** confluent-kafka 2.x from PyPI (scripts/clients/setup.sh), whose wheel carries a modern librdkafka. */
const modernPython = join(repoRoot, '.cache/clients/venv/bin/python');
const modernMissing = existsSync(modernPython) ? false : `${modernPython} missing (scripts/clients/setup.sh installs confluent-kafka 2.x)`;

interface DeliveryReport { index: number; error: string | null; message: string | null }
interface RecordErrorsReport { librdkafka: string; unflushed: number; reports: DeliveryReport[] }

const keyless = [3, 11, 12, 30, 47, 50, 68, 71, 90, 99];
const noKey = (topic: string): string => `Compacted topic cannot accept message without key in topic partition ${topic}-0`;

describe('per-record produce errors (KIP-467)', () => {
  let broker: TestBroker;
  let compacted: string;
  before(async () => {
    broker = await startTestBroker();
    compacted = uniqueTopic('rec-errors');
    await createTopic(broker.bootstrap, compacted, { configs: { 'cleanup.policy': 'compact' } });
  });
  after(async () => {
    await broker?.stop();
  });

  const endOffset = async (topic: string): Promise<number> => {
    const admin = new Kafka({ clientId: 'rec-errors', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      return Number((await admin.fetchTopicOffsets(topic))[0]?.high);
    } finally {
      await admin.disconnect();
    }
  };

  test('raw Produce: v8+ carries record_errors and error_message, v7 the error code alone', async () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ key: keyless.includes(i) ? null : Buffer.from(`k${i}`), value: Buffer.from(`v${i}`) }));
    const raw = await RawClient.connect(broker.host, broker.port);
    try {
      for (const version of [7, 8, 9, 11]) {
        const res = await raw.send(produceApi, version, {
          transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: compacted, partitionData: [{ index: 0, records: buildRecordBatch({ records }) }] }],
        });
        const p = res.responses[0]?.partitionResponses[0];
        assert.equal(p?.errorCode, ErrorCode.INVALID_RECORD, `v${version}`);
        assert.equal(p?.baseOffset, -1);
        if (version < 8) {
          assert.deepEqual([p?.recordErrors, p?.errorMessage], [[], null], 'v7 has neither field');
          continue;
        }
        assert.deepEqual(p?.recordErrors, keyless.map((batchIndex) => ({ batchIndex, batchIndexErrorMessage: noKey(compacted) })), `v${version}`);
        assert.match(p?.errorMessage ?? '', /^One or more records have been rejected due to 10 record errors in total, and only showing the first three errors at most: \[RecordError\(batchIndex=3, /);
      }
    } finally {
      raw.close();
    }
    assert.equal(await endOffset(compacted), 0, 'nothing of a refused batch is stored');
  });

  test('kafkajs (Produce v7): the whole batch fails with INVALID_RECORD', async () => {
    const producer = new Kafka({ clientId: 'rec-errors', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).producer();
    await producer.connect();
    try {
      const messages = Array.from({ length: 10 }, (_, i) => ({ key: i === 4 ? null : `k${i}`, value: `v${i}` }));
      await assert.rejects(producer.send({ topic: compacted, acks: -1, messages }), (err: Error & { type?: string }) => {
        assert.equal(err.type, 'INVALID_RECORD');
        return true;
      });
    } finally {
      await producer.disconnect();
    }
    assert.equal(await endOffset(compacted), 0);
  });

  test('librdkafka 2.0.2 (Debian; Produce v7): every record of the batch fails with INVALID_RECORD', { skip: confluentKafkaMissing() ?? false }, async () => {
    const r = assertOk('confluent_record_errors.py', await python('confluent_record_errors.py', [broker.bootstrap, compacted, '20', '3,7,19', ''], { timeoutMs: SCRIPT_TIMEOUT_MS }));
    const report = lastJsonLine<RecordErrorsReport>('confluent_record_errors.py', r.stdout);
    assert.equal(report.unflushed, 0);
    assert.deepEqual(report.reports.map((d) => d.error), Array(20).fill('INVALID_RECORD'));
  });

  test('modern librdkafka (Produce v8+): the keyless records fail with INVALID_RECORD, the other 90 as collateral', { skip: modernMissing }, async () => {
    const script = join(pythonDir, 'confluent_record_errors.py');
    const r = assertOk('confluent_record_errors.py', await run(modernPython, [script, broker.bootstrap, compacted, '100', keyless.join(','), ''], { timeoutMs: SCRIPT_TIMEOUT_MS }));
    const report = lastJsonLine<RecordErrorsReport>('confluent_record_errors.py', r.stdout);
    assert.equal(report.unflushed, 0);
    assert.deepEqual(report.reports.map((d) => d.error), report.reports.map((_, i) => (keyless.includes(i) ? 'INVALID_RECORD' : '_INVALID_DIFFERENT_RECORD')),
      `librdkafka ${report.librdkafka}`);
    assert.equal(await endOffset(compacted), 0);
  });

  // The response says INVALID_TIMESTAMP (as Kafka's does); librdkafka fails each listed record with INVALID_RECORD.
  test('modern librdkafka: records outside message.timestamp.before.max.ms fail, the others as collateral', { skip: modernMissing }, async () => {
    const topic = uniqueTopic('rec-errors-ts');
    await createTopic(broker.bootstrap, topic, { configs: { 'message.timestamp.before.max.ms': '3600000' } });
    const script = join(pythonDir, 'confluent_record_errors.py');
    const r = assertOk('confluent_record_errors.py', await run(modernPython, [script, broker.bootstrap, topic, '10', '', '2,5'], { timeoutMs: SCRIPT_TIMEOUT_MS }));
    const report = lastJsonLine<RecordErrorsReport>('confluent_record_errors.py', r.stdout);
    assert.deepEqual(report.reports.map((d) => d.error), report.reports.map((_, i) => ([2, 5].includes(i) ? 'INVALID_RECORD' : '_INVALID_DIFFERENT_RECORD')));
    assert.equal(await endOffset(topic), 0);
  });
});

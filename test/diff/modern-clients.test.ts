/**
 * The modern client drivers (Java kafka-clients 4.4, confluent-kafka 2.16, kafka-python 3.0,
 * franz-go, IBM/sarama) run the scenarios of test/engine/clients/modern/scenarios.ts against the
 * reference Kafka and the engine; each outcome must equal Kafka's. Outcomes hold no producer or
 * member ids and no timestamps, so nothing is normalised. One codec (zstd) here: the engine suite
 * runs every codec.
 */
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { modernClientLabel, modernClientMissing, modernClients } from '../helpers/modern-clients.js';
import { startReferenceKafka, type ReferenceKafka } from '../helpers/reference-kafka.js';
import {
  adminTopicsAndConfigs,
  codecRoundTrip,
  groupCommitAndResume,
  groupRebalance,
  idempotentProduce,
  recordTooLarge,
  transactions,
  type BrokerUnderTest,
} from '../engine/clients/modern/scenarios.js';
import { assertSameAsKafka, skip } from './harness.js';

let kafka: ReferenceKafka | undefined;
let engine: TestBroker | undefined;
const targets = (): { kafka: BrokerUnderTest; engine: BrokerUnderTest } => {
  if (!kafka || !engine) throw new Error('brokers not started');
  return {
    kafka: { bootstrap: kafka.bootstrap, logDir: join(kafka.dataDir, 'logs') },
    engine: { bootstrap: engine.bootstrap, logDir: engine.dataDir },
  };
};
before(async () => {
  if (skip) return;
  [kafka, engine] = await Promise.all([startReferenceKafka(), startTestBroker()]);
});
after(async () => {
  await Promise.all([kafka?.stop(), engine?.stop()]);
});

const scenarios = {
  'zstd round trip (keys, nulls, binary, headers)': (c: Parameters<typeof codecRoundTrip>[0], b: BrokerUnderTest) => codecRoundTrip(c, b, 'zstd'),
  'idempotent producer': idempotentProduce,
  'record over max.message.bytes': recordTooLarge,
  'committed and aborted transactions, read both ways': transactions,
  'consumer group commits and resume': groupCommitAndResume,
  'consumer group rebalance on join and leave': groupRebalance,
  'admin topics and configs': adminTopicsAndConfigs,
};

for (const client of modernClients) {
  describe(`${modernClientLabel[client]}: engine vs Kafka`, { skip: skip || (modernClientMissing(client) ?? false) }, () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      test(name, { timeout: 240_000 }, async () => {
        const t = targets();
        const onKafka = await scenario(client, t.kafka);
        const onEngine = await scenario(client, t.engine);
        assertSameAsKafka({ kafka: onKafka, engine: onEngine });
      });
    }
  });
}

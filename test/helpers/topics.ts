// Topic names and explicit topic creation for tests. Creation goes through
// kafkajs's admin client (CreateTopics), because kcat and sarama cannot create
// topics with a chosen partition count; seeding data goes through kafkajs too.
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

/** A topic name no other test (or earlier run on a reused data dir) uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

function adminClient(bootstrap: string): InstanceType<typeof Kafka> {
  return new Kafka({ clientId: 'kafkadesk-test-admin', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

/** Seeds a topic through kafkajs, so a test of another client consumes data it did not produce itself. */
export async function produceMessages(
  bootstrap: string,
  topic: string,
  messages: readonly { partition: number; key: string | null; value: string }[],
): Promise<void> {
  const producer = adminClient(bootstrap).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ partition: m.partition, key: m.key, value: m.value })) });
  } finally {
    await producer.disconnect();
  }
}

export async function createTopic(
  bootstrap: string,
  topic: string,
  opts: { partitions?: number; configs?: Record<string, string> } = {},
): Promise<void> {
  const admin = adminClient(bootstrap).admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: opts.partitions ?? 1,
          replicationFactor: 1,
          configEntries: Object.entries(opts.configs ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    if (!created) throw new Error(`createTopics reported that ${topic} already exists`);
  } finally {
    await admin.disconnect();
  }
}

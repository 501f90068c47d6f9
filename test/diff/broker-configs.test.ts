/**
 * The group coordinator's and transaction coordinator's broker configs, Apache Kafka vs the engine:
 * DescribeConfigs of the broker gives the same names, values, sources, types, read-only flags and
 * synonyms (whose DEFAULT_CONFIG entry is the definition's default), and changing one at run time is
 * refused the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawApi } from '../helpers/raw-client.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../../src-protocol/generated/32-describe-configs.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../src-protocol/generated/44-incremental-alter-configs.js';
import { BROKER_CONFIG_LIST } from '../../src-engine/config/broker-configs.js';
import { assertSameAsKafka, onBoth, send, skip, usePair, type Target } from './harness.js';

const pair = usePair();
const describeConfigs = rawApi<DescribeConfigsRequest, DescribeConfigsResponse>(32);
const incrementalAlter = rawApi<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>(44);
const BROKER_RESOURCE = 4;
const COORDINATOR_CONFIG = /^(group|offsets?|transaction|transactional\.id|producer\.id)\./;
const NAMES = BROKER_CONFIG_LIST.map((d) => d.name).filter((n) => COORDINATOR_CONFIG.test(n));
/** The engine starts with 4 (a desktop broker's start would slow down with 50); the definition keeps Kafka's default. */
const ENGINE_STATIC = new Set(['transaction.state.log.num.partitions']);

async function describe(t: Target, names: readonly string[]): Promise<Record<string, unknown>> {
  const res = await send(t, describeConfigs, 4, {
    resources: [{ resourceType: BROKER_RESOURCE, resourceName: '1', configurationKeys: [...names] }],
    includeSynonyms: true,
    includeDocumentation: false,
  });
  const r = res.results[0];
  if (!r) throw new Error(`${t.name}: no result`);
  assert.equal(r.errorCode, 0, `${t.name}: ${r.errorMessage}`);
  return Object.fromEntries(r.configs.map((c) => [c.name, {
    ...(ENGINE_STATIC.has(c.name) ? {} : { value: c.value, source: c.configSource }),
    readOnly: c.readOnly,
    sensitive: c.isSensitive,
    type: c.configType,
    defaultSynonym: c.synonyms.find((s) => s.source === 5)?.value ?? null,
    synonymSources: ENGINE_STATIC.has(c.name) ? null : c.synonyms.map((s) => s.source),
  }]));
}

test('DescribeConfigs of the broker: group, offsets and transaction configs as Kafka lists them', { skip }, async () => {
  assert.ok(NAMES.length >= 14, `the engine defines ${NAMES.length} coordinator configs`);
  const result = await onBoth(pair(), (t) => describe(t, NAMES));
  assert.deepEqual(Object.keys(result.kafka).sort(), [...NAMES].sort(), 'Kafka knows every name the engine defines');
  assertSameAsKafka(result);
});

test('IncrementalAlterConfigs of a coordinator config on the broker is refused (it needs a restart)', { skip }, async () => {
  const result = await onBoth(pair(), async (t) => {
    const set = async (name: string, value: string): Promise<unknown> => {
      const res = await send(t, incrementalAlter, 1, {
        resources: [{ resourceType: BROKER_RESOURCE, resourceName: '1', configs: [{ name, configOperation: 0, value }] }],
        validateOnly: false,
      });
      return { errorCode: res.responses[0]?.errorCode, errorMessage: res.responses[0]?.errorMessage };
    };
    return {
      groupMaxSize: await set('group.max.size', '10'),
      transactionMaxTimeout: await set('transaction.max.timeout.ms', '60000'),
      numPartitions: await set('num.partitions', '3'),
      after: await describe(t, ['group.max.size', 'transaction.max.timeout.ms']),
    };
  });
  assertSameAsKafka(result);
});

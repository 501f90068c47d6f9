// Pure logic behind the feature views: forms -> contract params, sorting/filtering, chart maths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyClusterForm, parseBootstrap, toSettingsAndSecrets, validateClusterForm } from '../../../renderer/src/features/clusters/cluster-form.js';
import { emptyProduceForm, formFromMessage, toProduceParams, validateProduceForm } from '../../../renderer/src/features/produce/produce-form.js';
import { canResetGroup, toResetStrategy } from '../../../renderer/src/features/consumer-groups/reset-strategy.js';
import { parseConfigLines, sortTopics, topicMatcher } from '../../../renderer/src/features/topics/topic-filter.js';
import { partitionShares, sampleKeys } from '../../../renderer/src/features/topic-detail/distribution.js';
import { appendLagSample, lagTrend, type LagSample } from '../../../renderer/src/features/consumer-groups/lag-history.js';
import type { KafkaMessage, Payload } from '../../../src-common/contract/messages.js';
import type { TopicSummary } from '../../../src-common/contract/topics.js';

const text = (value: string): Payload => ({ base64: Buffer.from(value).toString('base64'), size: Buffer.byteLength(value), truncated: false, text: value, format: 'text' });
const message = (partition: number, offset: number, key: string | null, value: string | null = 'v'): KafkaMessage => ({
  partition, offset, timestamp: 1000 + offset, timestampType: 'create', key: key === null ? null : text(key), value: value === null ? null : text(value), headers: [], size: 10,
});

test('cluster form: validation and conversion (secrets only when typed)', () => {
  const form = { ...emptyClusterForm(), name: 'prod', bootstrapText: 'a:9092, b:9093\n[::1]:9094', saslMechanism: 'scram-sha-512' as const, saslUsername: 'u', saslPassword: 'p', tlsEnabled: true, tlsSkipVerify: true, tlsCa: ' PEM ' };
  assert.deepEqual(parseBootstrap(form.bootstrapText), ['a:9092', 'b:9093', '[::1]:9094']);
  assert.deepEqual(validateClusterForm(form), []);
  const { settings, secrets } = toSettingsAndSecrets(form);
  assert.deepEqual(settings.sasl, { mechanism: 'scram-sha-512', username: 'u' });
  assert.deepEqual(settings.tls, { enabled: true, rejectUnauthorized: false, ca: 'PEM' });
  assert.deepEqual(secrets, { saslPassword: 'p' });
  assert.deepEqual(toSettingsAndSecrets({ ...form, saslPassword: '' }).secrets, {});
  const problems = validateClusterForm({ ...emptyClusterForm(), bootstrapText: 'nohost', saslMechanism: 'plain' });
  assert.equal(problems.length, 3);
});

test('produce form: by-key partition, tombstone, base64, headers, copies', () => {
  const form = { ...emptyProduceForm(), key: { isNull: false, encoding: 'text' as const, data: 'k' }, value: { isNull: true, encoding: 'json' as const, data: '' }, copies: 3, headers: [{ key: 'h', isNull: false, encoding: 'base64' as const, data: 'AAE=' }] };
  assert.deepEqual(validateProduceForm(form), []);
  const params = toProduceParams(form, 'c', 't');
  assert.equal(params.partition, null);
  assert.deepEqual(params.key, { encoding: 'text', data: 'k' });
  assert.equal(params.value, null);
  assert.equal(params.copies, 3);
  assert.deepEqual(params.headers, [{ key: 'h', value: { encoding: 'base64', data: 'AAE=' } }]);
  // An empty text key means "no key" so the partitioner spreads records.
  assert.equal(toProduceParams(emptyProduceForm(), 'c', 't').key, null);
  assert.match(validateProduceForm({ ...emptyProduceForm(), value: { isNull: false, encoding: 'json', data: '{bad' } })[0] ?? '', /not valid JSON/);
  assert.equal(validateProduceForm({ ...emptyProduceForm(), copies: 0 }).length, 1);
});

test('re-send prefills from an existing record', () => {
  const source: KafkaMessage = { ...message(2, 7, 'key-1', '{"a":1}'), headers: [{ key: 'trace', value: text('t-1') }, { key: 'empty', value: null }] };
  source.value = { ...text('{"a":1}'), format: 'json' };
  const form = formFromMessage(source);
  assert.equal(form.partition, 2);
  assert.deepEqual(form.key, { isNull: false, encoding: 'text', data: 'key-1' });
  assert.deepEqual(form.value, { isNull: false, encoding: 'json', data: '{"a":1}' });
  assert.deepEqual(form.headers, [{ key: 'trace', isNull: false, encoding: 'text', data: 't-1' }, { key: 'empty', isNull: true, encoding: 'text', data: '' }]);
  const binary = formFromMessage({ ...message(0, 0, null), value: { base64: 'AP8=', size: 2, truncated: false, text: null, format: 'binary' } });
  assert.deepEqual(binary.value, { isNull: false, encoding: 'base64', data: 'AP8=' });
  assert.equal(binary.key.isNull, true);
});

test('reset strategy form', () => {
  const base = { kind: 'earliest' as const, timestampText: '', offset: 0, shiftBy: 0, perPartition: { 0: 5, 1: 7 } as Record<number, number> };
  assert.deepEqual(toResetStrategy(base), { kind: 'earliest' });
  assert.deepEqual(toResetStrategy({ ...base, kind: 'shift', shiftBy: -10 }), { kind: 'shift', by: -10 });
  assert.ok('error' in toResetStrategy({ ...base, kind: 'shift', shiftBy: 0 }));
  assert.ok('error' in toResetStrategy({ ...base, kind: 'timestamp' }));
  assert.deepEqual(toResetStrategy({ ...base, kind: 'timestamp', timestampText: '2024-01-01T00:00:00Z' }), { kind: 'timestamp', timestamp: Date.UTC(2024, 0, 1) });
  assert.deepEqual(toResetStrategy({ ...base, kind: 'offsets' }, [0, 1]), { kind: 'offsets', offsets: [{ partition: 0, offset: 5 }, { partition: 1, offset: 7 }] });
  assert.ok('error' in toResetStrategy({ ...base, kind: 'offsets' }, [0, 2]));
  assert.equal(canResetGroup('Empty', 0), true);
  assert.equal(canResetGroup('Stable', 2), false);
  assert.equal(canResetGroup('PreparingRebalance', 0), false);
});

test('topic search, sorting and config lines', () => {
  assert.equal(topicMatcher('ORD')('orders'), true);
  assert.equal(topicMatcher('orders.*.v2')('orders.eu.v2'), true);
  assert.equal(topicMatcher('orders.*.v2')('orders.eu.v3'), false);
  const topic = (name: string, messageCount: number): TopicSummary => ({ name, topicId: null, internal: false, partitions: 1, replicationFactor: 1, underReplicatedPartitions: 0, sizeBytes: null, messageCount, countIsEstimate: true, cleanupPolicy: null });
  assert.deepEqual(sortTopics([topic('b', 1), topic('a', 5), topic('c', 5)], 'messageCount', true).map((t) => t.name), ['a', 'c', 'b']);
  assert.deepEqual(parseConfigLines('# c\nretention.ms = 1000\n\nbad line'), { configs: { 'retention.ms': '1000' }, errors: ['Line 4: expected key=value'] });
});

test('partition shares flag hot partitions; key samples count distinct keys', () => {
  const shares = partitionShares([{ partition: 0, count: 10 }, { partition: 1, count: 10 }, { partition: 2, count: 40 }]);
  assert.deepEqual(shares.map((s) => s.hot), [false, false, true]);
  assert.equal(shares[2]?.share, 40 / 60);
  assert.deepEqual(partitionShares([{ partition: 0, count: 0 }]).map((s) => s.hot), [false]);
  const sample = sampleKeys([message(0, 0, 'a'), message(0, 1, 'a'), message(1, 0, 'b'), message(2, 0, null), message(1, 1, 'a')]);
  assert.equal(sample.sampled, 5);
  assert.equal(sample.nullKeys, 1);
  assert.equal(sample.distinctKeysByPartition.get(0), 1);
  assert.deepEqual(sample.topKeys[0], { key: 'a', count: 3, partitions: [0, 1] });
});

test('lag history is bounded and classified', () => {
  let history: LagSample[] = [];
  for (let i = 0; i < 5; i++) history = appendLagSample(history, { at: i, totalLag: 100 + i * 10, partitions: {} }, 3);
  assert.equal(history.length, 3);
  assert.equal(history[0]?.at, 2);
  assert.equal(lagTrend(history), 'growing');
  assert.equal(lagTrend([{ at: 0, totalLag: 50, partitions: {} }, { at: 1, totalLag: 10, partitions: {} }]), 'catching-up');
  assert.equal(lagTrend([{ at: 0, totalLag: 5, partitions: {} }, { at: 1, totalLag: 0, partitions: {} }]), 'ok');
  assert.equal(lagTrend([{ at: 0, totalLag: 5, partitions: {} }, { at: 1, totalLag: 5, partitions: {} }]), 'stalled');
  assert.equal(lagTrend([{ at: 0, totalLag: null, partitions: {} }]), 'unknown');
});

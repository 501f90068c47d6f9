import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfigSource, TOPIC_CONFIGS, describeBrokerConfigs, describeTopicConfig, describeTopicConfigs, effectiveTopicConfig,
  formatConfigValue, validateBrokerConfigs, validateTopicConfigs, brokerConfigNumber,
} from '../../../src-engine/config/index.js';

const get = (name: string) => {
  const d = TOPIC_CONFIGS.get(name);
  assert.ok(d, name);
  return d;
};

test('defaults match Kafka 3.9', () => {
  const c = effectiveTopicConfig({});
  assert.deepEqual(c.cleanupPolicy, { delete: true, compact: false });
  assert.equal(c.retentionMs, 604_800_000);
  assert.equal(c.retentionBytes, -1);
  assert.equal(c.segmentBytes, 1_073_741_824);
  assert.equal(c.segmentMs, 604_800_000);
  assert.equal(c.segmentIndexBytes, 10_485_760);
  assert.equal(c.indexIntervalBytes, 4096);
  assert.equal(c.minCleanableDirtyRatio, 0.5);
  assert.equal(c.deleteRetentionMs, 86_400_000);
  assert.equal(c.fileDeleteDelayMs, 60_000);
  assert.equal(c.maxMessageBytes, 1_048_588);
  assert.equal(c.compressionType, 'producer');
  assert.equal(c.messageTimestampType, 'CreateTime');
  assert.equal(formatConfigValue('LONG', c.maxCompactionLagMs), '9223372036854775807');
});

test('overrides are parsed and typed', () => {
  const c = effectiveTopicConfig({ 'cleanup.policy': 'compact, delete', 'retention.ms': ' 1000 ', 'min.cleanable.dirty.ratio': '0.01' });
  assert.deepEqual(c.cleanupPolicy, { delete: true, compact: true });
  assert.equal(c.retentionMs, 1000);
  assert.equal(c.minCleanableDirtyRatio, 0.01);
});

test('invalid values are refused with Kafka-style messages naming the problem', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ 'retention.ms': '-5' }, /^Invalid value -5 for configuration retention.ms: Value must be at least -1$/],
    [{ 'retention.ms': 'abc' }, /^Invalid value abc for configuration retention.ms: Not a number of type LONG$/],
    [{ 'segment.bytes': '99999999999' }, /Not a number of type INT/],
    [{ 'cleanup.policy': 'delete,shred' }, /^Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete$/],
    [{ 'compression.type': 'brotli' }, /String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer/],
    [{ 'min.cleanable.dirty.ratio': '1.5' }, /Value must be no more than 1/],
    [{ 'message.timestamp.type': 'createtime' }, /String must be one of: CreateTime, LogAppendTime/],
    [{ 'preallocate': 'yes' }, /Expected value to be either true or false/],
    [{ 'no.such.config': '1' }, /^Unknown topic config name: no.such.config$/],
    [{ 'min.compaction.lag.ms': '100', 'max.compaction.lag.ms': '10' }, /conflict topic config setting min.compaction.lag.ms \(100\) > max.compaction.lag.ms \(10\)/],
    [{ 'remote.storage.enable': 'true' }, /Tiered storage is not enabled/],
  ];
  for (const [overrides, re] of cases) {
    const problems = validateTopicConfigs(overrides);
    assert.equal(problems.length, 1, JSON.stringify(overrides));
    assert.match(problems[0]?.message ?? '', re);
  }
  assert.deepEqual(validateTopicConfigs({ 'retention.ms': '-1', 'cleanup.policy': '' }), []);
});

test('broker synonyms supply defaults with unit conversion and priority', () => {
  assert.equal(effectiveTopicConfig({}, { static: { 'log.retention.hours': '1' } }).retentionMs, 3_600_000);
  assert.equal(effectiveTopicConfig({}, { static: { 'log.retention.hours': '1', 'log.retention.minutes': '2' } }).retentionMs, 120_000);
  assert.equal(effectiveTopicConfig({}, { static: { 'log.retention.ms': '5', 'log.retention.minutes': '2' } }).retentionMs, 5);
  assert.equal(effectiveTopicConfig({}, { static: { 'log.retention.ms': '5' }, dynamicDefault: { 'log.retention.ms': '7' } }).retentionMs, 7);
  assert.equal(effectiveTopicConfig({ 'retention.ms': '9' }, { static: { 'log.retention.ms': '5' } }).retentionMs, 9);
  assert.equal(effectiveTopicConfig({}, { static: { 'log.cleaner.min.cleanable.ratio': '0.1' } }).minCleanableDirtyRatio, 0.1);
  assert.equal(effectiveTopicConfig({}, { static: { 'message.max.bytes': '2000' } }).maxMessageBytes, 2000);
});

test('describe reports source and synonyms as Kafka does', () => {
  const seg = describeTopicConfig(get('segment.bytes'), {}, {});
  assert.equal(seg.value, '1073741824');
  assert.equal(seg.source, ConfigSource.DEFAULT_CONFIG);
  assert.deepEqual(seg.synonyms, [{ name: 'log.segment.bytes', value: '1073741824', source: ConfigSource.DEFAULT_CONFIG }]);

  // retention.ms: only log.retention.hours has a default, and Kafka drops synonyms before log.retention.ms.
  const ret = describeTopicConfig(get('retention.ms'), {}, {});
  assert.equal(ret.value, '604800000');
  assert.deepEqual(ret.synonyms, []);

  const over = describeTopicConfig(get('retention.ms'), { 'retention.ms': '1000' }, { static: { 'log.retention.ms': '5000' } });
  assert.equal(over.source, ConfigSource.TOPIC_CONFIG);
  assert.deepEqual(over.synonyms.map((s) => [s.name, s.value, s.source]), [
    ['retention.ms', '1000', ConfigSource.TOPIC_CONFIG],
    ['log.retention.ms', '5000', ConfigSource.STATIC_BROKER_CONFIG],
    ['log.retention.hours', '168', ConfigSource.DEFAULT_CONFIG],
  ]);
  const ratio = describeTopicConfig(get('min.cleanable.dirty.ratio'), { 'min.cleanable.dirty.ratio': '1' }, {});
  assert.equal(ratio.value, '1.0');
  const pol = describeTopicConfig(get('cleanup.policy'), { 'cleanup.policy': 'compact , delete' }, {});
  assert.equal(pol.value, 'compact,delete');
  assert.equal(pol.type, 'LIST');
  assert.ok(pol.documentation.length > 20);

  const all = describeTopicConfigs({});
  assert.ok(all.length >= 30);
  assert.deepEqual(all.map((c) => c.name), [...all.map((c) => c.name)].sort());
});

test('broker configs: describe, typed values, dynamic validation', () => {
  const layers = { static: { 'log.retention.check.interval.ms': '100' } };
  assert.equal(brokerConfigNumber('log.retention.check.interval.ms', layers), 100);
  assert.equal(brokerConfigNumber('log.cleaner.backoff.ms', {}), 15000);
  const described = describeBrokerConfigs(layers, true);
  const check = described.find((c) => c.name === 'log.retention.check.interval.ms');
  assert.equal(check?.value, '100');
  assert.equal(check?.source, ConfigSource.STATIC_BROKER_CONFIG);
  assert.equal(check?.readOnly, true);
  assert.equal(described.find((c) => c.name === 'log.retention.ms')?.value, null);
  assert.deepEqual(describeBrokerConfigs(layers, false), []);
  assert.deepEqual(validateBrokerConfigs({ 'log.retention.ms': '1000' }, true), []);
  assert.equal(validateBrokerConfigs({ 'num.partitions': '3' }, true)[0]?.message, 'Cannot update these configs dynamically: [num.partitions]');
  assert.match(validateBrokerConfigs({ 'log.segment.bytes': 'x' }, true)[0]?.message ?? '', /Not a number of type INT/);
});

test('toLogSettings maps the effective config onto storage settings', async () => {
  const { toLogSettings } = await import('../../../src-engine/cluster/log-settings.js');
  const s = toLogSettings(effectiveTopicConfig({ 'segment.bytes': '2048', 'message.timestamp.type': 'LogAppendTime', 'message.timestamp.before.max.ms': '1000', 'message.timestamp.after.max.ms': '2000', 'flush.messages': '10' }));
  assert.equal(s.segmentBytes, 2048);
  assert.equal(s.messageTimestampType, 'LogAppendTime');
  assert.equal(s.messageTimestampBeforeMaxMs, 1000);
  assert.equal(s.messageTimestampAfterMaxMs, 2000);
  assert.equal(s.flushIntervalMessages, 10);
  assert.equal(s.flushIntervalMs, undefined, 'Long.MAX_VALUE means never');
  assert.equal(toLogSettings(effectiveTopicConfig({})).messageTimestampBeforeMaxMs, undefined);
});

test('compacted topics roll by max.compaction.lag.ms when it is shorter than segment.ms', async () => {
  const { toLogSettings } = await import('../../../src-engine/cluster/log-settings.js');
  assert.equal(toLogSettings(effectiveTopicConfig({ 'cleanup.policy': 'compact', 'max.compaction.lag.ms': '5000' })).segmentMs, 5000);
  assert.equal(toLogSettings(effectiveTopicConfig({ 'max.compaction.lag.ms': '5000' })).segmentMs, 604_800_000);
});

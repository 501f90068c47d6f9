import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configNameInMessage, enumChoices, parseValidValues, validateConfigValue } from '../../../renderer/src/features/topic-configs/config-validation.js';
import { diffRows, toAlterOps, withChange, withoutChange } from '../../../renderer/src/features/topic-configs/change-set.js';
import { applyPreset, CONFIG_PRESETS } from '../../../renderer/src/features/topic-configs/presets.js';
import { humanHint, parseHumanValue, unitKind } from '../../../renderer/src/features/topic-configs/human-units.js';
import { forecastChanges, touchesRetention } from '../../../renderer/src/features/topic-configs/retention-preview.js';
import type { ConfigEntry } from '../../../src-common/contract/topics.js';

const entry = (name: string, value: string | null, extra: Partial<ConfigEntry> = {}): ConfigEntry => ({
  name, value, isDefault: true, source: 'default', isSensitive: false, readOnly: false, documentation: null,
  type: 'long', defaultValue: value, validValues: null, synonyms: [], ...extra,
});
const override = (name: string, value: string, defaultValue: string, extra: Partial<ConfigEntry> = {}): ConfigEntry =>
  entry(name, value, { isDefault: false, source: 'dynamic-topic', defaultValue, ...extra });

test('parseValidValues reads Kafka\'s ranges and lists; anything else is unknown', () => {
  assert.deepEqual(parseValidValues('[-1,...]'), { kind: 'range', min: -1, max: null });
  assert.deepEqual(parseValidValues('[0,...,1]'), { kind: 'range', min: 0, max: 1 });
  assert.deepEqual(parseValidValues('[compact, delete]'), { kind: 'enum', values: ['compact', 'delete'] });
  assert.equal(parseValidValues('[1,...,9] or -1'), null);
  assert.equal(parseValidValues(null), null);
});

test('validation: numbers by type and range, in Kafka\'s wording', () => {
  const retention = entry('retention.ms', '604800000', { validValues: '[-1,...]' });
  assert.equal(validateConfigValue(retention, '-1'), null);
  assert.equal(validateConfigValue(retention, '-5'), 'Invalid value -5 for configuration retention.ms: Value must be at least -1');
  assert.match(validateConfigValue(retention, '7d') ?? '', /Not a number of type LONG/);
  assert.equal(validateConfigValue(retention, '9223372036854775807'), null);
  assert.match(validateConfigValue(retention, '9223372036854775808') ?? '', /LONG/);
  assert.match(validateConfigValue(retention, '10000000000000000000') ?? '', /LONG/);
  const segment = entry('segment.bytes', '1073741824', { type: 'int', validValues: '[14,...]' });
  assert.match(validateConfigValue(segment, '3000000000') ?? '', /INT/);
  assert.match(validateConfigValue(segment, '10') ?? '', /at least 14/);
  const ratio = entry('min.cleanable.dirty.ratio', '0.5', { type: 'double', validValues: '[0,...,1]' });
  assert.equal(validateConfigValue(ratio, '0.1'), null);
  assert.match(validateConfigValue(ratio, '1.5') ?? '', /no more than 1/);
  assert.match(validateConfigValue(ratio, 'half') ?? '', /DOUBLE/);
});

test('validation: enums, lists and booleans', () => {
  const policy = entry('cleanup.policy', 'delete', { type: 'list', validValues: '[compact, delete]' });
  assert.equal(validateConfigValue(policy, 'compact,delete'), null);
  assert.match(validateConfigValue(policy, 'compact,forever') ?? '', /Invalid value forever .*one of: compact, delete/);
  const codec = entry('compression.type', 'producer', { type: 'string', validValues: '[uncompressed, zstd, lz4, snappy, gzip, producer]' });
  assert.equal(validateConfigValue(codec, 'zstd'), null);
  assert.match(validateConfigValue(codec, 'brotli') ?? '', /String must be one of/);
  assert.deepEqual(enumChoices(codec), ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer']);
  assert.equal(enumChoices(policy), null, 'lists are free text (several values)');
  const pre = entry('preallocate', 'false', { type: 'boolean' });
  assert.equal(validateConfigValue(pre, 'true'), null);
  assert.match(validateConfigValue(pre, 'yes') ?? '', /true or false/);
});

test('human units: ms and bytes in, canonical integers out, hints back', () => {
  assert.equal(unitKind('retention.ms', 'long'), 'ms');
  assert.equal(unitKind('segment.bytes', 'int'), 'bytes');
  assert.equal(unitKind('cleanup.policy', 'list'), null);
  assert.equal(parseHumanValue('ms', '7d'), '604800000');
  assert.equal(parseHumanValue('ms', ' 1.5h '), '5400000');
  assert.equal(parseHumanValue('bytes', '1 GiB'), '1073741824');
  assert.equal(parseHumanValue('bytes', '1KiB'), '1024');
  assert.equal(parseHumanValue('bytes', '2 MB'), '2000000');
  assert.equal(parseHumanValue('ms', '-1'), '-1');
  assert.equal(parseHumanValue('ms', '7 fortnights'), '7 fortnights', 'unknown units stay for validation to report');
  assert.equal(humanHint('ms', '604800000'), '7d');
  assert.equal(humanHint('bytes', '-1'), 'unlimited');
  assert.equal(humanHint('ms', '9223372036854775807'), 'no limit');
});

test('change set: no-ops are dropped, resets only for overrides, diff shows current → new and default', () => {
  const retention = override('retention.ms', '3600000', '604800000');
  const policy = entry('cleanup.policy', 'delete', { type: 'list' });
  let changes = withChange(new Map(), retention, { op: 'set', value: '3600000' });
  assert.equal(changes.size, 0, 'setting the value in effect is not a change');
  changes = withChange(changes, policy, { op: 'delete' });
  assert.equal(changes.size, 0, 'nothing to reset on a default');
  changes = withChange(changes, retention, { op: 'delete' });
  changes = withChange(changes, policy, { op: 'set', value: 'compact' });
  assert.deepEqual(diffRows(changes, [retention, policy]), [
    { name: 'retention.ms', op: 'delete', current: '3600000', next: '604800000', defaultValue: '604800000', wasOverride: true },
    { name: 'cleanup.policy', op: 'set', current: 'delete', next: 'compact', defaultValue: 'delete', wasOverride: false },
  ]);
  assert.deepEqual(toAlterOps(changes), [{ op: 'delete', name: 'retention.ms' }, { op: 'set', name: 'cleanup.policy', value: 'compact' }]);
  assert.deepEqual(toAlterOps(withoutChange(changes, 'retention.ms')), [{ op: 'set', name: 'cleanup.policy', value: 'compact' }]);
});

test('presets fill the change set (skipping no-ops and unknown keys) and keep other pending edits', () => {
  const entries = [
    entry('cleanup.policy', 'delete', { type: 'list' }),
    entry('min.cleanable.dirty.ratio', '0.5', { type: 'double' }),
    override('delete.retention.ms', '86400000', '86400000'),
    override('retention.ms', '3600000', '604800000'),
    entry('retention.bytes', '-1'),
    entry('segment.bytes', '1073741824', { type: 'int' }),
  ];
  const changelog = CONFIG_PRESETS.find((p) => p.id === 'compacted-changelog');
  assert.ok(changelog);
  const mine = withChange(new Map(), entries[5] as ConfigEntry, { op: 'set', value: '1024' });
  const changes = applyPreset(mine, changelog, entries);
  assert.deepEqual(toAlterOps(changes), [
    { op: 'set', name: 'segment.bytes', value: '1024' },
    { op: 'set', name: 'cleanup.policy', value: 'compact' },
    { op: 'set', name: 'min.cleanable.dirty.ratio', value: '0.1' },
    { op: 'delete', name: 'retention.ms' },
  ]);
  const week = CONFIG_PRESETS.find((p) => p.id === 'keep-7-days');
  assert.ok(week);
  assert.deepEqual(toAlterOps(applyPreset(new Map(), week, entries)), [{ op: 'set', name: 'retention.ms', value: '604800000' }]);
  const gib = CONFIG_PRESETS.find((p) => p.id === 'keep-1-gib');
  assert.ok(gib);
  assert.deepEqual(toAlterOps(applyPreset(new Map(), gib, entries)), [
    { op: 'set', name: 'retention.bytes', value: '1073741824' },
    { op: 'set', name: 'retention.ms', value: '-1' },
  ]);
});

test('the broker\'s refusal is attributed to the config it names', () => {
  assert.equal(configNameInMessage('Invalid value 12 for configuration compression.gzip.level: Value must be between 1 and 9', []), 'compression.gzip.level');
  assert.equal(configNameInMessage('conflict topic config setting min.compaction.lag.ms (5) > max.compaction.lag.ms (1)', ['min.compaction.lag.ms']), 'min.compaction.lag.ms');
  assert.equal(configNameInMessage('Cluster authorization failed', ['retention.ms']), null);
});

test('retention what-if: the change set as the engine forecast asks for it (set = value, reset = null)', () => {
  const retention = entry('retention.ms', '604800000');
  const gzip = entry('compression.gzip.level', '9', { type: 'int' });
  const bytes = override('retention.bytes', '1024', '-1');
  let changes = withChange(new Map(), retention, { op: 'set', value: '60000' });
  assert.ok(touchesRetention(changes));
  changes = withChange(changes, bytes, { op: 'delete' });
  assert.deepEqual(forecastChanges(changes), { 'retention.ms': '60000', 'retention.bytes': null });
  assert.equal(touchesRetention(withChange(new Map(), gzip, { op: 'set', value: '5' })), false, 'compression does not change the forecast');
  assert.ok(touchesRetention(withChange(new Map(), entry('min.cleanable.dirty.ratio', '0.5', { type: 'double' }), { op: 'set', value: '0.1' })));
});

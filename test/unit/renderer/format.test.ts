import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAxisNumber, formatBytes, formatCount, formatDuration, formatRate, formatTimestamp, parseDateTimeLocal, toDateTimeLocal, truncate } from '../../../renderer/src/lib/format.js';

test('formatBytes uses binary units and sensible precision', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.50 KiB');
  assert.equal(formatBytes(10 * 1024 * 1024), '10.0 MiB');
  assert.equal(formatBytes(300 * 1024 ** 3), '300 GiB');
  assert.equal(formatBytes(null), '—');
  assert.equal(formatBytes(-2048), '-2.00 KiB');
});

test('formatCount groups digits and shows a dash for unknown', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(undefined), '—');
  assert.equal(formatCount(Number.NaN), '—');
});

test('formatRate keeps a decimal for small rates', () => {
  assert.equal(formatRate(0.4), '0.4/s');
  assert.equal(formatRate(0), '0/s');
  assert.equal(formatRate(12345), '12,345/s');
});

test('formatTimestamp is absolute with milliseconds; UTC variant ends in Z', () => {
  assert.equal(formatTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 6), 'utc'), '2024-01-02 03:04:05.006Z');
  assert.match(formatTimestamp(0), /^19(69|70)-/);
  assert.equal(formatTimestamp(-1), '—');
  assert.equal(formatTimestamp(null), '—');
});

test('formatDuration', () => {
  assert.equal(formatDuration(250), '250 ms');
  assert.equal(formatDuration(90_061_000), '1d 1h 1m 1s');
  assert.equal(formatDuration(3_600_000), '1h');
});

test('datetime-local round trip keeps milliseconds', () => {
  const ms = new Date(2024, 4, 1, 10, 20, 30, 456).getTime();
  assert.equal(parseDateTimeLocal(toDateTimeLocal(ms)), ms);
  assert.equal(parseDateTimeLocal(''), null);
  assert.equal(parseDateTimeLocal('not a date'), null);
});

test('truncate and axis numbers', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
  assert.equal(formatAxisNumber(0.5), '0.5');
  assert.equal(formatAxisNumber(12000), '12,000');
});

test('config value hints', async () => {
  const { configValueHint, firstSentence } = await import('../../../renderer/src/lib/config-hints.js');
  assert.equal(configValueHint('retention.ms', '604800000'), '7d');
  assert.equal(configValueHint('segment.bytes', '1073741824'), '1.00 GiB');
  assert.equal(configValueHint('flush.ms', '9223372036854775807'), 'no limit');
  assert.equal(configValueHint('retention.bytes', '-1'), 'unlimited');
  assert.equal(configValueHint('min.insync.replicas', '2'), null);
  assert.equal(configValueHint('cleanup.policy', 'delete'), null);
  assert.equal(firstSentence('First one. Second one.'), 'First one.');
});

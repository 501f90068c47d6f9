import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assumedReset, lagWithUncommitted } from '../../../renderer/src/lib/uncommitted-lag.js';

test('uncommitted partitions count by the assumed auto.offset.reset, always labelled', () => {
  const lags = { partitionsWithoutCommit: 3, uncommittedFromEarliest: 26_000 };
  assert.deepEqual(lagWithUncommitted(5953, lags, 'earliest'), { value: 31_953, note: 'incl. 26,000 in 3 partitions without a commit (auto.offset.reset=earliest)' });
  assert.deepEqual(lagWithUncommitted(5953, lags, 'latest'), { value: 5953, note: '3 partitions without a commit counted as 0 (auto.offset.reset=latest)' });
  assert.deepEqual(lagWithUncommitted(null, lags, 'earliest').value, 26_000);
  assert.deepEqual(lagWithUncommitted(12, { partitionsWithoutCommit: 0, uncommittedFromEarliest: 0 }, 'earliest'), { value: 12, note: null });
  assert.equal(assumedReset({}), 'earliest');
  assert.equal(assumedReset({ uncommitted: 'latest' }), 'latest');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browseDirection, buildFilter, defaultViewState, hasFilter, parsePartitions, parseViewState, startPosition, viewStateToQuery, type MessagesViewState } from '../../../renderer/src/features/messages/url-state.js';

test('defaults produce an empty query and parse back to defaults', () => {
  assert.deepEqual(viewStateToQuery(defaultViewState()), {});
  assert.deepEqual(parseViewState({}), defaultViewState());
});

test('full state round-trips through the URL query', () => {
  const state: MessagesViewState = {
    mode: 'search', partitions: [0, 2], startKind: 'timestamp', offset: 0, timestamp: 1_700_000_000_123, latestN: 100,
    pageSize: 250, format: 'json', cursor: 'abc==', until: 1_700_000_100_000, order: 'time-desc',
    filter: { match: 'any', keyOp: 'equals', keyText: 'k1', valueOp: 'regex', valueText: '^x', headerName: 'trace', headerText: 't-1', jsonCondition: '$.a > 1', jsonTarget: 'key', tombstones: 'only' },
  };
  const query = viewStateToQuery(state);
  assert.equal(query.ts, '1700000000123');
  assert.equal(query.p, '0,2');
  assert.deepEqual(parseViewState(query), state);
});

test('only the parameter of the chosen start kind is kept', () => {
  const query = viewStateToQuery({ ...defaultViewState(), startKind: 'offset', offset: 42, latestN: 7, timestamp: 5 });
  assert.deepEqual(query, { start: 'offset', offset: '42' });
  assert.deepEqual(startPosition(parseViewState(query)), { kind: 'offset', offset: 42 });
});

test('invalid URL values fall back to defaults instead of breaking the view', () => {
  const state = parseViewState({ mode: 'nope', start: 'sideways', size: '99999', fmt: 'xml', p: 'a,b', offset: '-5', n: 'x' });
  assert.equal(state.mode, 'browse');
  assert.equal(state.startKind, 'latest');
  assert.equal(state.pageSize, 1000);
  assert.equal(state.format, 'text');
  assert.equal(state.partitions, 'all');
  assert.equal(state.offset, 0);
  assert.equal(state.latestN, 100);
});

test('partitions parsing dedupes and sorts', () => {
  assert.deepEqual(parsePartitions('3,1,3'), [1, 3]);
  assert.equal(parsePartitions('all'), 'all');
  assert.equal(parsePartitions(undefined), 'all');
});

test('newest-first browsing pages backward, everything else forward', () => {
  assert.equal(browseDirection(defaultViewState()), 'backward');
  assert.equal(browseDirection({ ...defaultViewState(), startKind: 'latest-n' }), 'forward');
  assert.deepEqual(startPosition({ ...defaultViewState(), startKind: 'latest-n', latestN: 5 }), { kind: 'latest-n', count: 5 });
});

test('buildFilter maps the form to backend conditions', () => {
  const base = defaultViewState().filter;
  assert.equal(buildFilter(base), null);
  assert.equal(hasFilter(base), false);
  const filter = buildFilter({ ...base, keyText: 'k', valueOp: 'not-contains', valueText: 'v', headerName: 'h', jsonCondition: '$.a >= 3', tombstones: 'exclude' });
  assert.deepEqual(filter, {
    match: 'all',
    conditions: [
      { field: 'key', op: 'contains', text: 'k' },
      { field: 'value', op: 'not-contains', text: 'v' },
      { field: 'header', name: 'h' },
      { field: 'json', target: 'value', path: '$.a', op: 'gte', value: 3 },
      { field: 'tombstone', is: false },
    ],
  });
  assert.throws(() => buildFilter({ ...base, jsonCondition: '$.a ==' }), /Missing value/);
});

/** The server-side filter language: JSON paths, text ops, headers, tombstones, any/all, bad input. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FilterCondition, MessageFilter } from '../../src-common/contract/messages.js';
import { compileFilter } from '../../src-backend/messages/filter.js';
import { evaluateJsonPath, parseJsonPath } from '../../src-backend/messages/json-path.js';
import type { DecodedRecord } from '../../src-backend/messages/payload.js';

const record = (value: string | null, key: string | null = 'k1', headers: [string, string][] = []): DecodedRecord => ({
  partition: 0, offset: 0, timestamp: 1000, timestampType: 'create',
  key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value),
  headers: headers.map(([k, v]) => ({ key: k, value: Buffer.from(v) })),
});
const matches = (conditions: FilterCondition[], r: DecodedRecord, match: MessageFilter['match'] = 'all'): boolean => {
  const predicate = compileFilter({ match, conditions });
  assert.ok(predicate);
  return predicate(r, { unparseable: false });
};

test('JSON paths: dotted, bracketed, indexed, wildcard', () => {
  const doc = { a: { 'b c': [{ id: 1 }, { id: 2 }] }, n: 5 };
  assert.deepEqual(evaluateJsonPath(doc, parseJsonPath('$.a["b c"][1].id')), [2]);
  assert.deepEqual(evaluateJsonPath(doc, parseJsonPath("$.a['b c'][*].id")), [1, 2]);
  assert.deepEqual(evaluateJsonPath(doc, parseJsonPath('n')), [5]);
  assert.deepEqual(evaluateJsonPath(doc, parseJsonPath('$.missing.x')), []);
  assert.throws(() => parseJsonPath('$.a[oops'), { code: 'bad-request' });
});

test('JSON conditions compare as JSON values, numbers numerically', () => {
  const r = record(JSON.stringify({ user: { id: 42, name: 'Ada' }, tags: ['x', 'y'], price: 9.5 }));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.user.id', op: 'equals', value: 42 }], r));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.user.id', op: 'equals', value: '42' }], r));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.price', op: 'gt', value: 9 }], r));
  assert.ok(!matches([{ field: 'json', target: 'value', path: '$.price', op: 'lt', value: 9 }], r));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.tags[*]', op: 'equals', value: 'y' }], r));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.user.name', op: 'regex', value: '^ad' }], r));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.nope', op: 'not-exists' }], r));
});

test('non-JSON payloads do not match JSON conditions and are reported', () => {
  const predicate = compileFilter({ match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.a', op: 'exists' }] });
  const run = { unparseable: false };
  assert.equal(predicate?.(record('plain text'), run), false);
  assert.equal(run.unparseable, true);
});

test('text ops on key/value are case-insensitive by default; null keys only match negative ops', () => {
  const r = record('Hello World', null);
  assert.ok(matches([{ field: 'value', op: 'contains', text: 'hello' }], r));
  assert.ok(!matches([{ field: 'value', op: 'contains', text: 'hello', caseSensitive: true }], r));
  assert.ok(matches([{ field: 'value', op: 'starts-with', text: 'HELLO' }], r));
  assert.ok(!matches([{ field: 'key', op: 'equals', text: '' }], r));
  assert.ok(matches([{ field: 'key', op: 'not-equals', text: 'x' }], r));
  assert.ok(matches([{ field: 'key', op: 'is-null' }], r));
});

test('headers, tombstones, timestamps, and any/all', () => {
  const r = record(null, 'k', [['trace', 'abc-123'], ['trace', 'def']]);
  assert.ok(matches([{ field: 'header', name: 'trace' }], r));
  assert.ok(matches([{ field: 'header', name: 'trace', op: 'equals', text: 'def' }], r));
  assert.ok(!matches([{ field: 'header', name: 'span' }], r));
  assert.ok(matches([{ field: 'tombstone', is: true }], r));
  assert.ok(matches([{ field: 'timestamp', from: 1000, to: 1001 }], r));
  assert.ok(!matches([{ field: 'timestamp', from: 1001 }], r));
  assert.ok(matches([{ field: 'header', name: 'span' }, { field: 'tombstone', is: true }], r, 'any'));
  assert.ok(!matches([{ field: 'header', name: 'span' }, { field: 'tombstone', is: true }], r, 'all'));
});

test('bad filters fail the call instead of matching nothing', () => {
  assert.throws(() => compileFilter({ match: 'all', conditions: [{ field: 'value', op: 'regex', text: '(' }] }), { code: 'bad-request' });
  assert.throws(() => compileFilter({ match: 'most' as 'all', conditions: [{ field: 'tombstone', is: true }] }), { code: 'bad-request' });
  assert.throws(() => compileFilter({ match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.a', op: 'regex', value: '[' }] }), { code: 'bad-request' });
  assert.throws(() => compileFilter({ match: 'all', conditions: [{ field: 'json', target: 'value', path: '$.a', op: 'like' as 'equals' }] }), { code: 'bad-request' });
  assert.equal(compileFilter({ match: 'all', conditions: [] }), null);
});

test('the JSON pre-check (a needed literal is absent) answers as parsing would', () => {
  const refunded: FilterCondition = { field: 'json', target: 'value', path: '$.status', op: 'equals', value: 'refunded' };
  assert.ok(matches([refunded], record('{"status":"refunded"}')));
  assert.ok(!matches([refunded], record('{"status":"paid"}')));
  // Escapes hide the literal: parsed, so still found.
  assert.ok(matches([refunded], record('{"st\\u0061tus":"ref\\u0075nded"}')));
  // Non-JSON text is parsed (and reported), not pre-rejected.
  const predicate = compileFilter({ match: 'all', conditions: [refunded] });
  const run = { unparseable: false };
  assert.equal(predicate?.(record('refund pending'), run), false);
  assert.equal(run.unparseable, true);
  // A string that is itself JSON ("42") may equal a number: no literal is required for it.
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.n', op: 'equals', value: '42' }], record('{"n":4.2e1}')));
  assert.ok(matches([{ field: 'json', target: 'value', path: '$.nope', op: 'not-exists' }], record('[{"a":1}]')));
  assert.ok(!matches([{ field: 'json', target: 'value', path: '$.nope', op: 'not-equals', value: 'x' }], record('{"a":1}')));
  assert.ok(!matches([{ field: 'json', target: 'value', path: '$.a', op: 'exists' }], record(' {"b":"a"} ')));
});

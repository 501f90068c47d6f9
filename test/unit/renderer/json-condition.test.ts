import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonCondition, parseLiteral } from '../../../renderer/src/features/messages/json-condition.js';

test('symbol operators with JSON literal values', () => {
  assert.deepEqual(parseJsonCondition('$.user.id == 42'), { ok: true, path: '$.user.id', op: 'equals', value: 42 });
  assert.deepEqual(parseJsonCondition('$.status != "done"'), { ok: true, path: '$.status', op: 'not-equals', value: 'done' });
  assert.deepEqual(parseJsonCondition('$.amount>=10.5'), { ok: true, path: '$.amount', op: 'gte', value: 10.5 });
  assert.deepEqual(parseJsonCondition('$.flag = true'), { ok: true, path: '$.flag', op: 'equals', value: true });
  assert.deepEqual(parseJsonCondition('$.x < -1'), { ok: true, path: '$.x', op: 'lt', value: -1 });
  assert.deepEqual(parseJsonCondition('$.deleted == null'), { ok: true, path: '$.deleted', op: 'equals', value: null });
});

test('paths with brackets, quotes and spaces inside quotes', () => {
  assert.deepEqual(parseJsonCondition('$["weird key"].a == 1'), { ok: true, path: '$["weird key"].a', op: 'equals', value: 1 });
  assert.deepEqual(parseJsonCondition("$.items[*].sku contains sku-1"), { ok: true, path: '$.items[*].sku', op: 'contains', value: 'sku-1' });
});

test('word operators, exists and regex', () => {
  assert.deepEqual(parseJsonCondition('$.meta'), { ok: true, path: '$.meta', op: 'exists' });
  assert.deepEqual(parseJsonCondition('$.meta exists'), { ok: true, path: '$.meta', op: 'exists' });
  assert.deepEqual(parseJsonCondition('$.meta !exists'), { ok: true, path: '$.meta', op: 'not-exists' });
  assert.deepEqual(parseJsonCondition('$.name ~ ^bo+b$'), { ok: true, path: '$.name', op: 'regex', value: '^bo+b$' });
  assert.deepEqual(parseJsonCondition('$.name contains "a b"'), { ok: true, path: '$.name', op: 'contains', value: 'a b' });
});

test('errors are explained', () => {
  assert.equal(parseJsonCondition('').ok, false);
  assert.match((parseJsonCondition('$.a ==') as { error: string }).error, /Missing value/);
  assert.match((parseJsonCondition('$.a like x') as { error: string }).error, /Unknown operator/);
  assert.match((parseJsonCondition('$.a ~ (') as { error: string }).error, /Invalid regular expression/);
  assert.match((parseJsonCondition('$.a exists 1') as { error: string }).error, /takes no value/);
});

test('parseLiteral falls back to text', () => {
  assert.equal(parseLiteral('42'), 42);
  assert.equal(parseLiteral('"x"'), 'x');
  assert.equal(parseLiteral('abc'), 'abc');
  assert.equal(parseLiteral('{"a":1}'), '{"a":1}');
});

test('operator typos and non-numeric comparisons are refused with a message, not treated as text', () => {
  const typo = parseJsonCondition('$.amount >> 3');
  assert.equal(typo.ok, false);
  assert.match(typo.ok ? '' : typo.error, /Unknown operator ">>"/);
  assert.equal(parseJsonCondition('$.a =! 1').ok, false);
  const word = parseJsonCondition('$.amount > lots');
  assert.equal(word.ok, false);
  assert.match(word.ok ? '' : word.error, /compares with a number/);
  assert.deepEqual(parseJsonCondition('$.amount > 3'), { ok: true, path: '$.amount', op: 'gt', value: 3 });
  assert.deepEqual(parseJsonCondition('$.day >= "2024-01-01"'), { ok: true, path: '$.day', op: 'gte', value: '2024-01-01' });
});

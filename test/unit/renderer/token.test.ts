import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveToken, searchWithoutToken, withToken } from '../../../renderer/src/backend/token.js';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

test('token comes from the URL first and survives a reload via storage', () => {
  const storage = memoryStorage();
  assert.equal(resolveToken({ search: '?token=abc', storage }), 'abc');
  assert.equal(resolveToken({ search: '', storage }), 'abc');
  assert.equal(resolveToken({ search: '?token=new', storage }), 'new');
  assert.equal(resolveToken({ search: '', storage: memoryStorage() }), null);
});

test('token is removed from the visible URL, other parameters stay', () => {
  assert.equal(searchWithoutToken('?token=abc'), '');
  assert.equal(searchWithoutToken('?a=1&token=abc'), '?a=1');
});

test('download links get the token unless they already carry one', () => {
  assert.equal(withToken('/api/download/1', 't k'), '/api/download/1?token=t%20k');
  assert.equal(withToken('/api/download/1?x=1', 't'), '/api/download/1?x=1&token=t');
  assert.equal(withToken('/api/download/1?token=a', 't'), '/api/download/1?token=a');
  assert.equal(withToken('/x', null), '/x');
});

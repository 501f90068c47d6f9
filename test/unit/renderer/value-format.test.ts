import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64ToBytes, bytesToBase64, bytesToHex, formatPayload, isValueFormat, looksLikeText, previewPayload, textToBytes } from '../../../renderer/src/lib/value-format.js';

test('base64 round trip matches Buffer for every length', () => {
  for (let length = 0; length < 40; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
    const expected = Buffer.from(bytes).toString('base64');
    assert.equal(bytesToBase64(bytes), expected);
    assert.deepEqual([...base64ToBytes(expected)], [...bytes]);
  }
});

test('base64ToBytes accepts URL-safe input without padding and rejects garbage', () => {
  assert.deepEqual([...base64ToBytes('-_8')], [...Buffer.from('+/8=', 'base64')]);
  assert.throws(() => base64ToBytes('ab$c'), /Invalid base64/);
});

test('hex output groups 16 bytes per line', () => {
  const bytes = Uint8Array.from({ length: 18 }, (_, i) => i);
  assert.equal(bytesToHex(bytes), '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n10 11');
});

test('formatPayload: json pretty prints, invalid json falls back with a warning, null stays null', () => {
  const json = formatPayload(textToBytes('{"a":1,"b":[true]}'), 'json');
  assert.equal(json.text, '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
  assert.deepEqual(json.json, { a: 1, b: [true] });
  const bad = formatPayload(textToBytes('nope'), 'json');
  assert.equal(bad.text, 'nope');
  assert.match(bad.warning ?? '', /Not valid JSON/);
  assert.equal(formatPayload(null, 'text').text, 'null');
  assert.equal(formatPayload(textToBytes('hi'), 'base64').text, 'aGk=');
});

test('looksLikeText and previews', () => {
  assert.equal(looksLikeText(textToBytes('hello\tworld\n')), true);
  assert.equal(looksLikeText(Uint8Array.from([0, 1, 2, 255])), false);
  assert.equal(previewPayload(textToBytes('a  b\n c'), 'text'), 'a b c');
  assert.equal(previewPayload(textToBytes('x'.repeat(300)), 'text', 10), `${'x'.repeat(9)}…`);
  assert.equal(isValueFormat('hex'), true);
  assert.equal(isValueFormat('xml'), false);
});

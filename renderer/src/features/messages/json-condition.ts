// Parses the compact JSON filter typed in the message browser into the backend's json condition:
//   $.user.id == 42        $.status != "done"     $.amount >= 10.5     $.tags[0] ~ ^prio
//   $.name contains bob    $.deletedAt exists      $.meta !exists
// The path itself is validated by the backend (it owns the JSON-path grammar); here we split path/op/value.

export type JsonOp = 'exists' | 'not-exists' | 'equals' | 'not-equals' | 'contains' | 'regex' | 'gt' | 'gte' | 'lt' | 'lte';
export type JsonConditionResult =
  | { ok: true; path: string; op: JsonOp; value?: string | number | boolean | null }
  | { ok: false; error: string };

const SYMBOL_OPS: [string, JsonOp][] = [
  ['==', 'equals'], ['!=', 'not-equals'], ['>=', 'gte'], ['<=', 'lte'], ['>', 'gt'], ['<', 'lt'], ['~', 'regex'], ['=', 'equals'],
];
const WORD_OPS: Record<string, JsonOp> = { contains: 'contains', exists: 'exists', '!exists': 'not-exists', 'not-exists': 'not-exists', matches: 'regex' };

/** A JSON literal (42, true, null, "text") or, failing that, the raw text as a string. */
export function parseLiteral(raw: string): string | number | boolean | null {
  const text = raw.trim();
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  } catch {
    // not a JSON literal: use the text as-is
  }
  return text;
}

/** Finds where the path ends: outside brackets/quotes, at whitespace or an operator character. */
function pathEnd(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0 && (/\s/.test(ch) || '=!<>~'.includes(ch))) return i;
  }
  return text.length;
}

export function parseJsonCondition(input: string): JsonConditionResult {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Empty JSON condition' };
  const end = pathEnd(text);
  const path = text.slice(0, end);
  if (!path) return { ok: false, error: 'A JSON condition starts with a path such as $.user.id' };
  const rest = text.slice(end).trim();
  if (!rest) return { ok: true, path, op: 'exists' };

  for (const [symbol, op] of SYMBOL_OPS) {
    if (rest.startsWith(symbol)) {
      const valueText = rest.slice(symbol.length).trim();
      if (!valueText) return { ok: false, error: `Missing value after "${symbol}"` };
      // "$.amount >> 3", "$.a =! 1": an operator typo, never a comparison with the text "> 3".
      if ('=!<>~'.includes(valueText[0] ?? '')) return { ok: false, error: `Unknown operator "${symbol}${valueText[0] ?? ''}" (use == != > >= < <= ~ contains exists !exists)` };
      if (op === 'regex') {
        try {
          new RegExp(valueText);
        } catch (error) {
          return { ok: false, error: `Invalid regular expression: ${error instanceof Error ? error.message : String(error)}` };
        }
        return { ok: true, path, op, value: valueText };
      }
      const value = parseLiteral(valueText);
      if ((op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') && typeof value !== 'number' && !/^["']/.test(valueText)) {
        return { ok: false, error: `"${symbol}" compares with a number (or a quoted string), not ${valueText}` };
      }
      return { ok: true, path, op, value };
    }
  }
  const [word = '', ...valueParts] = rest.split(/\s+/);
  const op = WORD_OPS[word.toLowerCase()];
  if (!op) return { ok: false, error: `Unknown operator "${word}" (use == != > >= < <= ~ contains exists !exists)` };
  if (op === 'exists' || op === 'not-exists') {
    return valueParts.length ? { ok: false, error: `"${word}" takes no value` } : { ok: true, path, op };
  }
  const valueText = valueParts.join(' ');
  if (!valueText) return { ok: false, error: `Missing value after "${word}"` };
  return { ok: true, path, op, value: op === 'contains' ? String(parseLiteral(valueText)) : valueText };
}

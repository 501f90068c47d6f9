// Small helpers to read typed values out of vue-router params/query (which are string | string[] | null).

export type QueryValue = string | null | (string | null)[] | undefined;

/** First string value of a param/query entry, or undefined. */
export function firstString(value: QueryValue): string | undefined {
  if (Array.isArray(value)) return firstString(value[0]);
  return value === null || value === undefined ? undefined : value;
}

/** Integer query value (allows negatives); undefined if missing or not an integer. */
export function intParam(value: QueryValue): number | undefined {
  const text = firstString(value);
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  const parsed = Number(text);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

/** Removes undefined / empty-string entries so URLs stay short and canonical. */
export function compactQuery(query: Record<string, string | number | boolean | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    out[key] = value === true ? '1' : String(value);
  }
  return out;
}

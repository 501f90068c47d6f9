// The inspector's filters (kept in the URL: ?client=&api=&errors=1) and the rows they keep, newest first.
import type { LocationQuery } from 'vue-router';
import type { TrafficEntry } from '../../../../src-common/contract/traffic.js';
import { firstString } from '../../lib/route-params.js';

export interface TrafficFilter {
  client: string | null;
  api: string | null;
  errorsOnly: boolean;
}

/** The client-id filter's value for requests that carried no client id. */
export const NO_CLIENT_ID = '(none)';

export function filterFromQuery(query: LocationQuery): TrafficFilter {
  return { client: firstString(query.client) ?? null, api: firstString(query.api) ?? null, errorsOnly: firstString(query.errors) === '1' };
}

export function filterToQuery(f: TrafficFilter): Record<string, string | undefined> {
  return { client: f.client ?? undefined, api: f.api ?? undefined, errors: f.errorsOnly ? '1' : undefined };
}

export function clientLabel(clientId: string | null): string {
  return clientId ?? NO_CLIENT_ID;
}

export function applyFilter(entries: readonly TrafficEntry[], f: TrafficFilter, limit: number): TrafficEntry[] {
  const out: TrafficEntry[] = [];
  for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
    const e = entries[i]!;
    if (f.client !== null && clientLabel(e.clientId) !== f.client) continue;
    if (f.api !== null && e.apiName !== f.api) continue;
    if (f.errorsOnly && e.errors.length === 0) continue;
    out.push(e);
  }
  return out;
}

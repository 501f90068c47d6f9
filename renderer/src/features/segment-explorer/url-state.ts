// The explorer's view state lives in the URL: which path is open, and the partition / segment / batch drilled to
// (plus the page's first batch position), so a link reopens the same batch.
import { compactQuery, firstString, intParam, type QueryValue } from '../../lib/route-params.js';

export interface ExplorerViewState {
  path: string | null;
  partition: string | null;
  segment: number | null;
  /** File position the batches page starts at. */
  from: number;
  /** File position of the selected batch. */
  batch: number | null;
}

export function stateFromQuery(query: Record<string, QueryValue>): ExplorerViewState {
  const path = firstString(query.path);
  const partition = firstString(query.partition);
  const segment = intParam(query.segment);
  const from = intParam(query.from);
  const batch = intParam(query.batch);
  return {
    path: path && path !== '' ? path : null,
    partition: partition ?? null,
    segment: segment !== undefined && segment >= 0 ? segment : null,
    from: from !== undefined && from >= 0 ? from : 0,
    batch: batch !== undefined && batch >= 0 ? batch : null,
  };
}

export function stateToQuery(s: ExplorerViewState): Record<string, string> {
  return compactQuery({ path: s.path, partition: s.partition, segment: s.segment, from: s.from || undefined, batch: s.batch });
}

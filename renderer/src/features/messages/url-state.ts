// The message browser's view state <-> URL query. Everything needed to restore or share a view lives here:
// mode, partitions, start position, page size, value format, filters and the page cursor.
import type { Direction, FilterCondition, MessageFilter, PartitionSelection, StartPosition, TextOp } from '../../../../src-common/contract/messages.js';
import { isValueFormat, type ValueFormat } from '../../lib/value-format.js';
import { compactQuery, firstString, intParam, type QueryValue } from '../../lib/route-params.js';
import { parseJsonCondition } from './json-condition.js';

export type BrowseMode = 'browse' | 'search' | 'tail';
export type StartKind = StartPosition['kind'];
export const START_KINDS: StartKind[] = ['latest', 'earliest', 'offset', 'timestamp', 'latest-n'];
export const TEXT_OPS: TextOp[] = ['contains', 'not-contains', 'equals', 'not-equals', 'starts-with', 'regex'];

export interface FilterState {
  match: 'all' | 'any';
  keyOp: TextOp;
  keyText: string;
  valueOp: TextOp;
  valueText: string;
  headerName: string;
  headerText: string;
  /** Compact JSON condition, e.g. `$.user.id == 42` (see json-condition.ts). */
  jsonCondition: string;
  jsonTarget: 'key' | 'value';
  /** '' = any record, 'only' = only tombstones (null value), 'exclude' = no tombstones. */
  tombstones: '' | 'only' | 'exclude';
}

export interface MessagesViewState {
  mode: BrowseMode;
  partitions: PartitionSelection;
  startKind: StartKind;
  offset: number;
  timestamp: number | null;
  latestN: number;
  pageSize: number;
  format: ValueFormat;
  /** Opaque backend cursor of the page being shown (null = first page from the start position). */
  cursor: string | null;
  /** Search/export end: null = the current end of each partition, else records with timestamp < until. */
  until: number | null;
  /** Search results: as the scan found them (partition by partition) or by timestamp across partitions. */
  order: ResultOrder;
  filter: FilterState;
}

export type ResultOrder = 'found' | 'time' | 'time-desc';

export function defaultFilterState(): FilterState {
  return { match: 'all', keyOp: 'contains', keyText: '', valueOp: 'contains', valueText: '', headerName: '', headerText: '', jsonCondition: '', jsonTarget: 'value', tombstones: '' };
}

export function defaultViewState(): MessagesViewState {
  return { mode: 'browse', partitions: 'all', startKind: 'latest', offset: 0, timestamp: null, latestN: 100, pageSize: 100, format: 'text', cursor: null, until: null, order: 'found', filter: defaultFilterState() };
}

function isTextOp(value: string | undefined): value is TextOp {
  return value !== undefined && (TEXT_OPS as string[]).includes(value);
}

/** "all" | "0" | "0,2,5" -> PartitionSelection (invalid entries are dropped; nothing valid -> 'all'). */
export function parsePartitions(text: string | undefined): PartitionSelection {
  if (!text || text === 'all') return 'all';
  const list = text.split(',').map((part) => Number(part.trim())).filter((n) => Number.isInteger(n) && n >= 0);
  return list.length ? [...new Set(list)].sort((a, b) => a - b) : 'all';
}

export function formatPartitions(selection: PartitionSelection): string | undefined {
  return selection === 'all' ? undefined : selection.join(',');
}

export function parseViewState(query: Record<string, QueryValue>): MessagesViewState {
  const defaults = defaultViewState();
  const mode = firstString(query.mode);
  const start = firstString(query.start);
  const format = firstString(query.fmt);
  const keyOp = firstString(query.fko);
  const valueOp = firstString(query.fvo);
  const pageSize = intParam(query.size);
  return {
    mode: mode === 'search' || mode === 'tail' ? mode : 'browse',
    partitions: parsePartitions(firstString(query.p)),
    startKind: START_KINDS.includes(start as StartKind) ? (start as StartKind) : defaults.startKind,
    offset: Math.max(0, intParam(query.offset) ?? 0),
    timestamp: intParam(query.ts) ?? null,
    latestN: Math.max(1, intParam(query.n) ?? defaults.latestN),
    pageSize: pageSize !== undefined ? Math.min(1000, Math.max(1, pageSize)) : defaults.pageSize,
    format: isValueFormat(format) ? format : defaults.format,
    cursor: firstString(query.cursor) ?? null,
    until: intParam(query.until) ?? null,
    order: firstString(query.order) === 'time' ? 'time' : firstString(query.order) === 'time-desc' ? 'time-desc' : 'found',
    filter: {
      match: firstString(query.match) === 'any' ? 'any' : 'all',
      keyOp: isTextOp(keyOp) ? keyOp : 'contains',
      keyText: firstString(query.fk) ?? '',
      valueOp: isTextOp(valueOp) ? valueOp : 'contains',
      valueText: firstString(query.fv) ?? '',
      headerName: firstString(query.fh) ?? '',
      headerText: firstString(query.fhv) ?? '',
      jsonCondition: firstString(query.jq) ?? '',
      jsonTarget: firstString(query.jt) === 'key' ? 'key' : 'value',
      tombstones: firstString(query.tomb) === 'only' ? 'only' : firstString(query.tomb) === 'exclude' ? 'exclude' : '',
    },
  };
}

/** Inverse of parseViewState; default values are omitted so URLs stay short. */
export function viewStateToQuery(state: MessagesViewState): Record<string, string> {
  const defaults = defaultViewState();
  const f = state.filter;
  return compactQuery({
    mode: state.mode === 'browse' ? undefined : state.mode,
    p: formatPartitions(state.partitions),
    start: state.startKind === defaults.startKind ? undefined : state.startKind,
    offset: state.startKind === 'offset' ? state.offset : undefined,
    ts: state.startKind === 'timestamp' && state.timestamp !== null ? state.timestamp : undefined,
    n: state.startKind === 'latest-n' ? state.latestN : undefined,
    size: state.pageSize === defaults.pageSize ? undefined : state.pageSize,
    fmt: state.format === defaults.format ? undefined : state.format,
    cursor: state.cursor ?? undefined,
    until: state.until ?? undefined,
    order: state.order === 'found' ? undefined : state.order,
    match: f.match === 'any' ? 'any' : undefined,
    fko: f.keyText && f.keyOp !== 'contains' ? f.keyOp : undefined,
    fk: f.keyText,
    fvo: f.valueText && f.valueOp !== 'contains' ? f.valueOp : undefined,
    fv: f.valueText,
    fh: f.headerName,
    fhv: f.headerName ? f.headerText : undefined,
    jq: f.jsonCondition,
    jt: f.jsonCondition && f.jsonTarget === 'key' ? 'key' : undefined,
    tomb: f.tombstones || undefined,
  });
}

export function startPosition(state: MessagesViewState): StartPosition {
  switch (state.startKind) {
    case 'earliest': return { kind: 'earliest' };
    case 'offset': return { kind: 'offset', offset: state.offset };
    case 'timestamp': return { kind: 'timestamp', timestamp: state.timestamp ?? Date.now() };
    case 'latest-n': return { kind: 'latest-n', count: state.latestN };
    case 'latest':
    default: return { kind: 'latest' };
  }
}

/** "latest" means "newest first": page backward from the end. Every other start reads forward. */
export function browseDirection(state: MessagesViewState): Direction {
  return state.startKind === 'latest' ? 'backward' : 'forward';
}

/** Builds the backend filter from the form; null when no condition is set. Throws on a bad JSON condition. */
export function buildFilter(filter: FilterState): MessageFilter | null {
  const conditions: FilterCondition[] = [];
  if (filter.keyText) conditions.push({ field: 'key', op: filter.keyOp, text: filter.keyText });
  if (filter.valueText) conditions.push({ field: 'value', op: filter.valueOp, text: filter.valueText });
  if (filter.headerName) {
    conditions.push(filter.headerText
      ? { field: 'header', name: filter.headerName, op: 'contains', text: filter.headerText }
      : { field: 'header', name: filter.headerName });
  }
  if (filter.jsonCondition.trim()) {
    const parsed = parseJsonCondition(filter.jsonCondition);
    if (!parsed.ok) throw new Error(parsed.error);
    conditions.push({ field: 'json', target: filter.jsonTarget, path: parsed.path, op: parsed.op, ...(parsed.value !== undefined ? { value: parsed.value } : {}) });
  }
  if (filter.tombstones) conditions.push({ field: 'tombstone', is: filter.tombstones === 'only' });
  return conditions.length ? { match: filter.match, conditions } : null;
}

export function hasFilter(filter: FilterState): boolean {
  return Boolean(filter.keyText || filter.valueText || filter.headerName || filter.jsonCondition.trim() || filter.tombstones);
}

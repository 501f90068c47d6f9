// What the command palette offers: the current cluster's views, topics and groups, ranked by a simple fuzzy match.
import type { RouteLocationRaw } from 'vue-router';

export interface PaletteItem {
  kind: 'view' | 'topic' | 'group' | 'cluster';
  label: string;
  to: RouteLocationRaw;
}

export function viewItems(clusterId: string): PaletteItem[] {
  return [
    { kind: 'view', label: 'Overview', to: { name: 'overview', params: { clusterId } } },
    { kind: 'view', label: 'Topics', to: { name: 'topics', params: { clusterId } } },
    { kind: 'view', label: 'Consumer groups', to: { name: 'groups', params: { clusterId } } },
    { kind: 'view', label: 'Manage clusters', to: { name: 'clusters' } },
  ];
}

/** Lower is better; null when the query's letters do not appear in order. Substring matches beat scattered ones. */
export function matchScore(label: string, query: string): number | null {
  const text = label.toLowerCase();
  const q = query.trim().toLowerCase();
  if (q === '') return 0;
  const at = text.indexOf(q);
  if (at >= 0) return at === 0 ? 0 : 1 + at / 1000;
  let from = 0;
  let gaps = 0;
  for (const ch of q) {
    const found = text.indexOf(ch, from);
    if (found < 0) return null;
    gaps += found - from;
    from = found + 1;
  }
  return 10 + gaps;
}

export function rankItems(items: PaletteItem[], query: string, limit = 50): PaletteItem[] {
  return items
    .map((item) => ({ item, score: matchScore(item.label, query) }))
    .filter((x): x is { item: PaletteItem; score: number } => x.score !== null)
    .sort((a, b) => a.score - b.score || a.item.label.localeCompare(b.item.label))
    .slice(0, limit)
    .map((x) => x.item);
}

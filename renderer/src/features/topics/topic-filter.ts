// Client-side topic search: case-insensitive substring, or a glob with * (e.g. "orders.*.v2").
import type { TopicSummary } from '../../../../src-common/contract/topics.js';

export function topicMatcher(query: string): (name: string) => boolean {
  const trimmed = query.trim().toLowerCase();
  if (!trimmed) return () => true;
  if (trimmed.includes('*')) {
    const pattern = new RegExp(`^${trimmed.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (name) => pattern.test(name.toLowerCase());
  }
  return (name) => name.toLowerCase().includes(trimmed);
}

export type TopicSortKey = 'name' | 'partitions' | 'messageCount' | 'sizeBytes';

export function sortTopics(topics: TopicSummary[], key: TopicSortKey, descending: boolean): TopicSummary[] {
  const sign = descending ? -1 : 1;
  return [...topics].sort((a, b) => {
    if (key === 'name') return sign * a.name.localeCompare(b.name);
    const left = a[key] ?? -1;
    const right = b[key] ?? -1;
    return sign * (left - right) || a.name.localeCompare(b.name);
  });
}

/** Parses "key=value" lines (blank lines and # comments ignored) into a config map; returns errors per bad line. */
export function parseConfigLines(text: string): { configs: Record<string, string>; errors: string[] } {
  const configs: Record<string, string> = {};
  const errors: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.push(`Line ${index + 1}: expected key=value`);
      return;
    }
    configs[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return { configs, errors };
}

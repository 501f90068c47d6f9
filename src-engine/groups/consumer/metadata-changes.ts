/** The subscribed topics' changes in words, for the group-epoch-bumped event's detail. */
type TopicMetadata = ReadonlyMap<string, { topicId: string; partitions: number }>;

/** What changed in the subscribed topics, in words ("t1 created, t2 3 -> 6 partitions"), or null. */
export function metadataChanges(before: TopicMetadata, after: TopicMetadata): string | null {
  const changes: string[] = [];
  for (const [name, t] of after) {
    const old = before.get(name);
    if (!old) changes.push(`${name} subscribed (${t.partitions} partitions)`);
    else if (old.topicId !== t.topicId) changes.push(`${name} re-created`);
    else if (old.partitions !== t.partitions) changes.push(`${name} ${old.partitions} -> ${t.partitions} partitions`);
  }
  for (const name of before.keys()) if (!after.has(name)) changes.push(`${name} no longer subscribed or deleted`);
  return changes.length === 0 ? null : changes.join(', ');
}

/** A pending structural/destructive action on one topic (drives TopicActionDialogs). */
export interface TopicAction {
  kind: 'delete' | 'purge' | 'add-partitions';
  topic: string;
  partitions: number;
}

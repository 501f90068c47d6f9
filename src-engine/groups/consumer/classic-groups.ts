/** What the consumer-protocol coordinator needs from the classic one (the two share the group-id namespace). */
export interface ClassicGroups {
  /** 'none' when no classic group has this id. */
  classicState(groupId: string): 'none' | 'empty' | 'active';
  /** Drops an empty classic group that becomes a consumer group (its offsets stay). */
  dropEmptyClassicGroup(groupId: string): void;
  /** group.max.size: a consumer group larger than this is not downgraded. */
  readonly classicMaxSize: number;
  /**
   * Online downgrade: the classic members left in a consumer group become a classic group at generation
   * `generationId` (Stable, each with its current assignment), which then rebalances.
   */
  adoptClassicMembers(groupId: string, generationId: number, members: ClassicMemberSnapshot[]): void;
}

export interface ClassicMemberSnapshot {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: { name: string; metadata: Buffer }[];
  /** ConsumerProtocolAssignment bytes of what it owns. */
  assignment: Buffer;
}

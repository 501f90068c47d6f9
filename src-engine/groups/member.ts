/**
 * One member of a classic group: what it sent in JoinGroup, its assignment, and the parked
 * JoinGroup/SyncGroup responses (long polls) the coordinator completes later.
 */
import type { Timer } from './clock.js';
import type { JoinResult, ProtocolEntry, SyncResult } from './types.js';

const EMPTY = Buffer.alloc(0);

export class GroupMember {
  assignment: Buffer = EMPTY;
  /** Set while the member's JoinGroup response is parked until the rebalance completes. */
  joinWaiter: ((r: JoinResult) => void) | null = null;
  /** Set while the member's SyncGroup response is parked until the leader's assignment arrives. */
  syncWaiter: ((r: SyncResult) => void) | null = null;
  /**
   * Joined during the current rebalance and not yet part of a generation. Such members expire
   * after the new-member join timeout instead of being held by "awaiting join".
   */
  isNew = false;
  heartbeatTimer: Timer | null = null;
  /** Until when the member's session is valid (last heartbeat + session timeout). */
  sessionDeadline = 0;
  lastHeartbeatAt = 0;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    public protocolType: string,
    public protocols: ProtocolEntry[],
  ) {}

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.joinWaiter !== null;
  }

  get isAwaitingSync(): boolean {
    return this.syncWaiter !== null;
  }

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  /** True when the member re-sent exactly the protocols (names, order and metadata) it joined with. */
  matches(protocols: readonly ProtocolEntry[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => {
      const mine = this.protocols[i];
      return mine !== undefined && mine.name === p.name && mine.metadata.equals(p.metadata);
    });
  }

  /** Completes a parked JoinGroup; returns false when none was parked. */
  completeJoin(result: JoinResult): boolean {
    const w = this.joinWaiter;
    if (!w) return false;
    this.joinWaiter = null;
    w(result);
    return true;
  }

  completeSync(result: SyncResult): boolean {
    const w = this.syncWaiter;
    if (!w) return false;
    this.syncWaiter = null;
    w(result);
    return true;
  }
}

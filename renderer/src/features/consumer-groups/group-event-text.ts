// One line of words per group event, for the timeline's event table (both protocols).
import type { TopicPartitionAssignment } from '../../../../src-common/engine-events.js';
import { causeWords, partitionsText } from './consumer-timeline.js';
import type { TimedGroupEvent } from './timeline-model.js';

const MEMBER_STATE_WORDS = { stable: 'stable', 'unrevoked-partitions': 'revoking', 'unreleased-partitions': 'waiting for partitions' } as const;
const LEFT_WORDS = {
  'leave-heartbeat': 'left (epoch -1 heartbeat)',
  'session-timeout': 'session timed out',
  fenced: 'fenced',
  'rebalance-timeout': 'did not revoke within its rebalance timeout',
  'static-member-left': 'static member left for a while (epoch -2)',
  unknown: 'is gone',
  'leave-group': 'left (LeaveGroup, classic member)',
} as const;
const parts = (a: TopicPartitionAssignment[]): string => partitionsText(a) || 'nothing';

export function describeGroupEvent(event: TimedGroupEvent): string {
  switch (event.type) {
    case 'member-joined': return `${event.clientId} joined from ${event.clientHost}${event.reason ? ` (${event.reason})` : ''}, protocols ${event.protocols.join(', ')}`;
    case 'member-left': return `${event.memberId} left: ${event.reason}`;
    case 'rebalance-started': return `rebalance started (was generation ${event.generation}): ${event.reason}`;
    case 'state-changed': return `${event.from} → ${event.to}${event.to === 'Stable' || event.to === 'Empty' ? ' (rebalance over)' : ''}`;
    case 'join-completed': return `join phase done for generation ${event.generation}: ${event.memberIds.length} member(s), assignor ${event.protocol}, leader ${event.leader}`;
    case 'sync-completed': return `generation ${event.generation} synced, ${event.members.length} member(s), assignor ${event.protocol ?? '?'}, leader ${event.leader}`;
    case 'group-deleted': return 'group deleted';
    case 'consumer-member-joined': {
      const subscription = [...event.subscribedTopicNames, ...(event.subscribedTopicRegex ? [`/${event.subscribedTopicRegex}/`] : [])].join(', ');
      const how = event.kind === 'static-replacement' ? `, taking over ${event.previousMemberId ?? '?'} (instance ${event.instanceId ?? '?'})` : event.kind === 'rejoin' ? ' again (epoch 0)' : '';
      return `${event.clientId} (${event.memberId}) joined from ${event.clientHost}${how}, subscribes to ${subscription || 'nothing'}`;
    }
    case 'consumer-member-left': return `${event.memberId} ${LEFT_WORDS[event.reason] ?? event.reason}${event.detail ? `: ${event.detail}` : ''}`;
    case 'group-epoch-bumped': return `group epoch ${event.groupEpoch}: ${event.causes.map(causeWords).join(', ')}${event.memberId ? ` (${event.memberId})` : ''}${event.detail ? ` — ${event.detail}` : ''}`;
    case 'target-assignment-computed': return `target assignment for epoch ${event.assignmentEpoch} (${event.assignor}): ${event.members.map((m) => `${m.memberId} ← ${parts(m.assignment)}`).join(' · ')}`;
    case 'member-reconciled': {
      const pending = event.state === 'unrevoked-partitions' ? `, pending revocation ${parts(event.pendingRevocation)}` : event.state === 'unreleased-partitions' ? `, pending assignment ${parts(event.pendingAssignment)}` : '';
      return `${event.memberId} at epoch ${event.memberEpoch} (${MEMBER_STATE_WORDS[event.state]}): owns ${parts(event.assigned)}${pending}`;
    }
    default: return event.type;
  }
}

// Consumer groups: list, detail (polled, feeding the lag history), offset reset, deletes, rebalance events.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import { appendLagSample, sampleFromDetail, type LagSample } from '../lag-history.js';
import type { ResetOffsetsParams } from '../../../../../src-common/contract/groups.js';
import { CONSUMER_GROUP_EVENT_TYPES, type GroupEvent } from '../../../../../src-common/engine-events.js';
import type { TimedGroupEvent } from '../rebalance-timeline.js';
import { eventsFromPolls } from '../poll-events.js';
import type { GroupDetail } from '../../../../../src-common/contract/groups.js';

/** Both protocols' coordinator events (KIP-848's share 'state-changed' and 'group-deleted'). */
const GROUP_EVENT_TYPES: GroupEvent['type'][] = ['member-joined', 'member-left', 'rebalance-started', 'join-completed', 'sync-completed', 'state-changed', 'group-deleted', ...CONSUMER_GROUP_EVENT_TYPES];

export const useGroupsStore = defineStore('groups', () => {
  const list = createResource(async (clusterId: string) => (await backend().call('groups.list', { clusterId })).groups);

  /** Lag history per "cluster/group", kept while the app runs so switching views doesn't lose it. */
  const lagHistory = shallowRef<Record<string, LagSample[]>>({});
  const detail = createResource(async (clusterId: string, groupId: string) => {
    const result = await backend().call('groups.get', { clusterId, groupId });
    const key = `${clusterId}/${groupId}`;
    lagHistory.value = { ...lagHistory.value, [key]: appendLagSample(lagHistory.value[key] ?? [], sampleFromDetail(result, Date.now())) };
    if (polled?.key === key) {
      events.value = events.value.concat(eventsFromPolls(polled.last, result, Date.now()));
      polled.last = result;
    }
    return result;
  });

  const preview = createAction((params: Omit<ResetOffsetsParams, 'dryRun'>) => backend().call('groups.resetOffsets', { ...params, dryRun: true }));
  const applyReset = createAction((params: Omit<ResetOffsetsParams, 'dryRun'>) => backend().call('groups.resetOffsets', { ...params, dryRun: false }));
  const remove = createAction(async (clusterId: string, groupId: string) => {
    const { results } = await backend().call('groups.delete', { clusterId, groupIds: [groupId] });
    const failed = results.find((r) => r.error);
    if (failed?.error) throw new Error(failed.error);
  });
  const deleteTopicOffsets = createAction((clusterId: string, groupId: string, topic: string) =>
    backend().call('groups.deleteTopicOffsets', { clusterId, groupId, topic }),
  );

  // ---- rebalance events (embedded broker) ----
  const events = shallowRef<TimedGroupEvent[]>([]);
  const eventsError = shallowRef<unknown>(null);
  /** True when `events` are derived from polling (remote clusters), not the coordinator's own events. */
  const eventsApproximate = shallowRef(false);
  let polled: { key: string; last: GroupDetail | null } | null = null;
  let stopEvents: (() => void) | null = null;
  let eventsGeneration = 0;

  /** Remote clusters: the timeline follows the detail polls (see poll-events.ts). */
  function followGroupPolls(clusterId: string, groupId: string): void {
    unwatchGroupEvents();
    events.value = [];
    eventsError.value = null;
    eventsApproximate.value = true;
    polled = { key: `${clusterId}/${groupId}`, last: null };
  }

  async function watchGroupEvents(clusterId: string, groupId: string): Promise<void> {
    unwatchGroupEvents();
    const mine = ++eventsGeneration;
    events.value = [];
    eventsError.value = null;
    const live: TimedGroupEvent[] = [];
    let loaded = false;
    stopEvents = backend().subscribe('engine.event', ({ clusterId: source, event }) => {
      if (source !== clusterId || !('group' in event) || event.group !== groupId || !GROUP_EVENT_TYPES.includes(event.type as GroupEvent['type'])) return;
      const timed = event as TimedGroupEvent;
      if (loaded) events.value = events.value.concat(timed);
      else live.push(timed);
    });
    try {
      const { events: history } = await backend().call('engine.events', { group: groupId, types: GROUP_EVENT_TYPES, limit: 2000 });
      if (mine !== eventsGeneration) return;
      const groupHistory = history.filter((e): e is TimedGroupEvent => 'group' in e && e.group === groupId);
      const lastAt = groupHistory[groupHistory.length - 1]?.at ?? -Infinity;
      events.value = groupHistory.concat(live.filter((e) => e.at > lastAt));
      loaded = true;
    } catch (error) {
      if (mine === eventsGeneration) eventsError.value = error;
    }
  }

  function unwatchGroupEvents(): void {
    eventsGeneration++;
    polled = null;
    eventsApproximate.value = false;
    stopEvents?.();
    stopEvents = null;
  }

  return { list, detail, lagHistory, preview, applyReset, remove, deleteTopicOffsets, events, eventsError, eventsApproximate, watchGroupEvents, followGroupPolls, unwatchGroupEvents };
});

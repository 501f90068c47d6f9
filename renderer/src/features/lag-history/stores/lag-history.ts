// Lag history (backend-persisted samples with Burrow verdicts): the cluster's groups, one group's partitions and range.
import { defineStore } from 'pinia';
import { backend } from '../../../backend/use-backend.js';
import { createResource } from '../../../lib/async-state.js';

export const useLagHistoryStore = defineStore('lag-history', () => {
  const groups = createResource(async (clusterId: string) => (await backend().call('lagHistory.groups', { clusterId })).groups);
  const group = createResource((clusterId: string, groupId: string) => backend().call('lagHistory.group', { clusterId, groupId }));
  const range = createResource((clusterId: string, groupId: string, fromMs: number, toMs: number) =>
    backend().call('lagHistory.range', { clusterId, groupId, fromMs, toMs, maxPoints: 600 }));
  const settings = createResource((clusterId: string) => backend().call('lagHistory.settings', { clusterId }));

  async function configure(clusterId: string, enabled: boolean, intervalMs: number): Promise<void> {
    settings.data.value = await backend().call('lagHistory.configure', { clusterId, enabled, intervalMs });
  }

  return { groups, group, range, settings, configure };
});

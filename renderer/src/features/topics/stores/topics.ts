// Topic list of the current cluster and the topic-level mutations (create, delete, add partitions, purge).
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { UsageReading } from '../topic-rows.js';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import type { CreateTopicParams } from '../../../../../src-common/contract/topics.js';

export const useTopicsStore = defineStore('topics', () => {
  const list = createResource(async (clusterId: string, includeInternal: boolean) =>
    (await backend().call('topics.list', { clusterId, includeInternal })).topics,
  );

  const create = createAction(async (params: CreateTopicParams) => backend().call('topics.create', params));
  const remove = createAction(async (clusterId: string, topic: string) => backend().call('topics.delete', { clusterId, topics: [topic] }));
  const addPartitions = createAction(async (clusterId: string, topic: string, totalPartitions: number) =>
    backend().call('topics.addPartitions', { clusterId, topic, totalPartitions }),
  );
  const purge = createAction(async (clusterId: string, topic: string) => backend().call('topics.purge', { clusterId, topic }));
  const removeMany = createAction(async (clusterId: string, topics: string[]) => backend().call('topics.delete', { clusterId, topics }));
  const purgeMany = createAction(async (clusterId: string, topics: string[]) => {
    for (const topic of topics) await backend().call('topics.purge', { clusterId, topic });
  });

  /** The last two usage readings of one cluster (rates need two); a failed reading keeps the older ones. */
  const usage = shallowRef<{ clusterId: string; latest: UsageReading | null; previous: UsageReading | null }>({ clusterId: '', latest: null, previous: null });
  async function loadUsage(clusterId: string): Promise<void> {
    try {
      const reading = await backend().call('topics.usage', { clusterId });
      const same = usage.value.clusterId === clusterId;
      usage.value = { clusterId, latest: reading, previous: same ? usage.value.latest : null };
    } catch {
      // Groups/lag columns show "—" (e.g. not authorised to describe groups); the list itself still works.
    }
  }

  return { list, create, remove, addPartitions, purge, removeMany, purgeMany, usage, loadUsage };
});

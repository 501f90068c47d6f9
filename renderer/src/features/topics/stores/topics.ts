// Topic list of the current cluster and the topic-level mutations (create, delete, add partitions, purge).
import { defineStore } from 'pinia';
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

  return { list, create, remove, addPartitions, purge };
});

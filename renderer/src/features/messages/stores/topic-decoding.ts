// The topic's key/value decoding (remembered by the backend, which applies it to pages, search, tail and export).
import { defineStore } from 'pinia';
import { backend } from '../../../backend/use-backend.js';
import { createAction, createResource } from '../../../lib/async-state.js';
import type { TopicDecoding } from '../../../../../src-common/contract/schema-registry.js';

export const useTopicDecodingStore = defineStore('topic-decoding', () => {
  const decoding = createResource((clusterId: string, topic: string) => backend().call('decoding.get', { clusterId, topic }));
  const save = createAction(async (clusterId: string, topic: string, next: TopicDecoding) => {
    const saved = await backend().call('decoding.set', { clusterId, topic, decoding: next });
    decoding.data.value = saved;
    return saved;
  });
  return { decoding, save };
});

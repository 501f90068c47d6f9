// Browse mode: one page of messages from the backend, with cursors for next/previous pages.
import { defineStore } from 'pinia';
import { backend } from '../../../backend/use-backend.js';
import { createResource } from '../../../lib/async-state.js';
import type { MessagesPageParams } from '../../../../../src-common/contract/messages.js';

export const useMessagePageStore = defineStore('message-page', () => {
  const page = createResource((params: MessagesPageParams) => backend().call('messages.page', params));
  return { page };
});

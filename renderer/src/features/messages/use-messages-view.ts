// The message browser's controller: reads view state from the URL, drives the page/search/tail stores from it,
// and writes user changes back to the URL (so every view is restorable and shareable).
import { computed, onBeforeUnmount, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { backend } from '../../backend/use-backend.js';
import { createResource } from '../../lib/async-state.js';
import { firstString } from '../../lib/route-params.js';
import type { EndPosition, KafkaMessage, MessageFilter, StartPosition } from '../../../../src-common/contract/messages.js';
import { browseDirection, buildFilter, parseViewState, startPosition, viewStateToQuery, type MessagesViewState, type ResultOrder } from './url-state.js';
import { useMessagePageStore } from './stores/message-page.js';
import { useMessageSearchStore } from './stores/message-search.js';
import { useMessageTailStore } from './stores/message-tail.js';

/** Search results by timestamp across partitions (ties by partition and offset), or as the scan found them. */
function orderResults(results: KafkaMessage[], order: ResultOrder): KafkaMessage[] {
  if (order === 'found') return results;
  const sign = order === 'time' ? 1 : -1;
  return [...results].sort((a, b) => sign * (a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset));
}

export function useMessagesView() {
  const route = useRoute();
  const router = useRouter();
  const pageStore = useMessagePageStore();
  const search = useMessageSearchStore();
  const tail = useMessageTailStore();

  const clusterId = computed(() => firstString(route.params.clusterId) ?? '');
  const topic = computed(() => firstString(route.params.topic) ?? '');
  const state = computed(() => parseViewState(route.query));
  const selectedKey = computed(() => firstString(route.query.sel) ?? null);

  const topicInfo = createResource((cluster: string, name: string) => backend().call('topics.get', { clusterId: cluster, topic: name }));
  const partitionCount = computed(() => topicInfo.data.value?.partitions.length ?? 0);

  /** Paging pushes history entries (Back returns to the previous page); other edits replace the entry. */
  function navigate(next: MessagesViewState, push = false, selection: string | null = null): void {
    const query = { ...viewStateToQuery(next), ...(selection ? { sel: selection } : {}) };
    void (push ? router.push({ query }) : router.replace({ query }));
  }
  function patch(changes: Partial<MessagesViewState>, push = false): void {
    navigate({ ...state.value, cursor: null, ...changes }, push);
  }
  function select(message: KafkaMessage | null): void {
    navigate(state.value, false, message ? `${message.partition}:${message.offset}` : null);
  }

  /** Filter errors (e.g. a bad JSON condition typed into the URL) are surfaced instead of silently ignored. */
  const filterResult = computed<{ filter: MessageFilter | null; error: unknown }>(() => {
    try {
      return { filter: buildFilter(state.value.filter), error: null };
    } catch (error) {
      return { filter: null, error };
    }
  });

  /** Searches cover the whole topic when browsing "newest first"; otherwise they start where the browser starts. */
  const searchFrom = computed<StartPosition>(() => (state.value.startKind === 'latest' ? { kind: 'earliest' } : startPosition(state.value)));

  /** Searches and exports stop at the current end, or before `until` when a time range is set. */
  const searchTo = computed<EndPosition>(() => (state.value.until !== null ? { kind: 'timestamp', timestamp: state.value.until } : { kind: 'latest' }));

  // ---- browse ----
  const browseKey = computed(() => JSON.stringify([clusterId.value, topic.value, state.value.partitions, state.value.startKind, state.value.offset, state.value.timestamp, state.value.latestN, state.value.pageSize, state.value.cursor]));
  function loadPage(): void {
    const s = state.value;
    void pageStore.page.load({
      clusterId: clusterId.value, topic: topic.value, partitions: s.partitions, start: startPosition(s),
      direction: browseDirection(s), pageSize: s.pageSize, ...(s.cursor ? { cursor: s.cursor } : {}),
    });
  }

  // ---- search ----
  const searchKey = computed(() => JSON.stringify([clusterId.value, topic.value, state.value.partitions, searchFrom.value, searchTo.value, state.value.filter]));
  function runSearch(): void {
    const { filter } = filterResult.value;
    if (!filter) return;
    void search.start({ clusterId: clusterId.value, topic: topic.value, partitions: state.value.partitions, from: searchFrom.value, to: searchTo.value, filter, maxMatches: 10_000 });
  }

  // ---- tail ----
  const tailKey = computed(() => JSON.stringify([clusterId.value, topic.value, state.value.partitions, state.value.startKind === 'latest-n' ? state.value.latestN : 0, state.value.filter]));
  function startTail(): void {
    const s = state.value;
    const { filter } = filterResult.value;
    void tail.start({
      clusterId: clusterId.value, topic: topic.value, partitions: s.partitions,
      start: s.startKind === 'latest-n' ? { kind: 'latest-n', count: s.latestN } : { kind: 'latest' },
      ...(filter ? { filter } : {}),
    });
  }

  watch([clusterId, topic], () => void topicInfo.load(clusterId.value, topic.value), { immediate: true });
  // Sources are compared one by one (strings), so changes that don't affect a mode — like selecting a record
  // (`sel` in the URL) — never re-run a page load, a search or a tail.
  const mode = computed(() => state.value.mode);
  watch([mode, browseKey], () => { if (mode.value === 'browse') loadPage(); }, { immediate: true });
  watch([mode, searchKey], () => { if (mode.value === 'search') runSearch(); else void search.clear(); }, { immediate: true });
  watch([mode, tailKey], () => { if (mode.value === 'tail') startTail(); else void tail.stop(); }, { immediate: true });
  onBeforeUnmount(() => {
    void tail.stop();
    void search.clear();
  });

  const messages = computed<KafkaMessage[]>(() => {
    if (state.value.mode === 'search') return orderResults(search.results, state.value.order);
    if (state.value.mode === 'tail') return tail.messages;
    const page = pageStore.page.data;
    if (!page) return [];
    // A page read the other way (e.g. "← Older" from an oldest-first view) is shown in the view's order.
    return page.direction === browseDirection(state.value) ? page.messages : [...page.messages].reverse();
  });
  const selected = computed(() => messages.value.find((m) => `${m.partition}:${m.offset}` === selectedKey.value) ?? null);

  return {
    clusterId, topic, state, topicInfo, partitionCount, pageStore, search, tail, messages, selected, selectedKey,
    filterResult, searchFrom, searchTo, patch, navigate, select, loadPage, runSearch, startTail,
  };
}

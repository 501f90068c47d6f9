// The segment explorer's store: the opened directory (with its checks), the page of batches, the selected batch's
// records and the segment's index entries. Everything is read by the backend's explorer worker, read-only.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type {
  ExplorerBatchPage, ExplorerDirectory, ExplorerIndexes, ExplorerRecords, ExplorerTarget,
} from '../../../../../src-common/contract/explorer.js';
import { backend } from '../../../backend/use-backend.js';

export const PAGE_BATCHES = 50;

export const useSegmentExplorerStore = defineStore('segment-explorer', () => {
  const directory = shallowRef<ExplorerDirectory | null>(null);
  const opening = shallowRef(false);
  const openError = shallowRef<unknown>(null);
  const page = shallowRef<ExplorerBatchPage | null>(null);
  const pageError = shallowRef<unknown>(null);
  const records = shallowRef<ExplorerRecords | null>(null);
  const recordsError = shallowRef<unknown>(null);
  const indexes = shallowRef<ExplorerIndexes | null>(null);
  const indexesError = shallowRef<unknown>(null);
  /** Answers to an older open() are dropped. */
  let seq = 0;

  /** Opens a path (or the embedded broker's data dir); resolves to the opened path, null on failure. */
  async function open(request: { path: string } | { embedded: true }): Promise<string | null> {
    const mine = ++seq;
    opening.value = true;
    openError.value = null;
    try {
      const dir = await backend().call('explorer.open', request);
      if (mine !== seq) return null;
      directory.value = dir;
      return dir.path;
    } catch (e) {
      if (mine === seq) {
        openError.value = e;
        directory.value = null;
      }
      return null;
    } finally {
      if (mine === seq) opening.value = false;
    }
  }

  /** Electron's folder dialog; null when cancelled (the failure is kept for the banner). */
  async function pickDirectory(): Promise<string | null> {
    openError.value = null;
    try {
      return (await backend().call('host.pickOpenPath', { directory: true })).path;
    } catch (e) {
      openError.value = e;
      return null;
    }
  }

  async function loadPage(target: ExplorerTarget, fromPosition: number): Promise<void> {
    pageError.value = null;
    try {
      page.value = await backend().call('explorer.batches', { ...target, fromPosition, limit: PAGE_BATCHES });
    } catch (e) {
      page.value = null;
      pageError.value = e;
    }
  }

  /** Loads the page starting at the batch holding `offset`; resolves to its file position (null on failure). */
  async function loadPageAtOffset(target: ExplorerTarget, offset: number): Promise<number | null> {
    pageError.value = null;
    try {
      page.value = await backend().call('explorer.batches', { ...target, fromOffset: offset, limit: PAGE_BATCHES });
      return page.value.fromPosition;
    } catch (e) {
      pageError.value = e;
      return null;
    }
  }

  async function loadRecords(target: ExplorerTarget, position: number): Promise<void> {
    recordsError.value = null;
    try {
      records.value = await backend().call('explorer.records', { ...target, position });
    } catch (e) {
      records.value = null;
      recordsError.value = e;
    }
  }

  async function loadIndexes(target: ExplorerTarget): Promise<void> {
    indexesError.value = null;
    try {
      indexes.value = await backend().call('explorer.indexes', { ...target, limit: 1000 });
    } catch (e) {
      indexes.value = null;
      indexesError.value = e;
    }
  }

  function clearSegment(): void {
    page.value = null;
    records.value = null;
    indexes.value = null;
  }

  return {
    directory, opening, openError, page, pageError, records, recordsError, indexes, indexesError,
    open, pickDirectory, loadPage, loadPageAtOffset, loadRecords, loadIndexes, clearSegment,
  };
});

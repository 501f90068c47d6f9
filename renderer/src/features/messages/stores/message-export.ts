// Export of the current range (and filter) as JSON / JSONL / CSV, as a backend task with progress.
import { defineStore } from 'pinia';
import { backend } from '../../../backend/use-backend.js';
import { useTask } from '../../../backend/use-task.js';
import type { ExportParams } from '../../../../../src-common/contract/messages.js';

export const useMessageExportStore = defineStore('message-export', () => {
  const runner = useTask();

  /** In Electron a native save dialog picks the path; in browser mode the backend writes a temp file to download. */
  async function start(params: Omit<ExportParams, 'path'>, defaultName: string): Promise<void> {
    let path: string | null = null;
    try {
      const host = await backend().call('host.info', {});
      if (host.mode === 'electron') {
        path = (await backend().call('host.pickSavePath', { defaultName })).path;
        if (path === null) return; // user cancelled the dialog
      }
    } catch (caught) {
      runner.error.value = caught;
      return;
    }
    await runner.start(() => backend().call('messages.export', { ...params, path }));
  }

  return { task: runner.task, error: runner.error, starting: runner.starting, start, cancel: runner.cancel, reset: runner.reset };
});

// The GUI survives a broker crash: the embedded broker runs in its own process; SIGKILL it and the overview shows
// "crashed — restarting…", then running again with a new pid, the data still there. The Restart button does the same
// on request. Runs its own `serve`, so killing its broker disturbs no other spec.
import { test, expect, type Page } from '@playwright/test';
import { startServe, type ServeProcess } from './serve-process.js';

test.describe.configure({ mode: 'serial' });

let serve: ServeProcess;
test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => serve?.stop());

async function call<T>(page: Page, method: string, params: unknown): Promise<T> {
  const url = new URL(serve.url);
  const response = await page.request.post(`${url.origin}/api/call`, { headers: { 'x-kafkadesk-token': url.searchParams.get('token') ?? '' }, data: { method, params } });
  const envelope = (await response.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message ?? response.status()}`);
  return envelope.result as T;
}

/** Records every text the state badge shows (a restart can be quicker than a poll). */
async function recordStates(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const el = document.querySelector('[data-testid="broker-process-state"]');
    window.__brokerStates = [el.textContent.trim()];
    new MutationObserver(() => {
      const text = el.textContent.trim();
      if (window.__brokerStates.at(-1) !== text) window.__brokerStates.push(text);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  })()`);
}

const recordedStates = (page: Page): Promise<string[]> => page.evaluate('window.__brokerStates') as Promise<string[]>;

test('SIGKILL of the broker process: the overview shows crashed — restarting…, then running with the data intact', async ({ page }, testInfo) => {
  const topic = `survivor-${Date.now().toString(36)}`;
  await page.goto(serve.url);
  await expect(page).toHaveURL(/#\/c\/embedded\/overview$/);
  await call(page, 'topics.create', { clusterId: 'embedded', name: topic, partitions: 1, replicationFactor: 1 });
  await call(page, 'messages.produce', { clusterId: 'embedded', topic, partition: 0, key: null, value: { encoding: 'text', data: 'before the crash' }, copies: 5 });
  await expect(page.getByTestId('broker-process-state')).toHaveText('running');
  await expect(page.getByTestId('broker-process-restarts')).toHaveText('0');
  const pid = Number(await page.getByTestId('broker-process-pid').textContent());
  expect(pid).toBeGreaterThan(0);
  expect(pid).not.toBe(serve.child.pid);

  await recordStates(page);
  process.kill(pid, 'SIGKILL');
  await expect(page.getByTestId('broker-process-restarts')).toHaveText('1', { timeout: 30_000 });
  await expect(page.getByTestId('broker-process-state')).toHaveText('running', { timeout: 30_000 });
  expect(await recordedStates(page)).toEqual(['running', 'crashed — restarting…', 'restarting…', 'running']);
  await expect(page.getByTestId('broker-process-pid')).not.toHaveText(String(pid));
  await expect(page.getByText(/last exit: SIGKILL/)).toBeVisible();
  // The overview's numbers come back (reloaded when the new process is up) and the records are still there.
  await expect(page.getByTestId('overview-stats')).toBeVisible();
  const detail = await call<{ messageCount: number }>(page, 'topics.get', { clusterId: 'embedded', topic });
  expect(detail.messageCount).toBe(5);
  await page.screenshot({ path: testInfo.outputPath('after-crash.png') });
});

test('Restart button: restarting…, then running with a new pid', async ({ page }) => {
  await page.goto(serve.url);
  await expect(page.getByTestId('broker-process-state')).toHaveText('running');
  const pid = await page.getByTestId('broker-process-pid').textContent();
  const restarts = Number(await page.getByTestId('broker-process-restarts').textContent());
  await recordStates(page);
  await page.getByTestId('broker-process-restart').click();
  await expect(page.getByTestId('broker-process-restarts')).toHaveText(String(restarts + 1), { timeout: 30_000 });
  await expect(page.getByTestId('broker-process-state')).toHaveText('running', { timeout: 30_000 });
  expect(await recordedStates(page)).toEqual(['running', 'restarting…', 'running']);
  await expect(page.getByTestId('broker-process-pid')).not.toHaveText(pid ?? '');
});

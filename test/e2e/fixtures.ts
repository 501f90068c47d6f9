// Shared helpers: open the app at a view (hash route) with the per-run token.
import { expect, type Page } from '@playwright/test';

export function appUrl(): string {
  const url = process.env.KAFKADESK_E2E_URL;
  if (!url) throw new Error('KAFKADESK_E2E_URL not set (global-setup did not run)');
  return url;
}

/** Loads the app once at the embedded broker's overview (the token moves to sessionStorage), then navigates inside it. */
export async function openApp(page: Page, hash = '#/clusters'): Promise<void> {
  // An explicit first route: the app would otherwise reopen the last view another test left (ui.lastView).
  await page.goto(`${appUrl()}#/c/embedded/overview`);
  await expect(page.getByTestId('cluster-switcher')).toBeVisible();
  await expect(page).toHaveURL(/#\/c\/embedded\/overview/);
  // The router installs its hashchange listener only after the first navigation has finished; the rendered overview
  // proves that happened, so the hash changes below are not missed.
  await expect(page.getByTestId('overview-stats')).toBeVisible();
  if (hash !== '#/c/embedded/overview') await goTo(page, hash);
}

export async function goTo(page: Page, hash: string): Promise<void> {
  // Runs in the browser; globalThis is the window there (the test tsconfig has no DOM types).
  await page.evaluate((h) => { (globalThis as unknown as { location: { hash: string } }).location.hash = h; }, hash);
}

/** Calls the backend directly (seeding data for a test) with the run's token, like the GUI does. */
export async function callApi<T>(page: Page, method: string, params: unknown): Promise<T> {
  const url = new URL(appUrl());
  const response = await page.request.post(`${url.origin}/api/call`, {
    headers: { 'x-kafkadesk-token': url.searchParams.get('token') ?? '' },
    data: { method, params },
  });
  const envelope = (await response.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message ?? response.status()}`);
  return envelope.result as T;
}

/** Like callApi, retrying while a just-created topic is not yet known to the client's metadata. */
export async function callApiEventually<T>(page: Page, method: string, params: unknown, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await callApi<T>(page, method, params);
    } catch (error) {
      if (attempt >= attempts || !/does not host this topic-partition|UNKNOWN_TOPIC|not found/i.test(String(error))) throw error;
      await page.waitForTimeout(250);
    }
  }
}

/** Forgets the remembered last view, so a plain load of the app lands where a first start does. */
export async function forgetLastView(page: Page): Promise<void> {
  await callApi(page, 'ui.setLastView', { view: null });
}

// Search/filter: bad expressions are refused, results can be ordered by time across partitions, the match limit
// is reported as such (not a green "done"), and editing the form marks the shown results stale.
import { test, expect, type Page } from '@playwright/test';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';

const TOPIC = `search-${Date.now().toString(36)}`;
const BIG = `${TOPIC}-big`;

async function rowIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="message-row-"]').evaluateAll((rows) => rows.map((r) => (r as unknown as { getAttribute(n: string): string | null }).getAttribute('data-testid') ?? ''));
}

test.describe.configure({ mode: 'serial' });

test('an invalid JSON condition is refused with a message', async ({ page }) => {
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: TOPIC, partitions: 2, replicationFactor: 1 });
  // Partition 1 holds the older records, so "as scanned" (partition 0 first) and "by time" differ.
  const at = Date.now() - 60_000;
  for (const [partition, offsetMs] of [[0, 3000], [0, 4000], [1, 1000], [1, 2000]] as const) {
    await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: TOPIC, partition, key: null, value: { encoding: 'text', data: `{"amount": ${offsetMs}}` }, timestamp: at + offsetMs });
  }
  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?mode=search`);
  await page.getByTestId('filter-json').fill('$.amount >> 3');
  await expect(page.getByTestId('filter-json-error')).toContainText('Unknown operator ">>"');
  await expect(page.getByTestId('filter-apply')).toBeDisabled();
  // Typed into the URL instead, it is refused too (no search runs).
  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?mode=search&jq=${encodeURIComponent('$.amount >> 3')}`);
  await expect(page.getByTestId('error-banner').filter({ hasText: 'Unknown operator' })).toBeVisible();
});

test('results ordered by time across partitions; editing the form marks them stale', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?mode=search&start=earliest&jq=${encodeURIComponent('$.amount > 0')}`);
  await expect(page.getByTestId('search-state')).toContainText('done');
  await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBe(4);
  await page.getByTestId('search-order').selectOption('time');
  await expect.poll(() => rowIds(page)).toEqual(['message-row-1-0', 'message-row-1-1', 'message-row-0-0', 'message-row-0-1']);
  await page.getByTestId('search-order').selectOption('time-desc');
  await expect.poll(() => rowIds(page)).toEqual(['message-row-0-1', 'message-row-0-0', 'message-row-1-1', 'message-row-1-0']);
  await expect(page).toHaveURL(/order=time-desc/);

  await expect(page.getByTestId('search-stale')).toHaveCount(0);
  await page.getByTestId('filter-json').fill('$.amount > 2500');
  await expect(page.getByTestId('search-stale')).toBeVisible();
  await expect(page.getByTestId('message-list')).toHaveAttribute('aria-busy', 'true');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('search-stale')).toHaveCount(0);
  await expect.poll(() => rowIds(page)).toEqual(['message-row-0-1', 'message-row-0-0']);
});

test('hitting the match limit says so, in a warning colour', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: BIG, partitions: 1, replicationFactor: 1 });
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: BIG, partition: 0, key: null, value: { encoding: 'text', data: 'match-me' }, copies: 10_050 });
  await goTo(page, `#/c/embedded/topics/${BIG}/messages?mode=search&start=earliest&fv=match`);
  const state = page.getByTestId('search-state');
  await expect(state).toContainText('match limit reached', { timeout: 60_000 });
  await expect(state).toContainText('more records may match');
  await expect(state).toHaveClass(/warn/);
  await expect(state).not.toHaveClass(/\bok\b/);
});

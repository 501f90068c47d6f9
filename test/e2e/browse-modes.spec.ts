// Paging keeps the view's direction and order; browse positions do not leak into the live tail.
import { test, expect, type Page } from '@playwright/test';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';

const TOPIC = `pager-${Date.now().toString(36)}`;

async function offsetsShown(page: Page): Promise<number[]> {
  const ids = await page.locator('[data-testid^="message-row-0-"]').evaluateAll((rows) => rows.map((r) => (r as unknown as { getAttribute(n: string): string | null }).getAttribute('data-testid') ?? ''));
  return ids.map((id) => Number(id.split('-').pop()));
}

test.describe.configure({ mode: 'serial' });

test('oldest-first from an offset: "← Older" pages back without flipping the list or the buttons', async ({ page }) => {
  await openApp(page);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: TOPIC, partitions: 1, replicationFactor: 1 });
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: TOPIC, partition: 0, key: null, value: { encoding: 'text', data: 'r' }, copies: 20 });
  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?start=offset&offset=10&size=3&p=0`);
  await expect(page.getByTestId('page-summary')).toContainText('3 records, oldest first');
  expect(await offsetsShown(page)).toEqual([10, 11, 12]);
  await expect(page.getByTestId('page-previous')).toHaveText('← Older');
  await expect(page.getByTestId('page-next')).toHaveText('Newer →');

  await page.getByTestId('page-previous').click();
  await expect.poll(() => offsetsShown(page)).toEqual([7, 8, 9]);
  await expect(page.getByTestId('page-summary')).toContainText('oldest first');
  await expect(page.getByTestId('page-previous')).toHaveText('← Older');
  await expect(page.getByTestId('page-next')).toHaveText('Newer →');
  await page.getByTestId('page-previous').click();
  await expect.poll(() => offsetsShown(page)).toEqual([4, 5, 6]);
  // And forward again from there.
  await page.getByTestId('page-next').click();
  await expect.poll(() => offsetsShown(page)).toEqual([7, 8, 9]);
  await expect(page.getByTestId('page-previous')).toHaveText('← Older');
});

test('newest-first keeps "← Newer · Older →" and newest-first order while paging', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?size=3&p=0`);
  await expect.poll(() => offsetsShown(page)).toEqual([19, 18, 17]);
  await expect(page.getByTestId('page-previous')).toHaveText('← Newer');
  await page.getByTestId('page-next').click();
  await expect.poll(() => offsetsShown(page)).toEqual([16, 15, 14]);
  await page.getByTestId('page-previous').click();
  await expect.poll(() => offsetsShown(page)).toEqual([19, 18, 17]);
  await expect(page.getByTestId('page-next')).toHaveText('Older →');
});

test('a timestamp seek in Browse does not leak into Live tail', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?start=timestamp&ts=${Date.now() - 60_000}`);
  await expect(page.getByTestId('messages-timestamp')).toBeVisible();
  await page.getByTestId('tab-tail').click();
  await expect(page.getByTestId('tail-bar')).toBeVisible();
  await expect(page.getByTestId('messages-start')).toHaveValue('latest');
  await expect(page.getByTestId('messages-start').locator('option:checked')).toHaveText('show only new records');
  await expect(page.getByTestId('messages-timestamp')).toHaveCount(0);
  await expect(page.getByTestId('messages-offset')).toHaveCount(0);
  await expect(page.getByTestId('messages-go')).toHaveText('Restart tail');
  await expect(page).not.toHaveURL(/ts=/);
});

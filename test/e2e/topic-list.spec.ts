// The topic list as in the best consoles: consumers and lag per topic, rates, every column sortable, search and
// "hide internal", destructive actions in a row menu, bulk delete with one confirmation, live refresh.
import { test, expect, type Page } from '@playwright/test';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';

const PREFIX = `tl-${Date.now().toString(36)}`;
const READ = `${PREFIX}-read`;
const IDLE = `${PREFIX}-idle`;

// Every column is shown (and sortable) from 1600 px; topic-list-fit.spec.ts covers the 1280 laptop, where In/s,
// Out/s, Replication and Cleanup collapse.
test.use({ viewport: { width: 1920, height: 1080 } });

async function cellTexts(page: Page, testid: string): Promise<string[]> {
  return page.locator('[data-testid^="topic-row-"]').evaluateAll((rows, id) =>
    rows.map((row) => (row as unknown as { querySelector(s: string): { textContent: string | null } | null }).querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? ''), testid);
}

test('consumers, lag, sorting, hide internal, row menu, bulk delete, live refresh', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  for (const name of [READ, IDLE]) await callApi(page, 'topics.create', { clusterId: 'embedded', name, partitions: 2, replicationFactor: 1 });
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: READ, partition: 0, key: null, value: { encoding: 'text', data: 'r' }, copies: 40 });
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: IDLE, partition: 1, key: null, value: { encoding: 'text', data: 'i' }, copies: 5 });
  // One group commits at the start of READ: it lags by all 40 records.
  await callApiEventually(page, 'groups.resetOffsets', { clusterId: 'embedded', groupId: `${PREFIX}-g`, topic: READ, strategy: { kind: 'earliest' }, dryRun: false });

  await goTo(page, `#/c/embedded/topics?q=${PREFIX}`);
  const readRow = page.getByTestId(`topic-row-${READ}`);
  await expect(readRow.getByTestId('topic-consumers')).toHaveText('1');
  await expect(readRow.getByTestId('topic-lag')).toHaveText('40');
  await expect(page.getByTestId(`topic-row-${IDLE}`).getByTestId('topic-consumers')).toHaveText('0');

  // Sorting by lag (descending first), then ascending; by messages.
  await page.getByTestId('topic-sort-lag').click();
  await expect(page).toHaveURL(/sort=lag&desc=1|desc=1.*sort=lag/);
  expect(await cellTexts(page, 'topic-lag')).toEqual(['40', '0']);
  await page.getByTestId('topic-sort-lag').click();
  expect(await cellTexts(page, 'topic-lag')).toEqual(['0', '40']);
  await page.getByTestId('topic-sort-messageCount').click();
  expect((await cellTexts(page, 'topic-messages')).map((t) => t.replace('≈ ', ''))).toEqual(['40', '5']);
  for (const key of ['partitions', 'replicationFactor', 'underReplicatedPartitions', 'sizeBytes', 'consumers', 'produceRate', 'consumeRate', 'cleanupPolicy', 'name']) {
    await page.getByTestId(`topic-sort-${key}`).click();
    await expect(page.locator('th[aria-sort]:not([aria-sort="none"])')).toHaveCount(1);
    await expect(page.getByTestId(`topic-row-${READ}`)).toBeVisible();
  }

  // Hide internal (on by default) and its opposite.
  await goTo(page, '#/c/embedded/topics');
  await expect(page.getByTestId('topic-hide-internal')).toBeChecked();
  await expect(page.getByTestId('topic-row-__consumer_offsets')).toHaveCount(0);
  await page.getByTestId('topic-hide-internal').uncheck();
  await expect(page.getByTestId('topic-row-__consumer_offsets')).toBeVisible();
  await page.getByTestId('topic-hide-internal').check();
  await goTo(page, `#/c/embedded/topics?q=${PREFIX}`);

  // Destructive actions live in the row menu; "+P" is "Add partitions…".
  await expect(readRow.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await page.getByTestId(`topic-menu-${READ}`).click();
  await expect(page.getByTestId(`topic-add-partitions-${READ}`)).toHaveText('Add partitions…');
  await expect(page.getByTestId(`topic-delete-${READ}`)).toBeVisible();
  await page.keyboard.press('Escape');

  // Live refresh: new records show up without pressing Refresh, and the rate columns fill in.
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: IDLE, partition: 0, key: null, value: { encoding: 'text', data: 'i' }, copies: 7 });
  await expect(page.getByTestId(`topic-row-${IDLE}`).getByTestId('topic-messages')).toHaveText(/^(≈ )?12$/, { timeout: 25_000 });
  await expect(page.getByTestId(`topic-row-${IDLE}`).getByTestId('topic-produce-rate')).not.toHaveText('—', { timeout: 25_000 });

  // Bulk delete: select both, one confirmation.
  await page.getByTestId('topic-select-all').check();
  await expect(page.getByTestId('topic-selection')).toHaveText('2 selected');
  await page.getByTestId('topic-bulk-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(READ);
  await expect(page.getByTestId('confirm-dialog')).toContainText(IDLE);
  await page.getByTestId('confirm-input').fill('2');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete topics' }).click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await expect(page.locator('[data-testid^="topic-row-"]')).toHaveCount(0, { timeout: 15_000 });
  const left = (await callApi<{ topics: { name: string }[] }>(page, 'topics.list', { clusterId: 'embedded' })).topics.map((t) => t.name);
  expect(left.filter((n) => n.startsWith(PREFIX))).toEqual([]);
});

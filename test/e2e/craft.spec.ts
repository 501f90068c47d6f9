// Console craft (issue 15): right numbers on the overview, dark mode, keyboard access, the live tail's state.
import { test, expect, type Page } from '@playwright/test';
import { appUrl, callApi, callApiEventually, forgetLastView, goTo, openApp } from './fixtures.js';
import type { DomElement, DomWindow } from './browser/dom.js';

const TOPIC = `craft-${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial' });

interface TopicRow { name: string; internal: boolean; partitions: number }

async function seed(page: Page): Promise<void> {
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: TOPIC, partitions: 3, replicationFactor: 1 }).catch(() => undefined);
  await callApiEventually(page, 'messages.produce', { clusterId: 'embedded', topic: TOPIC, partition: null, key: null, value: { encoding: 'text', data: '{"amount": 5}' }, copies: 30 });
}

test('overview: partitions of user topics, internal ones named apart; chart labels distinct; a bounded time axis', async ({ page }) => {
  await openApp(page, '#/c/embedded/overview');
  await seed(page);
  // A committed offset creates __consumer_offsets (50 partitions), the case that used to inflate the count.
  await callApiEventually(page, 'groups.resetOffsets', { clusterId: 'embedded', groupId: `${TOPIC}-g`, topic: TOPIC, strategy: { kind: 'earliest' }, dryRun: false }).catch(() => undefined);
  const all = (await callApi<{ topics: TopicRow[] }>(page, 'topics.list', { clusterId: 'embedded', includeInternal: true })).topics;
  const user = all.filter((t) => !t.internal).reduce((n, t) => n + t.partitions, 0);
  const internal = all.filter((t) => t.internal).reduce((n, t) => n + t.partitions, 0);

  await page.getByTestId('overview-refresh').click();
  const card = page.getByTestId('stat-partitions');
  await expect(card.getByTestId('stat-value')).toHaveText(user.toLocaleString('en-US'));
  if (internal > 0) await expect(card.getByTestId('stat-suffix')).toHaveText(`+${internal} internal`);
  await expect(page.getByTestId('stat-topics').getByTestId('stat-value')).toHaveText(String(all.filter((t) => !t.internal).length));

  // Eight cards in one row at 1280 (no lonely wrapped card) and filling the width at 1920.
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const boxes = await page.getByTestId('overview-stats').locator('> .stat').evaluateAll((els) => els.map((el) => { const box = (el as unknown as DomElement).getBoundingClientRect(); return { top: box.top, right: box.right }; }));
    expect(new Set(boxes.map((b) => Math.round(b.top))).size, `rows at ${width}`).toBe(1);
    const grid = await page.getByTestId('overview-stats').evaluate((el) => (el as unknown as DomElement).getBoundingClientRect().right);
    expect(Math.abs((boxes[boxes.length - 1]?.right ?? 0) - grid)).toBeLessThan(2);
  }

  // The history is kept by the backend: the chart has samples at once, and its window is minutes, not days.
  const chart = page.getByTestId('throughput-chart');
  await expect(chart).toBeVisible();
  const range = Number(await chart.getAttribute('data-range-ms'));
  expect(range).toBeGreaterThanOrEqual(5 * 60_000);
  expect(range).toBeLessThan(60 * 60_000);
  const labels = await chart.locator('svg text').allTextContents();
  const byteLabels = labels.filter((l) => /\d\s(B|KiB|MiB|GiB)$/.test(l));
  expect(byteLabels.length).toBeGreaterThan(1);
  expect(new Set(byteLabels).size, `byte axis labels: ${byteLabels.join(', ')}`).toBe(byteLabels.length);
});

test('dark mode follows the OS by default, can be chosen, is remembered, and themes the charts', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, '#/c/embedded/overview');
  const theme = (): Promise<string | undefined> => page.evaluate(() => (globalThis as unknown as DomWindow).document.documentElement.dataset.theme);
  const background = (): Promise<string> => page.evaluate(() => { const w = globalThis as unknown as DomWindow; return w.getComputedStyle(w.document.documentElement).backgroundColor; });
  expect(await theme()).toBe('dark');
  expect(await background()).toBe('rgb(15, 19, 26)');
  // The chart's own background is the dark surface colour.
  await expect(page.getByTestId('throughput-chart').locator('svg')).toBeVisible();
  const chartBackground = await page.getByTestId('throughput-chart').locator('svg > rect').first().getAttribute('fill');
  expect(chartBackground?.toLowerCase()).toBe('#171c25');

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('light');
  await page.getByTestId('theme-toggle').selectOption('dark');
  expect(await theme()).toBe('dark');
  await page.reload();
  await expect(page.getByTestId('overview-stats')).toBeVisible();
  expect(await theme(), 'the choice survives a reload under a light OS').toBe('dark');
  await page.getByTestId('theme-toggle').selectOption('system');
  expect(await theme()).toBe('light');
});

test('keyboard: skip link first, "/" focuses search, Ctrl-K palette and g-jumps, arrow keys and Enter on rows', async ({ page }) => {
  await openApp(page, '#/c/embedded/topics');
  await expect(page.getByTestId('topic-table')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('main-content')).toBeFocused();

  await page.keyboard.press('/');
  await expect(page.getByTestId('topic-search')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.getByTestId('main-content').focus();

  await page.keyboard.press('g');
  await page.keyboard.press('g');
  await expect(page).toHaveURL(/#\/c\/embedded\/groups/);
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page).toHaveURL(/#\/c\/embedded\/topics$/);

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette-input')).toBeFocused();
  await page.keyboard.type(TOPIC);
  await expect(page.getByTestId('command-palette-item').first()).toContainText(TOPIC);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/c/embedded/topics/${TOPIC}$`));
  await expect(page.getByTestId('command-palette')).toHaveCount(0);

  await goTo(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest&size=10&p=0`);
  await expect(page.getByTestId('page-summary')).toContainText('10 records');
  await page.getByTestId('message-list-scroller').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('message-detail')).toContainText('offset 0');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('message-detail')).toContainText('offset 1');
  await expect(page.getByTestId('message-row-0-1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-detail')).toBeFocused();
});

test('a paused tail does not show a pulsing "live"', async ({ page }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?mode=tail`);
  await expect(page.getByTestId('tail-live')).toBeVisible();
  await page.getByTestId('tail-pause').click();
  await expect(page.getByTestId('tail-paused')).toBeVisible();
  await expect(page.getByTestId('tail-live')).toHaveCount(0);
  await page.getByTestId('tail-pause').click();
  await expect(page.getByTestId('tail-live')).toBeVisible();
});

test('an unreachable cluster says what was tried, why it may fail, and links to its settings', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const remote = await callApi<{ id: string }>(page, 'clusters.add', { settings: { name: 'nowhere-craft', bootstrap: ['127.0.0.1:1'], sasl: null, tls: null } });
  try {
    await goTo(page, `#/c/${remote.id}/overview`);
    const banner = page.getByTestId('error-banner').first();
    await expect(banner).toBeVisible({ timeout: 60_000 });
    await expect(banner.getByTestId('error-title')).toHaveText('Cannot reach the cluster');
    await expect(banner).not.toContainText('Something went wrong');
    await expect(banner.getByTestId('unreachable-bootstrap')).toHaveText('127.0.0.1:1');
    await expect(banner.getByTestId('unreachable-help')).toContainText('advertised.listeners');
    await banner.getByTestId('unreachable-edit').click();
    await expect(page).toHaveURL(/#\/clusters\?edit=/);
    await expect(page.getByTestId('cluster-bootstrap')).toHaveValue(/127\.0\.0\.1:1/);
  } finally {
    await callApi(page, 'clusters.remove', { clusterId: remote.id });
  }
});

test('a missing topic offers no Retry and no Produce/Messages', async ({ page }) => {
  await openApp(page, '#/c/embedded/topics/no-such-topic-craft');
  await expect(page.getByTestId('topic-missing')).toBeVisible();
  await expect(page.getByTestId('topic-missing')).toContainText('does not exist');
  await expect(page.getByTestId('error-retry')).toHaveCount(0);
  await expect(page.getByTestId('topic-open-produce')).toHaveCount(0);
  await expect(page.getByTestId('topic-open-messages')).toHaveCount(0);
});

test('"Link" copies a URL that opens the same record in a new tab (no token in it); another browser profile is refused', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, `#/c/embedded/topics/${TOPIC}/messages?start=earliest&size=10&p=0&sel=0:0`);
  await expect(page.getByTestId('message-detail')).toContainText('offset 0');
  await page.getByTestId('message-copy-link').click();
  const link = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(link).not.toContain('token');
  expect(link).toContain('sel=0');

  const tab = await context.newPage();
  await tab.goto(link);
  await expect(tab.getByTestId('message-detail')).toContainText('offset 0');
  await tab.close();

  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto(link);
  await expect(other.getByTestId('message-detail')).toHaveCount(0);
  await expect(other.getByTestId('backend-problem')).toBeVisible();
  await stranger.close();
});

test('the app reopens the last cluster and view, kept by the backend (not only this browser\'s storage)', async ({ page, browser }) => {
  await openApp(page, `#/c/embedded/topics/${TOPIC}/configs`);
  await expect(page.getByTestId('topic-title')).toHaveText(TOPIC);
  await expect.poll(async () => (await callApi<{ lastView: { path: string } | null }>(page, 'ui.lastView', {})).lastView?.path)
    .toBe(`/c/embedded/topics/${TOPIC}/configs`);
  // A different browser profile (no localStorage, no session) opening the plain app URL lands there too.
  const other = await browser.newContext();
  try {
    const fresh = await other.newPage();
    await fresh.goto(appUrl());
    await expect(fresh).toHaveURL(new RegExp(`#/c/embedded/topics/${TOPIC}/configs$`));
    await expect(fresh.getByTestId('topic-title')).toHaveText(TOPIC);
  } finally {
    await other.close();
    await forgetLastView(page);
  }
});

// The first screen: the app opens on the running embedded broker's overview, the header's cluster switcher moves
// between clusters (and to "Manage clusters…"), one click lists the topics; without a broker it opens on the
// clusters list and says why. Screenshots at a 1280×800 laptop size.
import { test, expect } from '@playwright/test';
import { appUrl, callApi, forgetLastView } from './fixtures.js';
import { startServe, type ServeProcess } from './serve-process.js';

const TOPIC = `first-${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 800 } });
// These check the first start's landing; other specs leave a remembered last view behind.
test.beforeEach(async ({ page }) => forgetLastView(page));

test('opens on the embedded broker overview with counts, disk use and live rates', async ({ page }, testInfo) => {
  await page.goto(appUrl());
  await expect(page).toHaveURL(/#\/c\/embedded\/overview$/);
  await callApi(page, 'topics.create', { clusterId: 'embedded', name: TOPIC, partitions: 3, replicationFactor: 1 });
  for (let i = 0; i < 20; i++) {
    await callApi(page, 'messages.produce', { clusterId: 'embedded', topic: TOPIC, partition: i % 3, key: null, value: { encoding: 'text', data: `record ${i}` } });
  }
  await page.getByTestId('overview-refresh').click();
  await expect(page.getByTestId('cluster-switcher')).toHaveValue('embedded');
  await expect(page.getByTestId('stat-brokers')).toContainText('1');
  await expect(page.getByTestId('stat-topics')).not.toContainText(/^\s*Topics\s*0\b/);
  await expect(page.getByTestId('stat-partitions')).toContainText(/\d/);
  await expect(page.getByTestId('stat-size')).toContainText(/B/);
  await expect(page.getByTestId('stat-groups')).toBeVisible();
  await expect(page.getByTestId('broker-table')).toContainText('controller');
  // The chart appears with the first rate sample; the produce rate card then shows a number.
  await expect(page.getByTestId('throughput-chart')).toBeVisible();
  await expect(page.getByTestId('stat-produce-rate')).toContainText('/s');
  await expect(page.getByTestId('stat-consume-rate')).toContainText('/s');
  // Everything that matters fits a laptop screen without scrolling.
  for (const id of ['overview-stats', 'throughput-chart', 'broker-table']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0), `${id} ends inside 800 px`).toBeLessThanOrEqual(800);
    expect((box?.x ?? 0) + (box?.width ?? 0), `${id} ends inside 1280 px`).toBeLessThanOrEqual(1280);
  }
  await page.screenshot({ path: testInfo.outputPath('first-screen.png') });
});

test('one click on Topics lists the topics', async ({ page }) => {
  await page.goto(appUrl());
  await expect(page.getByTestId('overview-stats')).toBeVisible();
  await page.getByTestId('nav-topics').click();
  await expect(page).toHaveURL(/#\/c\/embedded\/topics/);
  await expect(page.getByTestId(`topic-row-${TOPIC}`)).toBeVisible();
});

test('the header switcher moves between clusters keeping the section, and opens "Manage clusters…"', async ({ page }, testInfo) => {
  await page.goto(appUrl());
  await expect(page.getByTestId('overview-stats')).toBeVisible();
  const status = await callApi<{ host: string | null; port: number | null }>(page, 'engine.status', {});
  const remote = await callApi<{ id: string }>(page, 'clusters.add', {
    settings: { name: 'loopback-switch', bootstrap: [`${status.host ?? '127.0.0.1'}:${status.port ?? 0}`], sasl: null, tls: null },
  });
  try {
    const switcher = page.getByTestId('cluster-switcher');
    await expect(switcher.locator('option', { hasText: 'loopback-switch' })).toHaveCount(1);
    await expect(switcher.locator('option', { hasText: 'Manage clusters…' })).toHaveCount(1);
    await page.getByTestId('nav-topics').click();
    await expect(page.getByTestId(`topic-row-${TOPIC}`)).toBeVisible();
    await switcher.selectOption(remote.id);
    await expect(page).toHaveURL(new RegExp(`#/c/${remote.id}/topics`));
    await expect(switcher).toHaveValue(remote.id);
    // The remote cluster (the same broker over kafkajs) lists the same topic.
    await expect(page.getByTestId(`topic-row-${TOPIC}`)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('switcher-remote.png') });
    await page.reload();
    await expect(page).toHaveURL(new RegExp(`#/c/${remote.id}/topics`));
    await expect(page.getByTestId(`topic-row-${TOPIC}`)).toBeVisible();
    await switcher.selectOption({ label: 'Manage clusters…' });
    await expect(page).toHaveURL(/#\/clusters$/);
    await expect(page.getByTestId('cluster-list')).toBeVisible();
    await expect(page.getByTestId('embedded-broker-off')).toHaveCount(0);
    await switcher.selectOption('embedded');
    await expect(page).toHaveURL(/#\/c\/embedded\/overview/);
  } finally {
    await callApi(page, 'clusters.remove', { clusterId: remote.id });
  }
});

test.describe('without the embedded broker', () => {
  let serve: ServeProcess | null = null;
  test.beforeAll(async () => {
    serve = await startServe(['--no-broker']);
  });
  test.afterAll(async () => {
    await serve?.stop();
  });

  test('serve --no-broker lands on the clusters list with a clear message', async ({ page }, testInfo) => {
    await page.goto(serve?.url ?? '');
    await expect(page).toHaveURL(/#\/clusters$/);
    await expect(page.getByTestId('embedded-broker-off')).toContainText('The embedded broker is not running');
    await expect(page.getByTestId('embedded-broker-off')).toContainText('--no-broker');
    await expect(page.getByTestId('cluster-add')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('no-broker.png') });
  });
});

// The traffic inspector with real clients: kafkajs requests appear with their client id, API and errors; filters live
// in the URL; pause holds the list; a remote cluster says the view is embedded-only. Screenshots at two sizes.
import { test, expect } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { callApi, goTo, openApp } from './fixtures.js';

const TOPIC = `e2e-traffic-${Date.now().toString(36)}`;

test('requests of a kafkajs client, their errors, filters in the URL, pause', async ({ page }) => {
  await openApp(page);
  const address = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).split(',')[0]?.trim() ?? '';
  await goTo(page, '#/c/embedded/overview');
  await page.getByTestId('nav-traffic').click();
  await expect(page).toHaveURL(/#\/c\/embedded\/traffic/);
  await expect(page.getByTestId('traffic-table')).toBeVisible();

  const kafka = new Kafka({ brokers: [address], clientId: 'e2e-traffic-client', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `value ${i}`.repeat(10) })) });
  await producer.send({ topic: `${TOPIC}-missing`, messages: [{ value: 'x' }] }).catch(() => undefined);
  await producer.disconnect();

  await expect(page.getByTestId('traffic-client-e2e-traffic-client')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('traffic-filter-client').selectOption('e2e-traffic-client');
  await expect(page).toHaveURL(/client=e2e-traffic-client/);
  const rows = page.getByTestId('traffic-row');
  await expect(rows.filter({ hasText: 'Produce' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'CreateTopics' }).first()).toBeVisible();
  await page.getByTestId('traffic-filter-errors').check();
  await expect(page).toHaveURL(/errors=1/);
  await expect(rows.first()).toContainText('UNKNOWN_TOPIC_OR_PARTITION');
  await expect(rows.filter({ hasNotText: 'UNKNOWN_TOPIC_OR_PARTITION' })).toHaveCount(0);
  // The filters survive a reload (view state in the URL).
  await page.reload();
  await expect(page.getByTestId('traffic-filter-errors')).toBeChecked();
  await expect(page.getByTestId('traffic-filter-client')).toHaveValue('e2e-traffic-client');

  await page.getByTestId('traffic-filter-errors').uncheck();
  await page.getByTestId('traffic-filter-client').selectOption('');
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('traffic-pause').click();
  await expect(page.getByTestId('traffic-summary')).toContainText('paused');
  const held = await page.getByTestId('traffic-summary').innerText();
  const again = new Kafka({ brokers: [address], clientId: 'e2e-traffic-later', logLevel: logLevel.NOTHING });
  const a2 = again.admin();
  await a2.connect();
  await a2.listTopics();
  await a2.disconnect();
  await page.waitForTimeout(2500);
  await expect(page.getByTestId('traffic-summary')).toHaveText(held);
  await expect(rows.filter({ hasText: 'e2e-traffic-later' })).toHaveCount(0);
  await page.getByTestId('traffic-pause').click();

  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `test-results/e2e/traffic-${w}x${h}.png` });
  }
});

test('a remote cluster has no Traffic link, and its traffic URL says why', async ({ page }) => {
  await openApp(page);
  const bootstrap = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).split(',')[0]?.trim() ?? '';
  const remote = await callApi<{ id: string }>(page, 'clusters.add', { settings: { name: 'traffic-remote', bootstrap: [bootstrap], sasl: null, tls: null } });
  try {
    await goTo(page, `#/c/${remote.id}/overview`);
    await expect(page.getByTestId('nav-topics')).toBeVisible();
    await expect(page.getByTestId('nav-traffic')).toHaveCount(0);
    await goTo(page, `#/c/${remote.id}/traffic`);
    await expect(page.getByTestId('traffic-remote')).toBeVisible();
  } finally {
    await callApi(page, 'clusters.remove', { clusterId: remote.id });
  }
});

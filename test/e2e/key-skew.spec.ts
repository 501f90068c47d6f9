// Key skew in the GUI: a topic with one hot key written by a kafkajs producer; the hot partition, the top key and a
// what-if partition count. Screenshots at two sizes.
import { test, expect } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { goTo, openApp } from './fixtures.js';

const TOPIC = `e2e-skew-${Date.now().toString(36)}`;

test('hot key, partitions, top keys and a what-if spread', async ({ page }) => {
  await openApp(page);
  const address = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).split(',')[0]?.trim() ?? '';
  const kafka = new Kafka({ brokers: [address], clientId: 'e2e-skew', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 200 }, (_, i) => ({ key: 'hot-customer', value: `order ${i}` })) });
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 120 }, (_, i) => ({ key: `customer-${i % 40}`, value: `order ${i}` })) });
  await producer.disconnect();

  await goTo(page, `#/c/embedded/topics/${TOPIC}`);
  await page.getByTestId('topic-open-key-skew').click();
  await expect(page.getByTestId('skew-top-keys').locator('tbody tr').first()).toContainText('hot-customer');
  await expect(page.getByTestId('skew-partition-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('skew-partitions-chart').locator('canvas').first()).toBeVisible();
  await page.getByTestId('skew-whatif-input').fill('12');
  await page.getByTestId('skew-whatif-apply').click();
  await expect(page).toHaveURL(/whatIf=12/);
  await expect(page.getByTestId('skew-whatif-score')).toContainText('skew score');
  await expect(page.getByTestId('skew-whatif-chart').locator('canvas').first()).toBeVisible();
  await page.waitForTimeout(400);
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `test-results/e2e/key-skew-${w}x${h}.png`, fullPage: true });
  }
});

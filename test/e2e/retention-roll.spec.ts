// Retention & compaction tab, issue 15: every partition in one strip (segments, size, dirty ratio, expired), and
// "Compact now" over a partition holding only its active segment says why nothing was cleaned and offers
// "Roll segment" (engine.rollSegment), after which the cleaner compacts it. Screenshots at 1280×720 and 1920×1080,
// light and dark, land in test-results/shots/.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { callApi, goTo, openApp } from './fixtures.js';
import { root } from './serve-process.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;
const TOPIC = `e2e-roll-${Date.now().toString(36)}`;
const SHOTS = join(root, 'test-results', 'shots');

async function bootstrap(page: Page): Promise<string> {
  const status = await callApi<{ host: string | null; port: number | null }>(page, 'engine.status', {});
  return `${status.host ?? '127.0.0.1'}:${status.port ?? 0}`;
}

test('all partitions in a strip; Compact now on an active-only partition explains and offers Roll segment', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const kafka = new KafkaClient({ brokers: [await bootstrap(page)], clientId: 'e2e-roll', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < 8; i++) await producer.send({ topic: TOPIC, messages: [{ partition: 0, key: 'same-key', value: `update ${i}` }] });
  await producer.send({ topic: TOPIC, messages: [{ partition: 2, key: 'other', value: 'x' }] });
  await producer.disconnect();

  await goTo(page, `#/c/embedded/topics/${TOPIC}/retention`);
  const strip = page.getByTestId('retention-partitions');
  await expect(strip.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('retention-partition-0')).toContainText('(active only)');
  await expect(page.getByTestId('retention-partition-1')).toContainText('0 B');

  // Only the active segment: the cleaner has nothing it may touch, and says so.
  await page.getByTestId('compact-now').click();
  const result = page.getByTestId('compact-result');
  await expect(result).toContainText('the active segment is never cleaned — roll it first');
  await expect(result).not.toContainText('0 B → 0 B');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'retention-roll-offer-1280x720.png') });

  await page.getByTestId('compact-roll').click();
  await expect(page.getByTestId('roll-result')).toContainText('new active segment starts at offset 8');
  await expect(page.getByTestId('retention-partition-0')).toContainText('2');
  await expect(page.getByTestId('retention-partition-0')).not.toContainText('active only');

  await page.getByTestId('compact-now').click();
  await expect(page.getByTestId('compact-result')).toContainText('8 → 1 records');

  // Choosing another partition opens its detail (and keeps it in the URL).
  await page.getByTestId('retention-partition-2').click();
  await expect(page.getByTestId('retention-selected')).toHaveText('Partition 2');
  expect(page.url()).toContain('p=2');
  await expect(page.getByTestId('retention-summary')).toContainText('offsets 0 → 1');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, `retention-strip-${scheme}-${size.width}x${size.height}.png`) });
      const overflow = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return doc.scrollWidth - doc.clientWidth;
      });
      expect(overflow, `page scrolls sideways at ${size.width}`).toBeLessThanOrEqual(1);
    }
  }
});

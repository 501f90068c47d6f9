// "≈ N messages" and its Exact count: a kafkajs transaction commits 10 records and another aborts 5 (17 offsets with
// the two markers). The estimate says ≈ 17; the exact count says 15 read_uncommitted and 10 read_committed, and how
// many offsets were markers or aborted.
import { test, expect } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { goTo, openApp } from './fixtures.js';

const TOPIC = `e2e-count-${Date.now().toString(36)}`;

test('the estimate is marked, and Exact count says what a consumer reads', async ({ page }) => {
  await openApp(page);
  const address = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).split(',')[0]?.trim() ?? '';
  const kafka = new Kafka({ brokers: [address], clientId: 'e2e-count', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ transactionalId: `${TOPIC}-txn`, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const committed = await producer.transaction();
  await committed.send({ topic: TOPIC, messages: Array.from({ length: 10 }, (_, i) => ({ value: `c${i}` })) });
  await committed.commit();
  const aborted = await producer.transaction();
  await aborted.send({ topic: TOPIC, messages: Array.from({ length: 5 }, (_, i) => ({ value: `a${i}` })) });
  await aborted.abort();
  await producer.disconnect();

  await goTo(page, `#/c/embedded/topics/${TOPIC}`);
  await expect(page.locator('.summary .estimate')).toContainText('≈ 17 messages');
  await page.getByTestId('exact-count-start').click();
  await expect(page.getByTestId('exact-count-result')).toContainText('exactly 15 records (read_uncommitted)');
  await expect(page.getByTestId('exact-count-result')).toContainText('2 of 17 offsets');
  await page.reload();
  await page.getByTestId('exact-count-isolation').selectOption('read_committed');
  await page.getByTestId('exact-count-start').click();
  await expect(page.getByTestId('exact-count-result')).toContainText('exactly 10 records (read_committed)');
  await expect(page.getByTestId('exact-count-result')).toContainText('7 of 17 offsets are transaction markers, aborted records');
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/e2e/exact-count-${w}x${h}.png` });
  }
});

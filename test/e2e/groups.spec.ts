// Consumer groups in the GUI with a real kafkajs consumer: members, lag, reset refused while active,
// preview + typed confirmation once the group is empty, and the rebalance timeline.
import { test, expect, type Page } from '@playwright/test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { goTo, openApp } from './fixtures.js';

const TOPIC = `e2e-groups-${Date.now().toString(36)}`;
const GROUP = `e2e-group-${Date.now().toString(36)}`;
let consumer: Consumer | null = null;

test.describe.configure({ mode: 'serial' });
test.afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
});

async function bootstrapOf(page: Page): Promise<string> {
  const text = await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText();
  return text.split(',')[0]?.trim() ?? '';
}

test('a consuming group shows its member, lag and rebalance timeline; reset is refused', async ({ page }) => {
  await openApp(page);
  const bootstrap = await bootstrapOf(page);
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'e2e', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
  await producer.disconnect();
  consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({ autoCommitInterval: 100, eachMessage: async () => undefined });

  await goTo(page, '#/c/embedded/groups');
  await expect(page.getByTestId(`group-row-${GROUP}`)).toContainText('Stable', { timeout: 20_000 });
  await page.getByTestId(`group-row-${GROUP}`).getByRole('link').click();
  await expect(page.getByTestId('group-title')).toHaveText(GROUP);
  await expect(page.getByTestId('group-total-lag')).toContainText('0', { timeout: 20_000 });

  await page.getByTestId('tab-members').click();
  await expect(page.getByTestId('member-table')).toContainText('e2e');

  await page.getByTestId('tab-rebalances').click();
  await expect(page.getByTestId('rebalance-chart')).toBeVisible();
  await expect(page.getByTestId('group-event-table')).toContainText('sync-completed');

  await page.getByTestId('tab-offsets').click();
  await page.getByTestId(`reset-offsets-${TOPIC}`).click();
  await expect(page.getByTestId('reset-refused')).toBeVisible();
  await page.getByTestId('reset-preview-button').click();
  await expect(page.getByTestId('reset-preview')).toContainText('re-reads');
  await expect(page.getByTestId('reset-apply')).toBeDisabled();
});

test('once the consumer leaves, the reset applies after preview and typed confirmation', async ({ page }) => {
  await consumer?.disconnect();
  consumer = null;
  await openApp(page, `#/c/embedded/groups/${GROUP}`);
  await expect(page.getByTestId('group-title')).toHaveText(GROUP);
  await expect(page.locator('.badge', { hasText: 'Empty' }).first()).toBeVisible({ timeout: 20_000 });
  await page.getByTestId(`reset-offsets-${TOPIC}`).click();
  await page.getByTestId('reset-kind').selectOption('shift');
  await page.getByTestId('reset-shift').fill('-5');
  await page.getByTestId('reset-preview-button').click();
  await expect(page.getByTestId('reset-preview')).toContainText('re-reads 5');
  await page.getByTestId('reset-confirm-input').fill('RESET');
  await page.getByTestId('reset-apply').click();
  await expect(page.getByTestId('reset-offsets-dialog')).toHaveCount(0);
  await expect(page.getByTestId('group-total-lag')).toContainText('10');
});

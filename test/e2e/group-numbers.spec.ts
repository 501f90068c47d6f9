// Issue 15's group numbers, seen in the GUI with real kafkajs consumers on the embedded broker:
// the rebalance timeline (rebalances end when the group is Stable or Empty, the totals stop growing
// once the group is Empty, generation labels never overlap, every legend swatch has its text);
// the lag of partitions without a commit, labelled by the assumed auto.offset.reset, in the group
// card and the topic's consumer-groups tab; and a reset that does not join the group.
import { test, expect, type Page } from '@playwright/test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { goTo, openApp } from './fixtures.js';

const RUN = Date.now().toString(36);
test.describe.configure({ mode: 'serial' });

async function kafkaOf(page: Page): Promise<Kafka> {
  const text = await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText();
  return new Kafka({ brokers: [text.split(',')[0]?.trim() ?? ''], clientId: 'e2e-numbers', logLevel: logLevel.NOTHING });
}

async function seed(kafka: Kafka, topic: string, perPartition: number[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: perPartition.length }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, n] of perPartition.entries()) {
    if (n > 0) await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ partition, value: `v${i}` })) });
  }
  await producer.disconnect();
}

const summaryNumbers = async (page: Page): Promise<{ count: number; rebalancingMs: number; maxStopMs: number }> => {
  const s = page.getByTestId('rebalance-summary');
  return {
    count: Number(await s.getAttribute('data-count')),
    rebalancingMs: Number(await s.getAttribute('data-rebalancing-ms')),
    maxStopMs: Number(await s.getAttribute('data-max-stop-ms')),
  };
};

test('rebalance timeline: windows close at Stable/Empty, totals stop growing, labels and legend readable', async ({ page }) => {
  await openApp(page);
  const kafka = await kafkaOf(page);
  const topic = `e2e-timeline-${RUN}`;
  const group = `e2e-timeline-g-${RUN}`;
  await seed(kafka, topic, [20, 20, 20, 20]);
  const consumers: Consumer[] = [];
  const join = async (): Promise<Consumer> => {
    const c = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({ eachMessage: async () => undefined });
    consumers.push(c);
    return c;
  };
  try {
    await goTo(page, `#/c/embedded/groups/${group}/rebalances`);
    const a = await join();
    await expect(page.getByTestId('group-event-table')).toContainText('1 member(s)', { timeout: 20_000 });
    const b = await join();
    await expect(page.getByTestId('group-event-table')).toContainText('2 member(s)', { timeout: 20_000 });
    await b.disconnect();
    const syncs = page.getByTestId('group-event-table').locator('tr', { hasText: 'sync-completed' });
    await expect(syncs).toHaveCount(3, { timeout: 20_000 });
    await a.disconnect();
    await expect(page.getByTestId('group-event-table')).toContainText('Empty (rebalance over)', { timeout: 20_000 });

    // a joins, b joins, b leaves, a leaves (the group goes Empty): four rebalances, all closed.
    await expect(page.getByTestId('rebalance-summary')).toHaveAttribute('data-count', '4');
    const first = await summaryNumbers(page);
    // A closed timeline does not grow with the clock (the bug: windows stayed open once the group was Empty).
    await page.waitForTimeout(2500);
    const later = await summaryNumbers(page);
    expect(later).toEqual(first);
    // Only the eager round that b's arrival (or departure) caused stopped a consuming member: a member's stop
    // is part of the rebalancing time, never the time it spent outside the group.
    expect(first.maxStopMs).toBeGreaterThan(0);
    expect(first.maxStopMs).toBeLessThanOrEqual(first.rebalancingMs);
    await expect(page.getByTestId('member-stop-table')).toBeVisible();

    // Every legend swatch has its text beside it, on the same line.
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      const items = page.getByTestId('rebalance-legend').locator('li');
      await expect(items).toHaveCount(4);
      for (let i = 0; i < 4; i++) {
        const item = items.nth(i);
        expect((await item.innerText()).trim().length).toBeGreaterThan(3);
        const swatch = await item.locator('.swatch').boundingBox();
        const box = await item.boundingBox();
        expect(swatch && box && swatch.y >= box.y - 1 && swatch.y + swatch.height <= box.y + box.height + 1).toBeTruthy();
      }
      // The generation labels are SVG text: none overlaps another.
      const labels = await page.getByTestId('rebalance-chart').locator('text').evaluateAll((nodes) =>
        nodes.filter((n) => /gen|Empty/.test(n.textContent ?? '')).map((n) => {
          const r = (n as unknown as { getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }).getBoundingClientRect();
          return { text: n.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        }));
      expect(labels.length).toBeGreaterThan(0);
      for (const [i, x] of labels.entries()) {
        for (const y of labels.slice(i + 1)) {
          const overlap = x.left < y.right && y.left < x.right && x.top < y.bottom && y.top < x.bottom;
          expect(overlap, `"${x.text}" overlaps "${y.text}"`).toBe(false);
        }
      }
      await page.screenshot({ path: `test-results/e2e/rebalance-timeline-${viewport.width}.png`, fullPage: true });
    }
  } finally {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
  }
});

test('lag of partitions without a commit is shown by the assumed reset policy; a reset never joins the group', async ({ page }) => {
  await openApp(page);
  const kafka = await kafkaOf(page);
  const topic = `e2e-uncommitted-${RUN}`;
  const group = `e2e-uncommitted-g-${RUN}`;
  await seed(kafka, topic, [10, 10, 10]);
  // Commit partition 0 only (at 4: lag 6); partitions 1 and 2 (10 records each) have no commit.
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '4' }] });
  await admin.disconnect();

  await goTo(page, `#/c/embedded/groups/${group}`);
  const card = page.getByTestId('group-total-lag');
  await expect(card.locator('.value')).toHaveText('26', { timeout: 20_000 });
  await expect(card).toContainText('incl. 20 in 2 partitions without a commit (auto.offset.reset=earliest)');
  await page.getByTestId('uncommitted-policy-select').selectOption('latest');
  await expect(page).toHaveURL(/uncommitted=latest/);
  await expect(card.locator('.value')).toHaveText('6');
  await expect(card).toContainText('2 partitions without a commit counted as 0 (auto.offset.reset=latest)');

  await goTo(page, `#/c/embedded/topics/${topic}/consumers`);
  await expect(page.getByTestId(`topic-consumer-lag-${group}`)).toHaveText('26', { timeout: 20_000 });
  await goTo(page, `#/c/embedded/topics/${topic}/consumers?uncommitted=latest`);
  await expect(page.getByTestId(`topic-consumer-lag-${group}`)).toHaveText('6');

  // Reset partition 0 to the end: a simple commit, no member joins (the group's timeline does not move).
  await goTo(page, `#/c/embedded/groups/${group}/rebalances`);
  await expect(page.getByTestId('rebalance-summary')).toBeVisible({ timeout: 20_000 });
  const before = await summaryNumbers(page);
  const joinsBefore = await page.getByTestId('group-event-table').locator('tr', { hasText: 'member-joined' }).count();
  await goTo(page, `#/c/embedded/groups/${group}/offsets`);
  await page.getByTestId(`reset-offsets-${topic}`).click();
  await page.getByTestId('reset-kind').selectOption('latest');
  await page.getByTestId('reset-preview-button').click();
  await expect(page.getByTestId('reset-preview')).toBeVisible();
  await page.getByTestId('reset-confirm-input').fill('RESET');
  await page.getByTestId('reset-apply').click();
  await expect(page.getByTestId('reset-offsets-dialog')).toHaveCount(0);
  await goTo(page, `#/c/embedded/groups/${group}/rebalances`);
  await expect(page.getByTestId('rebalance-summary')).toBeVisible();
  expect(await summaryNumbers(page)).toEqual(before);
  await expect(page.getByTestId('group-event-table').locator('tr', { hasText: 'member-joined' })).toHaveCount(joinsBefore);
  await expect(page.getByTestId('group-event-table')).not.toContainText('kafkadesk');
  await goTo(page, `#/c/embedded/groups/${group}/offsets`);
  await expect(page.getByTestId('group-total-lag').locator('.value')).toHaveText('0');
});

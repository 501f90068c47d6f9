// Lag history in the GUI: groups sampled by the backend from the embedded broker, sorted by Burrow verdict, a rewound
// group's partitions, lag/rate charts with the offset reset marked, and the heat map. Screenshots at two sizes.
import { test, expect } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { goTo, openApp } from './fixtures.js';

const RUN = Date.now().toString(36);
const TOPIC = `e2e-lag-${RUN}`;
const REWOUND = `e2e-rewound-${RUN}`;
const CAUGHT_UP = `e2e-caughtup-${RUN}`;
const PARTITIONS = 6;

test('groups sorted by verdict; a rewound group shows REWIND, its charts, the reset event and the heat map', async ({ page }) => {
  await openApp(page);
  const address = (await page.getByTestId('cluster-card-embedded').locator('.mono').first().innerText()).split(',')[0]?.trim() ?? '';
  const kafka = new Kafka({ brokers: [address], clientId: 'e2e-lag', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < PARTITIONS; p++) {
    await producer.send({ topic: TOPIC, messages: Array.from({ length: 100 + p * 40 }, (_, i) => ({ partition: p, value: `v${i}` })) });
  }
  await producer.disconnect();
  const all = (offset: (p: number) => number): { partition: number; offset: string }[] =>
    Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, offset: String(offset(p)) }));
  // The backend samples the embedded broker every second: give each step time to be seen.
  await admin.setOffsets({ groupId: CAUGHT_UP, topic: TOPIC, partitions: all((p) => 100 + p * 40) });
  for (const step of [20, 50, 80]) {
    await admin.setOffsets({ groupId: REWOUND, topic: TOPIC, partitions: all(() => step) });
    await page.waitForTimeout(1500);
  }
  await admin.setOffsets({ groupId: REWOUND, topic: TOPIC, partitions: all(() => 0) });
  await admin.disconnect();
  await page.waitForTimeout(1500);

  await goTo(page, '#/c/embedded/lag-history');
  const table = page.getByTestId('lag-group-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId(`lag-group-${REWOUND}`)).toContainText('REWIND', { timeout: 15_000 });
  await expect(page.getByTestId(`lag-group-${CAUGHT_UP}`)).toContainText('OK');
  const order = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
  expect(order.indexOf(`lag-group-${REWOUND}`)).toBeLessThan(order.indexOf(`lag-group-${CAUGHT_UP}`));

  await page.getByTestId(`lag-group-${REWOUND}`).click();
  await expect(page).toHaveURL(new RegExp(`lag-history/${REWOUND}`));
  await page.getByTestId('lag-range-15m').click();
  await expect(page).toHaveURL(/range=15m/);
  await expect(page.getByTestId(`lag-partition-${TOPIC}-0`)).toContainText('REWIND');
  await expect(page.getByTestId('lag-partition-table').locator('tbody tr')).toHaveCount(PARTITIONS);
  await expect(page.getByTestId('lag-detail')).toContainText(/[1-9]\d* events/);
  for (const id of ['lag-history-chart', 'lag-rate-chart', 'lag-heatmap']) {
    await expect(page.getByTestId(id).locator('canvas').first()).toBeVisible();
  }
  await page.waitForTimeout(500);
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `test-results/e2e/lag-history-${w}x${h}.png`, fullPage: true });
  }
});

// The Schema Registry in the GUI, against `serve` with its embedded registry: an Avro topic and a Protobuf topic show
// decoded records (schema id, subject, version), an undecodable record shows its reason, produce with a schema
// (and its refusal of JSON the schema rejects), and the registry page (subjects, versions, diff, register with a
// compatibility refusal). Screenshots at 1280×720 and 1920×1080 go to test-results/screens/.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, callApiEventually, goTo, openApp } from './fixtures.js';
import { root } from './serve-process.js';
import { encodeDescriptor } from '../../src-common/protobuf/descriptor-text.js';

const C = 'embedded';
const AVRO = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'qty', type: 'int' }] };
const AVRO_V2 = { ...AVRO, fields: [...AVRO.fields, { name: 'note', type: ['null', 'string'], default: null }] };
const AVRO_BREAKING = { ...AVRO, fields: [...AVRO.fields, { name: 'price', type: 'double' }] };
const PROTO = 'syntax = "proto3";\npackage shop;\nmessage Shipment {\n  string id = 1;\n  int32 boxes = 2;\n}\n';
const screens = join(root, 'test-results', 'screens');

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(screens, { recursive: true });
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: join(screens, `${name}-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

test.describe.configure({ mode: 'serial' });

test('Avro and Protobuf topics show decoded records; an undecodable one shows why', async ({ page }) => {
  await openApp(page, '#/c/embedded/overview');
  await expect(page.getByTestId('overview-registry-url')).toContainText('http://127.0.0.1:');
  for (const name of ['sr-orders', 'sr-shipments']) await callApi(page, 'topics.create', { clusterId: C, name, partitions: 1, replicationFactor: 1 });
  await callApi(page, 'registry.register', { clusterId: C, subject: 'sr-orders-value', schema: { schemaType: 'AVRO', schema: JSON.stringify(AVRO) } });
  await callApi(page, 'registry.register', { clusterId: C, subject: 'sr-shipments-value', schema: { schemaType: 'PROTOBUF', schema: PROTO } });
  for (let i = 0; i < 3; i++) {
    await callApiEventually(page, 'messages.produce', { clusterId: C, topic: 'sr-orders', partition: 0, key: { encoding: 'text', data: `k${i}` }, value: { encoding: 'text', data: JSON.stringify({ id: `order-${i}`, qty: i }) }, valueSchema: { subject: 'sr-orders-value', version: 'latest' } });
  }
  // Wire format with a schema id the registry does not have.
  await callApi(page, 'messages.produce', { clusterId: C, topic: 'sr-orders', partition: 0, key: null, value: { encoding: 'base64', data: Buffer.from([0, 0, 0, 0x30, 0x39, 2, 4]).toString('base64') } });
  await callApiEventually(page, 'messages.produce', { clusterId: C, topic: 'sr-shipments', partition: 0, key: null, value: { encoding: 'text', data: '{"id":"ship-1","boxes":7}' }, valueSchema: { subject: 'sr-shipments-value', version: 1 } });

  await goTo(page, '#/c/embedded/topics/sr-orders/messages');
  await expect(page.getByTestId('message-row-0-0')).toContainText('"id": "order-0"');
  await expect(page.getByTestId('message-row-0-3')).toContainText('unknown schema id 12345');
  await page.getByTestId('message-row-0-1').click();
  await expect(page.getByTestId('message-value-schema')).toContainText(/Avro · id \d+ · sr-orders-value v1/);
  await expect(page.getByTestId('message-value')).toContainText('order-1');
  await shoot(page, 'messages-avro');
  await page.getByTestId('message-row-0-3').click();
  await expect(page.getByTestId('message-value-decode-error')).toContainText('unknown schema id 12345');
  await shoot(page, 'messages-undecodable');

  await goTo(page, '#/c/embedded/topics/sr-shipments/messages');
  await expect(page.getByTestId('message-row-0-0')).toContainText('"boxes": 7');
  await page.getByTestId('message-row-0-0').click();
  await expect(page.getByTestId('message-value-schema')).toContainText(/Protobuf · id \d+ · sr-shipments-value v1 · shop.Shipment/);

  // Declared Avro (remembered per topic): a plain-text key is not wire format, and the row says so.
  await goTo(page, '#/c/embedded/topics/sr-orders/messages');
  await page.getByTestId('decoding-key').selectOption('avro');
  await expect(page.getByTestId('message-row-0-0')).toContainText('bad magic byte 0x6b');
  await page.reload();
  await expect(page.getByTestId('decoding-key')).toHaveValue('avro');
  await page.getByTestId('decoding-key').selectOption('auto');
  await expect(page.getByTestId('message-row-0-0')).not.toContainText('bad magic byte');
});

test('a JSON Schema record that does not match its schema shows decoded, with the marker', async ({ page }) => {
  await openApp(page, '#/c/embedded/overview');
  await callApi(page, 'topics.create', { clusterId: C, name: 'sr-readings', partitions: 1, replicationFactor: 1 });
  const schema = JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, qty: { type: 'integer' } }, required: ['id'] });
  const { id } = await callApi<{ id: number }>(page, 'registry.register', { clusterId: C, subject: 'sr-readings-value', schema: { schemaType: 'JSON', schema } });
  const framed = (value: unknown): string => {
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, Buffer.from(JSON.stringify(value))]).toString('base64');
  };
  // Raw bytes: produce without a schema checks nothing, as any other producer.
  for (const value of [{ id: 'r-1', qty: 1 }, { qty: 'lots' }]) {
    await callApiEventually(page, 'messages.produce', { clusterId: C, topic: 'sr-readings', partition: 0, key: null, value: { encoding: 'base64', data: framed(value) } });
  }
  await goTo(page, '#/c/embedded/topics/sr-readings/messages');
  await expect(page.getByTestId('message-row-0-0')).toContainText('"id": "r-1"');
  await expect(page.getByTestId('message-row-0-0')).not.toContainText('does not match');
  await expect(page.getByTestId('message-row-0-1')).toContainText('does not match schema v1');
  await expect(page.getByTestId('message-row-0-1')).toContainText('"qty": "lots"');
  await expect(page.getByTestId('message-row-0-1').locator('[title^="does not match schema v1"]')).toHaveCount(1);
  await page.getByTestId('message-row-0-1').click();
  await expect(page.getByTestId('message-value-schema-mismatch')).toContainText("does not match schema v1: (root) must have required property 'id'; /qty must be integer");
  await expect(page.getByTestId('message-value')).toContainText('lots');
  await shoot(page, 'messages-json-schema-mismatch');
});

test('produce with a schema: validated before sending, encoded in the wire format', async ({ page }) => {
  await openApp(page, '#/c/embedded/topics/sr-orders/produce');
  await page.getByTestId('produce-value-schema-subject').selectOption('sr-orders-value');
  await page.getByTestId('produce-value').fill('{"id":"from-gui","qty":"many"}');
  await page.getByTestId('produce-send').click();
  await expect(page.getByText('Produce failed')).toBeVisible();
  await expect(page.locator('body')).toContainText('not valid for the Avro schema');
  await page.getByTestId('produce-value').fill('{"id":"from-gui","qty":42}');
  await page.getByTestId('produce-send').click();
  await expect(page.getByTestId('produce-result')).toContainText('Sent 1 record');
  await shoot(page, 'produce-with-schema');
  await goTo(page, '#/c/embedded/topics/sr-orders/messages');
  await expect(page.getByTestId('message-row-0-4')).toContainText('"id": "from-gui"');
});

test('registry page: subjects, versions, diff, register with a compatibility refusal', async ({ page }) => {
  await openApp(page, '#/c/embedded/schema-registry');
  await expect(page.getByTestId('registry-url')).toContainText('http://127.0.0.1:');
  await page.getByTestId('subject-sr-orders-value').click();
  await expect(page.getByTestId('version-schema')).toContainText('"name": "Order"');

  await page.getByTestId('subject-new-version').click();
  await page.getByTestId('register-schema').fill(JSON.stringify(AVRO_BREAKING, null, 2));
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('register-check-result')).toContainText('Incompatible — not registered');
  await shoot(page, 'registry-refused');
  await page.getByTestId('register-schema').fill(JSON.stringify(AVRO_V2, null, 2));
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('register-dialog')).toBeHidden();
  await expect(page.getByTestId('version-2')).toBeVisible();

  await page.getByTestId('subject-diff-toggle').click();
  await expect(page.getByTestId('schema-diff')).toContainText('"note"');
  await expect(page.getByTestId('diff-added').first()).toBeVisible();
  await shoot(page, 'registry-diff');

  await page.getByTestId('version-2').click();
  await page.getByTestId('version-delete').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('version-2')).toBeHidden();
  await page.getByTestId('subjects-show-deleted').check();
  await expect(page.getByTestId('version-2')).toContainText('deleted');
});

test('a Protobuf schema registered as a base64 descriptor shows as .proto text on the registry page', async ({ page }) => {
  await openApp(page, '#/c/embedded/overview');
  const descriptor = encodeDescriptor({
    name: 'parcel.proto', package: 'shop', syntax: 'proto3',
    messageType: [{ name: 'Parcel', field: [
      { name: 'id', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING' },
      { name: 'grams', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32', options: { deprecated: true } },
    ] }],
  });
  await callApi(page, 'registry.register', { clusterId: C, subject: 'sr-parcels-value', schema: { schemaType: 'PROTOBUF', schema: descriptor } });
  await goTo(page, '#/c/embedded/schema-registry/sr-parcels-value');
  await expect(page.getByTestId('version-schema')).toContainText('message Parcel {');
  await expect(page.getByTestId('version-schema')).toContainText('int32 grams = 2 [deprecated = true];');
  await expect(page.getByTestId('version-schema')).not.toContainText(descriptor);
  await shoot(page, 'registry-proto-descriptor');
});

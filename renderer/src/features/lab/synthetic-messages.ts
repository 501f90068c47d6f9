// Synthetic records for the virtual-list lab (no backend needed), shaped exactly like KafkaMessage.
import type { KafkaMessage, Payload } from '../../../../src-common/contract/messages.js';
import { bytesToBase64, textToBytes } from '../../lib/value-format.js';

function payload(text: string): Payload {
  const bytes = textToBytes(text);
  return { base64: bytesToBase64(bytes), size: bytes.length, truncated: false, text, format: text.startsWith('{') ? 'json' : 'text' };
}

export function syntheticMessages(count: number, partitions = 6): KafkaMessage[] {
  const start = Date.UTC(2024, 0, 1);
  const out = new Array<KafkaMessage>(count);
  for (let i = 0; i < count; i++) {
    const partition = i % partitions;
    out[i] = {
      partition,
      offset: Math.floor(i / partitions),
      timestamp: start + i * 10,
      timestampType: 'create',
      key: payload(`key-${i % 997}`),
      value: i % 50 === 49 ? null : payload(JSON.stringify({ id: i, user: `user-${i % 313}`, amount: (i * 7) % 1000, tags: ['a', 'b'] })),
      headers: [{ key: 'trace', value: payload(`t-${i}`) }],
      size: 120,
    };
  }
  return out;
}

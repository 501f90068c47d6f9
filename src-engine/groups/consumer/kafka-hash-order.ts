/**
 * The iteration order of Kafka's TimelineHashMap (BaseHashTable) for string keys. Kafka's
 * uniform assignor walks the group's members in this order (who keeps an extra partition, who
 * receives freed ones), so the engine keeps the same order to reach the same assignments:
 * open hashing by Fibonacci hashing of String.hashCode, colliding keys in insertion order,
 * capacity doubling past a 0.75 load factor (starting at 2).
 */

const FIBONACCI = -7046029254386353131n;
const MASK64 = (1n << 64n) - 1n;

export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function slotOf(key: string, capacity: number): number {
  const log2size = 32 - Math.clz32(capacity);
  const shift = BigInt(65 - log2size);
  return Number(((BigInt(javaStringHash(key)) * FIBONACCI) & MASK64) >> shift);
}

export class KafkaHashOrder {
  private slots: string[][] = [[], []];
  private size = 0;

  add(key: string): void {
    if ((this.size + 1) * 0.75 > this.slots.length) this.rehash(this.slots.length * 2);
    const slot = this.slots[slotOf(key, this.slots.length)] as string[];
    if (slot.includes(key)) return;
    slot.push(key);
    this.size++;
  }

  remove(key: string): void {
    const slot = this.slots[slotOf(key, this.slots.length)] as string[];
    const i = slot.indexOf(key);
    if (i < 0) return;
    slot.splice(i, 1);
    this.size--;
  }

  keys(): string[] {
    return this.slots.flat();
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = Array.from({ length: capacity }, () => []);
    for (const slot of old) for (const key of slot) (this.slots[slotOf(key, capacity)] as string[]).push(key);
  }
}

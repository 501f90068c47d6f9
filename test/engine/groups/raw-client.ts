// A minimal Kafka wire client for request versions the real clients do not send (batched
// FindCoordinator, multi-group OffsetFetch, ListGroups state filters, OffsetDelete), built on
// the engine's generated codecs. One request per connection keeps it trivially correct.
import { connect } from 'node:net';
import { Reader } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';

export async function rawRequest<T>(
  host: string,
  port: number,
  req: { apiKey: number; version: number; flexible: boolean; write: (w: Writer) => void; read: (r: Reader) => T },
): Promise<T> {
  const body = new Writer();
  body.int16(req.apiKey);
  body.int16(req.version);
  body.int32(1);
  body.nullableString('raw-test', false);
  if (req.flexible) body.uvarint(0);
  req.write(body);
  const payload = body.toBuffer();
  const frame = Buffer.alloc(4 + payload.length);
  frame.writeInt32BE(payload.length, 0);
  payload.copy(frame, 4);
  const response = await new Promise<Buffer>((resolve, reject) => {
    const sock = connect({ host, port }, () => sock.write(frame));
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        sock.end();
        resolve(buf.subarray(4, 4 + buf.readInt32BE(0)));
      }
    });
    sock.on('error', reject);
    sock.setTimeout(10_000, () => reject(new Error('raw request timed out')));
  });
  const r = new Reader(response);
  r.int32(); // correlation id
  if (req.flexible) r.skipTaggedFields();
  return req.read(r);
}

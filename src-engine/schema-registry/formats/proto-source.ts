/**
 * A Protobuf schema's text as the registry receives it: `.proto` source, or — what Confluent's serializers send
 * (e.g. confluent-kafka's ProtobufSerializer) — a base64-encoded FileDescriptorProto, which Confluent's registry
 * accepts too. Both are parsed into a protobufjs Root (merged into `into` when given, for references).
 */
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { isDescriptorText } from '../../../src-common/protobuf/descriptor-text.js';

interface DescriptorRoot {
  fromDescriptor(set: { file: unknown[] }): protobuf.Root;
}

export { isDescriptorText };

function merge(target: protobuf.NamespaceBase, source: protobuf.NamespaceBase): void {
  for (const nested of [...source.nestedArray]) {
    const existing = target.get(nested.name);
    if (existing && existing instanceof protobuf.Namespace && !(existing instanceof protobuf.Type) && nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Type)) {
      merge(existing, nested);
    } else {
      source.remove(nested);
      target.add(nested);
    }
  }
}

/** Parses .proto source or a base64 descriptor into `into` (a new Root without it); returns the file's package. */
export function parseProtoSource(text: string, into?: protobuf.Root): { root: protobuf.Root; package: string | undefined } {
  if (!isDescriptorText(text)) {
    const parsed = into ? protobuf.parse(text, into, { keepCase: true }) : protobuf.parse(text, { keepCase: true });
    return { root: parsed.root, package: parsed.package ?? undefined };
  }
  const file = (descriptor as unknown as { FileDescriptorProto: protobuf.Type }).FileDescriptorProto.decode(Buffer.from(text.trim(), 'base64')) as unknown as { package?: string };
  const own = (protobuf.Root as unknown as DescriptorRoot).fromDescriptor({ file: [file] });
  if (into) merge(into, own);
  return { root: into ?? own, package: file.package || undefined };
}

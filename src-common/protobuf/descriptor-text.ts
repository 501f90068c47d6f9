/**
 * A Protobuf FileDescriptorProto (what Confluent's serializers register, base64-encoded) printed as `.proto` text —
 * the one printer, used by the embedded registry's REST answers and by the backend for what the GUI shows. Printed
 * from the descriptor itself (decoded with protobufjs' descriptor reflection) so imports, syntax, labels, maps,
 * oneofs and options survive; type references are fully qualified (`.pkg.Type`), which every parser accepts.
 */
import protobuf from 'protobufjs';
import descriptorExt from 'protobufjs/ext/descriptor/index.js';

interface Options { [key: string]: unknown }
interface FieldDesc {
  name: string; number: number; label?: string; type?: string; typeName?: string; extendee?: string;
  defaultValue?: string; oneofIndex?: number; proto3Optional?: boolean; options?: Options;
}
interface EnumDesc { name: string; value?: { name: string; number: number; options?: Options }[]; options?: Options; reservedName?: string[] }
interface MessageDesc {
  name: string; field?: FieldDesc[]; extension?: FieldDesc[]; nestedType?: MessageDesc[]; enumType?: EnumDesc[];
  oneofDecl?: { name: string }[]; options?: Options; reservedRange?: { start: number; end: number }[]; reservedName?: string[];
  extensionRange?: { start: number; end: number }[];
}
interface ServiceDesc { name: string; method?: { name: string; inputType: string; outputType: string; clientStreaming?: boolean; serverStreaming?: boolean; options?: Options }[]; options?: Options }
export interface FileDesc {
  name?: string; package?: string; dependency?: string[]; publicDependency?: number[]; weakDependency?: number[];
  messageType?: MessageDesc[]; enumType?: EnumDesc[]; service?: ServiceDesc[]; extension?: FieldDesc[]; options?: Options; syntax?: string;
}

const FILE_DESCRIPTOR = (descriptorExt as unknown as { FileDescriptorProto: protobuf.Type }).FileDescriptorProto;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_FIELD = 536870911;

/** True when a Protobuf schema's text is a base64 FileDescriptorProto rather than .proto source. */
export function isDescriptorText(text: string): boolean {
  const t = text.trim();
  return t.length >= 8 && !/\s/.test(t) && BASE64.test(t);
}

/** Decodes a base64 FileDescriptorProto into plain data (enums by name). Throws on bytes that are not one. */
export function decodeDescriptor(base64: string): FileDesc {
  const t = base64.trim();
  const bytes = new Uint8Array(protobuf.util.base64.length(t));
  protobuf.util.base64.decode(t, bytes, 0);
  return FILE_DESCRIPTOR.toObject(FILE_DESCRIPTOR.decode(bytes), { enums: String, longs: Number, defaults: false }) as FileDesc;
}

/** Encodes plain FileDescriptorProto data as base64 (Confluent's `format=serialized`). */
export function encodeDescriptor(file: FileDesc): string {
  const bytes = FILE_DESCRIPTOR.encode(FILE_DESCRIPTOR.fromObject(file as Record<string, unknown>)).finish();
  return protobuf.util.base64.encode(bytes, 0, bytes.length);
}

const SCALARS: Record<string, string> = {
  TYPE_DOUBLE: 'double', TYPE_FLOAT: 'float', TYPE_INT64: 'int64', TYPE_UINT64: 'uint64', TYPE_INT32: 'int32',
  TYPE_FIXED64: 'fixed64', TYPE_FIXED32: 'fixed32', TYPE_BOOL: 'bool', TYPE_STRING: 'string', TYPE_BYTES: 'bytes',
  TYPE_UINT32: 'uint32', TYPE_SFIXED32: 'sfixed32', TYPE_SFIXED64: 'sfixed64', TYPE_SINT32: 'sint32', TYPE_SINT64: 'sint64',
};
/** Option names in descriptor.proto's camelCase → .proto spelling (the ones tools set). */
const OPTION_NAMES: Record<string, string> = {
  javaPackage: 'java_package', javaOuterClassname: 'java_outer_classname', javaMultipleFiles: 'java_multiple_files',
  goPackage: 'go_package', optimizeFor: 'optimize_for', ccEnableArenas: 'cc_enable_arenas', objcClassPrefix: 'objc_class_prefix',
  csharpNamespace: 'csharp_namespace', phpNamespace: 'php_namespace', rubyPackage: 'ruby_package', swiftPrefix: 'swift_prefix',
  deprecated: 'deprecated', allowAlias: 'allow_alias', packed: 'packed', jstype: 'jstype', lazy: 'lazy',
  messageSetWireFormat: 'message_set_wire_format', idempotencyLevel: 'idempotency_level',
};
const ENUM_OPTIONS = new Set(['optimizeFor', 'jstype', 'idempotencyLevel']);

function optionValue(key: string, value: unknown): string {
  if (typeof value === 'string') return ENUM_OPTIONS.has(key) ? value : JSON.stringify(value);
  return String(value);
}

function optionList(options: Options | undefined, skip: readonly string[] = []): [string, string][] {
  if (!options) return [];
  return Object.entries(options)
    .filter(([k, v]) => OPTION_NAMES[k] !== undefined && !skip.includes(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => [OPTION_NAMES[k] as string, optionValue(k, v)]);
}

class Printer {
  private readonly lines: string[] = [];
  constructor(private readonly proto3: boolean) {}

  line(depth: number, text: string): void {
    this.lines.push(text === '' ? '' : `${'  '.repeat(depth)}${text}`);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  typeOf(f: FieldDesc): string {
    return SCALARS[f.type ?? ''] ?? f.typeName ?? 'bytes';
  }

  fieldOptions(f: FieldDesc, enumDefault: boolean): string {
    const list = optionList(f.options);
    if (f.defaultValue !== undefined) {
      const quoted = f.type === 'TYPE_STRING' || f.type === 'TYPE_BYTES' ? JSON.stringify(f.defaultValue) : f.defaultValue;
      list.unshift(['default', enumDefault ? f.defaultValue : quoted]);
    }
    return list.length > 0 ? ` [${list.map(([k, v]) => `${k} = ${v}`).join(', ')}]` : '';
  }

  label(f: FieldDesc, inOneof: boolean): string {
    if (inOneof) return '';
    if (f.label === 'LABEL_REPEATED') return 'repeated ';
    if (this.proto3) return f.proto3Optional ? 'optional ' : '';
    return f.label === 'LABEL_REQUIRED' ? 'required ' : 'optional ';
  }

  field(depth: number, f: FieldDesc, maps: ReadonlyMap<string, MessageDesc>, inOneof: boolean): void {
    const entry = f.label === 'LABEL_REPEATED' && f.typeName ? maps.get(f.typeName) : undefined;
    if (entry) {
      const [k, v] = [entry.field?.find((x) => x.number === 1), entry.field?.find((x) => x.number === 2)];
      if (k && v) {
        this.line(depth, `map<${this.typeOf(k)}, ${this.typeOf(v)}> ${f.name} = ${f.number}${this.fieldOptions(f, false)};`);
        return;
      }
    }
    this.line(depth, `${this.label(f, inOneof)}${this.typeOf(f)} ${f.name} = ${f.number}${this.fieldOptions(f, f.type === 'TYPE_ENUM')};`);
  }

  options(depth: number, options: Options | undefined, skip: readonly string[] = []): void {
    for (const [k, v] of optionList(options, skip)) this.line(depth, `option ${k} = ${v};`);
  }

  enumType(depth: number, e: EnumDesc): void {
    this.line(depth, `enum ${e.name} {`);
    this.options(depth + 1, e.options);
    for (const v of e.value ?? []) {
      const opts = optionList(v.options);
      this.line(depth + 1, `${v.name} = ${v.number}${opts.length > 0 ? ` [${opts.map(([k, x]) => `${k} = ${x}`).join(', ')}]` : ''};`);
    }
    if (e.reservedName && e.reservedName.length > 0) this.line(depth + 1, `reserved ${e.reservedName.map((n) => JSON.stringify(n)).join(', ')};`);
    this.line(depth, '}');
  }

  extensions(depth: number, fields: readonly FieldDesc[] | undefined): void {
    const byExtendee = new Map<string, FieldDesc[]>();
    for (const f of fields ?? []) byExtendee.set(f.extendee ?? '', [...(byExtendee.get(f.extendee ?? '') ?? []), f]);
    for (const [extendee, list] of byExtendee) {
      this.line(depth, `extend ${extendee} {`);
      for (const f of list) this.field(depth + 1, f, new Map(), false);
      this.line(depth, '}');
    }
  }

  message(depth: number, m: MessageDesc, scope: string): void {
    const fullName = `${scope}.${m.name}`;
    const maps = new Map<string, MessageDesc>();
    for (const n of m.nestedType ?? []) if (n.options?.mapEntry) maps.set(`${fullName}.${n.name}`, n);
    this.line(depth, `message ${m.name} {`);
    this.options(depth + 1, m.options, ['mapEntry']);
    const realOneof = (f: FieldDesc): number | null => (f.oneofIndex !== undefined && f.oneofIndex !== null && !f.proto3Optional ? f.oneofIndex : null);
    const printedOneofs = new Set<number>();
    for (const f of m.field ?? []) {
      const o = realOneof(f);
      if (o === null) {
        this.field(depth + 1, f, maps, false);
        continue;
      }
      if (printedOneofs.has(o)) continue;
      printedOneofs.add(o);
      this.line(depth + 1, `oneof ${m.oneofDecl?.[o]?.name ?? `oneof_${o}`} {`);
      for (const member of (m.field ?? []).filter((x) => realOneof(x) === o)) this.field(depth + 2, member, maps, true);
      this.line(depth + 1, '}');
    }
    const ranges = (list: { start: number; end: number }[]): string => list.map((r) => (r.end - 1 === r.start ? `${r.start}` : `${r.start} to ${r.end - 1 >= MAX_FIELD ? 'max' : r.end - 1}`)).join(', ');
    if (m.reservedRange && m.reservedRange.length > 0) this.line(depth + 1, `reserved ${ranges(m.reservedRange)};`);
    if (m.reservedName && m.reservedName.length > 0) this.line(depth + 1, `reserved ${m.reservedName.map((n) => JSON.stringify(n)).join(', ')};`);
    if (m.extensionRange && m.extensionRange.length > 0) this.line(depth + 1, `extensions ${ranges(m.extensionRange)};`);
    for (const e of m.enumType ?? []) this.enumType(depth + 1, e);
    for (const n of m.nestedType ?? []) if (!n.options?.mapEntry) this.message(depth + 1, n, fullName);
    this.extensions(depth + 1, m.extension);
    this.line(depth, '}');
  }

  service(s: ServiceDesc): void {
    this.line(0, `service ${s.name} {`);
    this.options(1, s.options);
    for (const m of s.method ?? []) {
      const opts = optionList(m.options);
      const body = opts.length > 0 ? ` {\n${opts.map(([k, v]) => `    option ${k} = ${v};`).join('\n')}\n  }` : ';';
      this.line(1, `rpc ${m.name} (${m.clientStreaming ? 'stream ' : ''}${m.inputType}) returns (${m.serverStreaming ? 'stream ' : ''}${m.outputType})${body}`);
    }
    this.line(0, '}');
  }
}

/** Prints a FileDescriptorProto (plain data) as `.proto` source. */
export function descriptorToProto(file: FileDesc): string {
  const proto3 = file.syntax === 'proto3';
  const p = new Printer(proto3);
  p.line(0, `syntax = "${proto3 ? 'proto3' : 'proto2'}";`);
  if (file.package) p.line(0, `package ${file.package};`);
  const deps = file.dependency ?? [];
  if (deps.length > 0) p.line(0, '');
  deps.forEach((d, i) => {
    const kind = file.publicDependency?.includes(i) ? 'public ' : file.weakDependency?.includes(i) ? 'weak ' : '';
    p.line(0, `import ${kind}${JSON.stringify(d)};`);
  });
  if (optionList(file.options).length > 0) p.line(0, '');
  p.options(0, file.options);
  const scope = file.package ? `.${file.package}` : '';
  for (const m of file.messageType ?? []) {
    p.line(0, '');
    p.message(0, m, scope);
  }
  for (const e of file.enumType ?? []) {
    p.line(0, '');
    p.enumType(0, e);
  }
  for (const s of file.service ?? []) {
    p.line(0, '');
    p.service(s);
  }
  if ((file.extension ?? []).length > 0) p.line(0, '');
  p.extensions(0, file.extension);
  return p.text();
}

/** A Protobuf schema as `.proto` text: base64 descriptors printed, `.proto` source returned as it is. */
export function protoSchemaText(schema: string): string {
  return isDescriptorText(schema) ? descriptorToProto(decodeDescriptor(schema)) : schema;
}

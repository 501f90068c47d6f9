// Emits TypeScript codecs (types + version-aware read/write) for one Kafka message schema.
import { PRIMITIVES, camel, inRange, parseRange, rangeCond } from './schema.mjs';

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NUM_TYPES = new Set(['int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64']);

/** Collects every struct of a message: the top level, inline ones and commonStructs. */
function collectStructs(schema) {
  const structs = new Map();
  const visit = (name, fields, versions) => {
    structs.set(name, { name, fields, versions });
    for (const f of fields) {
      if (f.fields) visit(elemType(f.type), f.fields, f.versions);
    }
  };
  for (const cs of schema.commonStructs ?? []) visit(cs.name, cs.fields, cs.versions);
  visit(schema.name, schema.fields ?? [], schema.validVersions);
  return structs;
}

function elemType(t) {
  return t.startsWith('[]') ? t.slice(2) : t;
}

export function emitMessage(schema, { runtimeImport }) {
  const valid = parseRange(schema.validVersions);
  const flexRange = parseRange(schema.flexibleVersions);
  const structs = collectStructs(schema);
  const tsName = (struct) => (struct === schema.name ? schema.name : schema.name + struct);
  const flexCond = rangeCond(flexRange, valid);
  const out = [];

  const fieldInfo = (f) => {
    const versions = parseRange(f.versions);
    const tagged = parseRange(f.taggedVersions);
    const nullable = parseRange(f.nullableVersions);
    const isArray = f.type.startsWith('[]');
    const elem = elemType(f.type);
    const isStruct = !PRIMITIVES.has(elem);
    // A field is inline in version v iff v in versions and not in taggedVersions.
    let inlineRange = versions;
    if (tagged && versions) {
      inlineRange = tagged.min <= versions.min ? null : { min: versions.min, max: Math.min(versions.max, tagged.min - 1) };
    }
    const flexOverride = f.flexibleVersions !== undefined ? parseRange(f.flexibleVersions) : undefined;
    return { f, name: camel(f.name), versions, tagged, nullable, isArray, elem, isStruct, inlineRange, flexOverride };
  };

  const tsType = (fi) => {
    let base;
    if (fi.isStruct) base = tsName(fi.elem);
    else if (NUM_TYPES.has(fi.elem)) base = 'number';
    else if (fi.elem === 'bool') base = 'boolean';
    else if (fi.elem === 'string' || fi.elem === 'uuid') base = 'string';
    else if (fi.elem === 'bytes') base = 'Buffer';
    else if (fi.elem === 'records') base = 'RecordsPayload';
    else throw new Error(`unknown type ${fi.elem}`);
    const t = fi.isArray ? `${base}[]` : base;
    return fi.nullable ? `${t} | null` : t;
  };

  const defaultExpr = (fi) => {
    const d = fi.f.default;
    const dn = d === undefined ? undefined : String(d).trim();
    if (dn === 'null' || d === null) return 'null';
    if (fi.isArray) return '[]';
    if (fi.isStruct) return `default${tsName(fi.elem)}()`;
    if (NUM_TYPES.has(fi.elem)) {
      if (dn === undefined || dn === '') return '0';
      return String(dn.startsWith('0x') ? parseInt(dn, 16) : Number(dn));
    }
    if (fi.elem === 'bool') return dn === 'true' ? 'true' : 'false';
    if (fi.elem === 'string') return JSON.stringify(dn ?? '');
    if (fi.elem === 'uuid') return `'${ZERO_UUID}'`;
    if (fi.elem === 'bytes') return 'EMPTY_BYTES';
    if (fi.elem === 'records') return fi.nullable ? 'null' : 'EMPTY_BYTES';
    throw new Error(`no default for ${fi.elem}`);
  };

  const flexFor = (fi) => {
    if (fi.flexOverride !== undefined) return fi.flexOverride ? rangeCond(fi.flexOverride, valid) : 'false';
    return 'flex';
  };

  // Read one non-array value of elem type.
  const readScalar = (fi, F) => {
    const e = fi.elem;
    if (fi.isStruct) return `read${tsName(e)}(r, v)`;
    switch (e) {
      case 'string':
        return `r.string(${F})`;
      case 'bytes':
      case 'records':
        return `r.bytes(${F})`;
      default:
        return `r.${e}()`;
    }
  };
  // Nullability is judged only over the versions where the field exists.
  const nullableCond = (fi) => {
    const ctx = fi.versions ? { min: Math.max(valid.min, fi.versions.min), max: Math.min(valid.max, fi.versions.max) } : valid;
    return rangeCond(fi.nullable, ctx);
  };

  const readExpr = (fi) => {
    const F = flexFor(fi);
    const nc = fi.nullable ? nullableCond(fi) : 'false';
    if (fi.isArray) {
      return `readArray(r, ${F}, ${nc}, () => ${readScalar(fi, F)})`;
    }
    if (fi.isStruct) {
      return nc === 'false' ? readScalar(fi, F) : `(${nc} && r.int8() < 0 ? null : ${readScalar(fi, F)})`;
    }
    if (nc === 'false') return readScalar(fi, F);
    if (fi.elem === 'string') return nc === 'true' ? `r.nullableString(${F})` : `(${nc} ? r.nullableString(${F}) : r.string(${F}))`;
    if (fi.elem === 'bytes' || fi.elem === 'records')
      return nc === 'true' ? `r.nullableBytes(${F})` : `(${nc} ? r.nullableBytes(${F}) : r.bytes(${F}))`;
    return readScalar(fi, F);
  };

  const writeScalar = (fi, F, val) => {
    const e = fi.elem;
    if (fi.isStruct) return `write${tsName(e)}(w, v, ${val})`;
    switch (e) {
      case 'string':
        return `w.string(${val}, ${F})`;
      case 'bytes':
        return `w.bytes(${val}, ${F})`;
      case 'records':
        return `w.records(${val}, ${F})`;
      default:
        return `w.${e}(${val})`;
    }
  };

  const writeStmt = (fi, val) => {
    const F = flexFor(fi);
    if (fi.isArray) {
      const nullOk = fi.nullable ? `${nullableCond(fi)}` : 'false';
      return `writeArray(w, ${F}, ${nullOk}, ${val}, (x) => ${writeScalar(fi, F, 'x')});`;
    }
    if (fi.nullable) {
      const nc = nullableCond(fi);
      if (fi.isStruct) {
        return `if (${val} === null) { if (!(${nc})) throw new Error('${fi.f.name} is not nullable in this version'); w.int8(-1); } else { if (${nc}) w.int8(1); ${writeScalar(fi, F, val)}; }`;
      }
      if (fi.elem === 'string') return `w.nullableString(${val}, ${F});`;
      if (fi.elem === 'bytes') return `w.nullableBytes(${val}, ${F});`;
      if (fi.elem === 'records') return `w.records(${val}, ${F});`;
    }
    return `${writeScalar(fi, F, val)};`;
  };

  const isDefaultExpr = (fi, val) => {
    const d = defaultExpr(fi);
    if (fi.isArray) return d === 'null' ? `${val} === null` : `${val} !== null && ${val}.length === 0`;
    if (fi.isStruct) return d === 'null' ? `${val} === null` : `${val} !== null && isDefaultStruct((t) => write${tsName(fi.elem)}(t, v, ${val}), (t) => write${tsName(fi.elem)}(t, v, ${d}))`;
    if (fi.elem === 'bytes' || fi.elem === 'records') return d === 'null' ? `${val} === null` : `${val} !== null && ${val}.length === 0`;
    return `${val} === ${d}`;
  };

  for (const struct of structs.values()) {
    const name = tsName(struct.name);
    const infos = struct.fields.map(fieldInfo);
    // interface
    out.push(`export interface ${name} {`);
    for (const fi of infos) {
      if (fi.f.about) out.push(`  /** ${fi.f.about.replace(/\*\//g, '* /')} */`);
      out.push(`  ${fi.name}: ${tsType(fi)};`);
    }
    out.push('}', '');
    // defaults
    out.push(`export function default${name}(): ${name} {`);
    out.push(`  return {${infos.map((fi) => ` ${fi.name}: ${defaultExpr(fi)}`).join(',')} };`);
    out.push('}', '');

    const tagged = infos.filter((fi) => fi.tagged).sort((a, b) => a.f.tag - b.f.tag);
    const usesFlex = flexCond !== 'false';

    // reader
    out.push(`export function read${name}(r: Reader, v: number): ${name} {`);
    out.push(usesFlex ? `  const flex = ${flexCond};` : '  const flex = false;');
    out.push(`  const m = default${name}();`);
    for (const fi of infos) {
      if (!fi.inlineRange) continue;
      const c = rangeCond(fi.inlineRange, valid);
      if (c === 'false') continue;
      const stmt = `m.${fi.name} = ${readExpr(fi)};`;
      out.push(c === 'true' ? `  ${stmt}` : `  if (${c}) ${stmt}`);
    }
    if (usesFlex) {
      if (tagged.length === 0) {
        out.push('  if (flex) r.skipTaggedFields();');
      } else {
        out.push('  if (flex) {');
        out.push('    const count = r.uvarint();');
        out.push('    for (let i = 0; i < count; i++) {');
        out.push('      const tag = r.uvarint();');
        out.push('      const end = r.uvarint() + r.offset;');
        out.push('      switch (tag) {');
        for (const fi of tagged) {
          out.push(`        case ${fi.f.tag}: if (${rangeCond(fi.tagged, valid)}) m.${fi.name} = ${readExpr(fi)}; break;`);
        }
        out.push('      }');
        out.push('      if (r.offset > end) throw new ProtocolDecodeError(`tagged field ${tag} overruns its size`);');
        // Skip (bounds-checked) rather than assign: an unknown tag's size may point past the frame.
        out.push('      r.skip(end - r.offset);');
        out.push('    }');
        out.push('  }');
      }
    }
    out.push('  return m;', '}', '');

    // writer
    out.push(`export function write${name}(w: Writer, v: number, m: ${name}): void {`);
    out.push(usesFlex ? `  const flex = ${flexCond};` : '  const flex = false;');
    for (const fi of infos) {
      if (!fi.inlineRange) continue;
      const c = rangeCond(fi.inlineRange, valid);
      if (c === 'false') continue;
      const stmt = writeStmt(fi, `m.${fi.name}`);
      out.push(c === 'true' ? `  ${stmt}` : `  if (${c}) { ${stmt} }`);
    }
    if (usesFlex) {
      if (tagged.length === 0) {
        out.push('  if (flex) w.uvarint(0);');
      } else {
        out.push('  if (flex) {');
        out.push('    const tags: [number, Writer][] = [];');
        for (const fi of tagged) {
          out.push(`    if (${rangeCond(fi.tagged, valid)} && !(${isDefaultExpr(fi, `m.${fi.name}`)})) { const t = new Writer(); (() => { const w = t; ${writeStmt(fi, `m.${fi.name}`)} })(); tags.push([${fi.f.tag}, t]); }`);
        }
        out.push('    writeTaggedFields(w, tags);');
        out.push('  }');
      }
    }
    out.push('}', '');
  }

  const header = [
    `import { Reader, ProtocolDecodeError } from '${runtimeImport}/reader.js';`,
    `import { Writer, type RecordsPayload } from '${runtimeImport}/writer.js';`,
    `import { readArray, writeArray, writeTaggedFields, isDefaultStruct, EMPTY_BYTES } from '${runtimeImport}/generated-support.js';`,
    '',
    `export const ${schema.name}Versions = { min: ${valid.min}, max: ${valid.max}, flexibleFrom: ${flexRange ? flexRange.min : -1} } as const;`,
    '',
  ];
  // Keep the import list honest for tsc's noUnusedLocals.
  const body = out.join('\n');
  const used = (id) => new RegExp(`\\b${id}\\b`).test(body);
  const imports = header.map((line) => {
    if (line.includes('generated-support')) {
      const ids = ['readArray', 'writeArray', 'writeTaggedFields', 'isDefaultStruct', 'EMPTY_BYTES'].filter(used);
      return ids.length ? `import { ${ids.join(', ')} } from '${runtimeImport}/generated-support.js';` : '';
    }
    if (line.includes('/reader.js')) {
      const ids = ['Reader', ...(used('ProtocolDecodeError') ? ['ProtocolDecodeError'] : [])];
      return `import { ${ids.join(', ')} } from '${runtimeImport}/reader.js';`;
    }
    if (line.includes('/writer.js')) {
      return `import { Writer${used('RecordsPayload') ? ', type RecordsPayload' : ''} } from '${runtimeImport}/writer.js';`;
    }
    return line;
  });
  const banner = "// Generated by scripts/gen-protocol from Apache Kafka's message schemas. Do not edit.\n/* eslint-disable */\n";
  return { code: banner + imports.join('\n') + body + '\n', valid, flexRange };
}

export { inRange };

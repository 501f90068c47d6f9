/** What the registry needs of a schema format: parse (with references), a canonical form, and a compatibility check. */

export class InvalidSchemaError extends Error {}

/** A referenced schema, already resolved by the registry: the import name and the referenced schema's text. */
export interface ResolvedReference {
  name: string;
  schema: string;
}

export interface ParsedSchema {
  /** The form compared for identity (lookup, idempotent registration). */
  readonly canonical: string;
}

export interface SchemaFormat<P extends ParsedSchema = ParsedSchema> {
  parse(schema: string, references: readonly ResolvedReference[]): P;
  /** Why `reader` cannot read data written with `writer`; empty when it can. */
  incompatibilities(reader: P, writer: P): string[];
}

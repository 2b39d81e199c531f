/**
 * Validators for meshgate's own schemas. The build precompiles every registered schema into
 * dist/generated/validators/<key>.cjs (Ajv "standalone" code), so a run loads neither Ajv's ~50 CommonJS
 * modules nor spends ~50 ms compiling: both showed up in lint profiles. A schema without a
 * precompiled validator (or a run from the TypeScript sources, as in unit tests) falls back to one
 * shared Ajv instance, loaded on first use.
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import type { Ajv, AnySchema, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** The options every validator is built with, at build time and at run time alike. */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, validateSchema: false } as const;

/** Export name of a schema's precompiled validator: a hash of its JSON. */
export function schemaKey(schema: AnySchema): string {
  return 'v' + createHash('sha1').update(JSON.stringify(schema)).digest('hex').slice(0, 20);
}

const precompiled = new Map<string, ValidateFunction | null>();
/** The build's validator for a schema key, or null when there is none (e.g. run from sources). */
function loadPrecompiled(key: string): ValidateFunction | null {
  let v = precompiled.get(key);
  if (v === undefined) {
    try {
      const mod = require(`../generated/validators/${key}.cjs`) as { default?: ValidateFunction } & ValidateFunction;
      v = (mod.default ?? mod) as ValidateFunction;
    } catch {
      v = null;
    }
    precompiled.set(key, v);
  }
  return v;
}

let shared: Ajv | undefined;
function sharedAjv(): Ajv {
  if (!shared) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    shared = new AjvClass(AJV_OPTIONS);
  }
  return shared;
}

/** A validator for the schema: precompiled when the build made one, else compiled by Ajv. */
export function compileSchema<T = unknown>(schema: AnySchema, opts: { precompiled?: boolean } = {}): ValidateFunction<T> {
  if (opts.precompiled !== false) {
    const pre = loadPrecompiled(schemaKey(schema));
    if (pre) return pre as ValidateFunction<T>;
  }
  const ajv = sharedAjv();
  const id = typeof schema === 'object' && schema !== null ? (schema as { $id?: string }).$id : undefined;
  if (id) {
    const known = ajv.getSchema<T>(id);
    if (known) return known as ValidateFunction<T>;
  }
  return ajv.compile<T>(schema);
}

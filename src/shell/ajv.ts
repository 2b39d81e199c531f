/**
 * One Ajv instance for all of meshgate's own schemas. Every `new Ajv()` compiles the draft-07
 * meta-schema again on first use (~45 ms each, measured in a lint profile), and our schemas are
 * ours: the test suite checks them, so validating them against the meta-schema at every start
 * buys nothing.
 */
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';

let shared: Ajv | undefined;

/** The shared instance, for schemas that reference each other by key. */
export function sharedAjv(): Ajv {
  shared ??= new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  return shared;
}

/** Compiles a schema (cached by `$id` when it has one) with allErrors and verbose errors. */
export function compileSchema<T = unknown>(schema: AnySchema): ValidateFunction<T> {
  const ajv = sharedAjv();
  const id = typeof schema === 'object' && schema !== null ? (schema as { $id?: string }).$id : undefined;
  if (id) {
    const known = ajv.getSchema<T>(id);
    if (known) return known as ValidateFunction<T>;
  }
  return ajv.compile<T>(schema);
}

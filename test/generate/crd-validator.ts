/**
 * Validates objects against upstream CustomResourceDefinitions the way the Kubernetes API server
 * does on `kubectl apply --validate=strict`: defaults from the schema are applied first, then the
 * structural schema is checked (types, required fields, enums, patterns, lengths, ranges, list
 * uniqueness, oneOf/anyOf/allOf/not), fields the schema does not declare are rejected (unless
 * the node preserves unknown fields), and every `x-kubernetes-validations` CEL rule is evaluated
 * with @bufbuild/cel.
 *
 * Kubernetes' CEL environment adds libraries to standard CEL. @bufbuild/cel brings the strings
 * extension (lowerAscii, upperAscii, substring, split, ...) and standard `duration`/`int`; the
 * Kubernetes URL library is not in it, so `url`, `isURL` and the URL accessors (`getScheme`,
 * `getHost`, `getHostname`, `getPort`, `getEscapedPath`, `getQuery`) are implemented here, on
 * Go's url.ParseRequestURI rules (an absolute URL, or an absolute path). Transition rules
 * (those reading `oldSelf`) only run on updates and are not evaluated for a create.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { celEnv, celFunc, celMethod, CelScalar, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string; messageExpression?: string }>;
};

export interface Crd {
  group: string;
  kind: string;
  versions: Map<string, Schema>;
}

// ---------------------------------------------------------------- the Kubernetes URL library

function parseRequestUri(s: string): URL | undefined {
  if (s.startsWith('/')) {
    try {
      return new URL(s, 'relative:///');
    } catch {
      return undefined;
    }
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return undefined;
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function urlOrThrow(s: string): URL {
  const u = parseRequestUri(s);
  if (!u) throw new Error(`URL parse error: ${s}`);
  return u;
}

const STRING = CelScalar.STRING;
/** The URL is carried as its string; the accessors parse it again. */
const URL_FUNCS = [
  celFunc('url', [STRING], STRING, (s) => (urlOrThrow(s), s)),
  celFunc('isURL', [STRING], CelScalar.BOOL, (s) => parseRequestUri(s) !== undefined),
  celMethod('getScheme', STRING, [], STRING, function () {
    return this.startsWith('/') ? '' : urlOrThrow(this).protocol.replace(/:$/, '');
  }),
  celMethod('getHost', STRING, [], STRING, function () {
    return this.startsWith('/') ? '' : urlOrThrow(this).host;
  }),
  celMethod('getHostname', STRING, [], STRING, function () {
    return this.startsWith('/') ? '' : urlOrThrow(this).hostname.replace(/^\[|\]$/g, '');
  }),
  celMethod('getPort', STRING, [], STRING, function () {
    return this.startsWith('/') ? '' : urlOrThrow(this).port;
  }),
  celMethod('getEscapedPath', STRING, [], STRING, function () {
    return urlOrThrow(this).pathname;
  }),
];

const env = celEnv({ funcs: [...strings, ...URL_FUNCS] });
/** How much was checked (objects validated, CEL rules evaluated), for reports. */
export const validationCounts = { objects: 0, celRules: 0 };
const compiled = new Map<string, ReturnType<typeof plan>>();

/** Parses and plans a CEL rule once (throws on a rule the evaluator cannot parse). */
export function compile(rule: string): ReturnType<typeof plan> {
  let p = compiled.get(rule);
  if (!p) compiled.set(rule, (p = plan(env, parse(rule))));
  return p;
}

/** Converts a JSON value to CEL input, guided by the schema (integers become CEL ints). */
function toCel(value: unknown, schema: Schema | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (typeof value === 'object') {
    const m = new Map<string, CelInput>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = schema?.properties?.[k] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      m.set(k, toCel(v, child));
    }
    return m as unknown as CelInput;
  }
  if (typeof value === 'number') {
    const integer = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true || (schema?.type === undefined && Number.isInteger(value));
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  return value as CelInput;
}

// ---------------------------------------------------------------- loading

function schemaOfVersion(v: Record<string, unknown>): Schema {
  return ((v['schema'] as Record<string, unknown>)['openAPIV3Schema'] ?? {}) as Schema;
}

/** Loads every CRD in a directory. */
export function loadCrds(dir: string): Map<string, Crd> {
  const out = new Map<string, Crd>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    for (const d of loadAll(readFileSync(join(dir, f), 'utf8')) as Array<Record<string, any> | null>) {
      if (!d || d['kind'] !== 'CustomResourceDefinition') continue;
      const spec = d['spec'];
      const crd: Crd = { group: spec.group, kind: spec.names.kind, versions: new Map() };
      for (const v of spec.versions) if (v.served !== false) crd.versions.set(v.name, schemaOfVersion(v));
      out.set(`${spec.group}/${spec.names.kind}`, crd);
    }
  }
  return out;
}

// ---------------------------------------------------------------- validation

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Applies schema defaults to absent properties, recursively (the API server defaults before validating). */
function applyDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => applyDefaults(v, schema.items));
  const obj = value as Record<string, unknown>;
  for (const [k, child] of Object.entries(schema.properties ?? {})) {
    if (obj[k] === undefined && child['default'] !== undefined) obj[k] = clone(child['default']);
    if (obj[k] !== undefined) obj[k] = applyDefaults(obj[k], child);
  }
  if (typeof schema.additionalProperties === 'object') for (const k of Object.keys(obj)) if (!(k in (schema.properties ?? {}))) obj[k] = applyDefaults(obj[k], schema.additionalProperties);
  return obj;
}

function typeOk(value: unknown, schema: Schema): boolean {
  if (schema['x-kubernetes-int-or-string'] === true) return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  if (value === null) return schema['nullable'] === true;
  switch (schema.type) {
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/** Value validations only (for oneOf/anyOf/allOf/not branches): problems, without CEL. */
function validateNode(value: unknown, schema: Schema, path: string, problems: string[], opts: { cel: boolean; strict: boolean }): void {
  if (!typeOk(value, schema)) {
    problems.push(`${path}: expected ${schema['x-kubernetes-int-or-string'] ? 'integer or string' : schema.type}, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`);
    return;
  }
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
  if (typeof value === 'string') {
    if (typeof schema['maxLength'] === 'number' && [...value].length > schema['maxLength']) problems.push(`${path}: longer than ${schema['maxLength']}`);
    if (typeof schema['minLength'] === 'number' && [...value].length < schema['minLength']) problems.push(`${path}: shorter than ${schema['minLength']}`);
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema['pattern']}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['maximum'] === 'number' && (schema['exclusiveMaximum'] === true ? value >= schema['maximum'] : value > schema['maximum'])) problems.push(`${path}: above ${schema['maximum']}`);
    if (typeof schema['minimum'] === 'number' && (schema['exclusiveMinimum'] === true ? value <= schema['minimum'] : value < schema['minimum'])) problems.push(`${path}: below ${schema['minimum']}`);
    if (schema['format'] === 'int32' && (value > 2147483647 || value < -2147483648)) problems.push(`${path}: not an int32`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) problems.push(`${path}: more than ${schema['maxItems']} items`);
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) problems.push(`${path}: fewer than ${schema['minItems']} items`);
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set' && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) problems.push(`${path}: duplicate entries in a set`);
    if (listType === 'map') {
      const keys = (schema['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
      const seen = new Set<string>();
      for (const item of value) {
        const k = JSON.stringify(keys.map((key) => (item as Record<string, unknown>)?.[key] ?? (schema.items?.properties?.[key]?.['default'] ?? null)));
        if (seen.has(k)) problems.push(`${path}: duplicate entry for map keys ${keys.join(',')}=${k}`);
        seen.add(k);
      }
    }
    if (schema.items) value.forEach((v, i) => validateNode(v, schema.items!, `${path}[${i}]`, problems, opts));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (obj[r] === undefined) problems.push(`${path}: missing required field "${r}"`);
    if (typeof schema['maxProperties'] === 'number' && Object.keys(obj).length > schema['maxProperties']) problems.push(`${path}: more than ${schema['maxProperties']} properties`);
    if (typeof schema['minProperties'] === 'number' && Object.keys(obj).length < schema['minProperties']) problems.push(`${path}: fewer than ${schema['minProperties']} properties`);
    for (const [k, v] of Object.entries(obj)) {
      const child = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (child) validateNode(v, child, `${path}.${k}`, problems, opts);
      else if (opts.strict && schema['x-kubernetes-preserve-unknown-fields'] !== true && schema.additionalProperties !== true && (schema.properties !== undefined || schema.type === 'object')) {
        problems.push(`${path}: unknown field "${k}"`);
      }
    }
  }
  // Value validations: branches see the same value, without types of their own.
  const branch = (s: Schema): boolean => {
    const p: string[] = [];
    validateNode(value, { ...s, type: s.type ?? undefined }, path, p, { cel: false, strict: false });
    return p.length === 0;
  };
  if (Array.isArray(schema['oneOf'])) {
    const n = (schema['oneOf'] as Schema[]).filter(branch).length;
    if (n !== 1) problems.push(`${path}: must match exactly one of ${(schema['oneOf'] as Schema[]).length} alternatives (oneOf), matches ${n}`);
  }
  if (Array.isArray(schema['anyOf']) && !(schema['anyOf'] as Schema[]).some(branch)) problems.push(`${path}: matches none of the anyOf alternatives`);
  if (Array.isArray(schema['allOf'])) for (const s of schema['allOf'] as Schema[]) if (!branch(s)) problems.push(`${path}: fails an allOf branch`);
  if (schema['not'] && branch(schema['not'] as Schema)) problems.push(`${path}: matches a "not" schema`);
  if (opts.cel) {
    for (const v of schema['x-kubernetes-validations'] ?? []) {
      if (/\boldSelf\b/.test(v.rule)) continue;
      let result: unknown;
      validationCounts.celRules++;
      try {
        result = compile(v.rule)({ self: toCel(value, schema) } as never);
      } catch (err) {
        problems.push(`${path}: CEL rule could not be evaluated (${(err as Error).message}): ${v.rule}`);
        continue;
      }
      if (isCelError(result)) problems.push(`${path}: CEL rule errs (${result.message}): ${v.rule}`);
      else if (result !== true) problems.push(`${path}: ${v.message ?? 'CEL rule failed'} (${v.rule})`);
    }
  }
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates one object; returns its problems (empty = the API server would accept it). */
export function validateAgainstCrds(crds: Map<string, Crd>, object: Record<string, unknown>): string[] {
  const apiVersion = String(object['apiVersion'] ?? '');
  const slash = apiVersion.indexOf('/');
  const group = apiVersion.slice(0, Math.max(0, slash));
  const version = apiVersion.slice(slash + 1);
  const kind = String(object['kind'] ?? '');
  const meta = (object['metadata'] ?? {}) as Record<string, unknown>;
  const where = `${kind} ${String(meta['namespace'] ?? '')}/${String(meta['name'] ?? '')}`;
  const crd = crds.get(`${group}/${kind}`);
  if (!crd) return [`${where}: no CRD for ${group}/${kind}`];
  const schema = crd.versions.get(version);
  if (!schema) return [`${where}: ${apiVersion} is not a served version of ${kind} (${[...crd.versions.keys()].join(', ')})`];
  const problems: string[] = [];
  validationCounts.objects++;
  const name = String(meta['name'] ?? '');
  if (!(name.length <= 253 && SUBDOMAIN.test(name))) problems.push(`${where}: metadata.name is not a DNS-1123 subdomain`);
  const body = applyDefaults(clone(object), schema) as Record<string, unknown>;
  // metadata is the API server's own ObjectMeta (checked above), not the CRD's schema.
  const topSchema: Schema = {
    ...schema,
    properties: { ...(schema.properties ?? {}), metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, apiVersion: { type: 'string' }, kind: { type: 'string' } },
  };
  validateNode(body, topSchema, where, problems, { cel: true, strict: true });
  return problems;
}

/** Every x-kubernetes-validations rule of a schema, with the path of its node. */
export function rulesOf(schema: Schema, path = ''): Array<{ path: string; rule: string }> {
  const out: Array<{ path: string; rule: string }> = [];
  for (const v of schema['x-kubernetes-validations'] ?? []) out.push({ path, rule: v.rule });
  for (const [k, c] of Object.entries(schema.properties ?? {})) out.push(...rulesOf(c, `${path}.${k}`));
  if (typeof schema.additionalProperties === 'object') out.push(...rulesOf(schema.additionalProperties, `${path}.*`));
  if (schema.items) out.push(...rulesOf(schema.items, `${path}[]`));
  for (const key of ['oneOf', 'anyOf', 'allOf']) for (const b of (schema[key] as Schema[] | undefined) ?? []) out.push(...rulesOf(b, path));
  return out;
}

/**
 * Maps ajv errors onto YAML positions and into one-line, fixable messages.
 */
import type { ErrorObject } from 'ajv';
import type { UserErrorDetail } from '../errors.js';
import type { YamlDocument } from '../yaml/parse.js';
import { childPointer } from '../yaml/parse.js';

function fieldName(pointer: string): string {
  if (pointer === '') return 'the document';
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/**
 * Turns ajv errors into details with file:line:col. Errors that only restate a more precise
 * one (ajv reports anyOf/oneOf parents too) are dropped; duplicates are merged.
 */
export function schemaErrorsToDetails(errors: ErrorObject[], doc: YamlDocument, pointerPrefix = ''): UserErrorDetail[] {
  const out: UserErrorDetail[] = [];
  const seen = new Set<string>();
  const precise = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  for (const e of precise.length > 0 ? precise : errors) {
    const at = pointerPrefix + e.instancePath;
    let loc = doc.locate(at);
    let message: string;
    const field = fieldName(e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        loc = doc.locateKey(childPointer(at, key));
        const allowed = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
        message = `unknown field "${key}"${e.instancePath ? ` in ${field}` : ''}` +
          (allowed ? `; allowed fields: ${Object.keys(allowed).join(', ')}` : '');
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        message = `missing required field "${missing}"${e.instancePath ? ` in ${field}` : ''}`;
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
        message = `${field}: ${show(e.data)} is not allowed; allowed values: ${allowed.map((a) => String(a)).join(', ')}`;
        break;
      }
      case 'const':
        message = `${field}: ${show(e.data)} is not allowed; expected ${show((e.params as { allowedValue: unknown }).allowedValue)}`;
        break;
      case 'type':
        message = `${field}: expected ${(e.params as { type: string }).type}, got ${Array.isArray(e.data) ? 'array' : e.data === null ? 'null' : typeof e.data} ${show(e.data)}`;
        break;
      case 'uniqueItems':
        message = `${field}: lists the same value twice`;
        break;
      default:
        message = `${field}: ${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${show(e.data)})` : ''}`;
    }
    const key = `${loc.line}:${loc.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ loc, message });
  }
  return out;
}

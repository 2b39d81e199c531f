/**
 * Message templates: `{{name}}` placeholders filled from a check's hit data.
 */
import type { Loc } from '../types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Names of the placeholders a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names];
}

/** Fills `{{name}}` from data; a name without data renders as "?" (load-time validation prevents it). */
export function renderTemplate(template: string, data: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const v = data[name];
    return v === undefined ? '?' : String(v);
  });
}

/** "file:line:col" for messages that point at a second place. */
export function formatLocShort(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

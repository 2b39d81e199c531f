/**
 * docs/check-kinds.md, rendered from the check kind registry and the built-in rules: each kind's
 * purpose, its params (from its params schema), the placeholders its messages may use, and the
 * built-in rules built on it. Pure; a test keeps the committed page equal to this output.
 */
import type { RegisteredCheckKind } from '../core/lint/checks.js';
import type { LintRule } from '../core/lint/types.js';
import { CALL_TABLE, SERVICE_TABLE } from '../core/lint/predicate.js';

type Schema = Record<string, unknown>;

/** What a params schema accepts, in a few words. */
function describeSchema(s: Schema): string {
  const words = (xs: unknown[]) => xs.map((x) => `\`${String(x)}\``).join(', ');
  if (Array.isArray(s['enum'])) return `one of ${words(s['enum'])}`;
  const type = s['type'];
  if (type === 'array') {
    const items = (s['items'] ?? {}) as Schema;
    return `list${s['uniqueItems'] ? ' (no repeats)' : ''} of ${Array.isArray(items['enum']) ? words(items['enum']) : `${String(items['type'] ?? 'values')}s`}`;
  }
  if (type === 'object') {
    const props = Object.keys((s['properties'] ?? {}) as Schema);
    return props.length > 0 ? `mapping of ${words(props)}` : 'conditions on facts (see [Conditions](#conditions))';
  }
  const bounds = [s['minimum'] !== undefined ? `>= ${String(s['minimum'])}` : '', s['minLength'] !== undefined ? 'not empty' : ''].filter(Boolean).join(', ');
  return `${String(type)}${bounds ? ` (${bounds})` : ''}`;
}

/** "one of: `a` or `b`" for a schema's anyOf of required fields. */
function alternatives(s: Schema): string | undefined {
  const anyOf = s['anyOf'];
  if (!Array.isArray(anyOf)) return undefined;
  const sets = anyOf.map((a) => ((a as Schema)['required'] as string[] | undefined) ?? []).filter((r) => r.length > 0);
  return sets.length > 0 ? `At least one of ${sets.map((r) => r.map((n) => `\`${n}\``).join(' + ')).join(' or ')} must be given.` : undefined;
}

function kindSection(kind: RegisteredCheckKind, rules: readonly LintRule[]): string {
  const schema = kind.paramsSchema;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  const props = Object.entries((schema['properties'] ?? {}) as Record<string, Schema>);
  const lines = [`## ${kind.name}`, '', `${kind.description.replace(/^./, (c) => c.toUpperCase())}.`, ''];
  if (props.length === 0) {
    lines.push('Params: none.', '');
  } else {
    lines.push('| param | required | accepts |', '| --- | --- | --- |');
    for (const [name, s] of props) lines.push(`| \`${name}\` | ${required.has(name) ? 'yes' : 'no'} | ${describeSchema(s)} |`);
    lines.push('');
    const alt = alternatives(schema);
    if (alt) lines.push(alt, '');
  }
  lines.push(`Message placeholders: ${kind.placeholders.map((p) => `\`{{${p}}}\``).join(', ')}.`, '');
  const users = rules.filter((r) => r.check.kind === kind.name).map((r) => r.id).sort();
  lines.push(`Built-in rules of this kind: ${users.length > 0 ? users.map((id) => `\`${id}\``).join(', ') : 'none'}.`, '');
  return lines.join('\n');
}

function factTable(title: string, fields: Readonly<Record<string, { description: string }>>): string[] {
  return [`${title}:`, '', '| fact | what it is |', '| --- | --- |', ...Object.entries(fields).map(([name, f]) => `| \`${name}\` | ${f.description.replace(/\|/g, '\\|')} |`), ''];
}

/** The whole page. */
export function renderCheckKindsDoc(kinds: readonly RegisteredCheckKind[], builtinRules: readonly LintRule[]): string {
  return [
    '<!-- Generated from the check kind registry (src/core/lint/checks.ts); do not edit. A test fails when it is out of date. -->',
    '# Check kinds',
    '',
    'Every lint rule (`rules/lint/<id>.yaml`, or your own in `meshgate lint --rules DIR`) names one check kind under',
    '`check.kind` and gives its parameters under `check.params`. The kinds are the few parameterised checks written in',
    'code; rules are data built from them. `meshgate lint` validates each rule file against the published schema',
    '`schemas/lint-rule.schema.json`, which holds every kind\'s params schema, so an editor with the YAML language',
    'server completes and checks them as you type, and meshgate reports every problem of a rule file at once, with',
    'file:line:col.',
    '',
    '## Conditions',
    '',
    'The `where` of `service-predicate` and `call-predicate` is a mapping of fact names to conditions, in the one',
    'condition language meshgate uses for scoring rules too (src/core/conditions.ts); `meshgate rules show <id>`',
    'prints the conditions of a built-in rule as an example. A fact or value that does not exist is reported at load.',
    '',
    ...factTable('Facts of a service (`service-predicate`; `from.<fact>` and `to.<fact>` in `call-predicate`)', SERVICE_TABLE.fields),
    ...factTable('Facts of a call (`call-predicate`)', CALL_TABLE.fields),
    ...kinds.map((k) => kindSection(k, builtinRules)),
  ].join('\n');
}

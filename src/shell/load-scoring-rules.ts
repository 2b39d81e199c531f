/**
 * Loads rules/scoring/*.yaml and rules/products.yaml, validates them against their JSON Schemas
 * and against the Answers schema (field names and allowed values), and reports every problem at
 * once with file:line:col.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchema } from './ajv.js';
import scoringRuleSchema from '../schema/scoring-rule.schema.json' with { type: 'json' };
import productsSchema from '../schema/products.schema.json' with { type: 'json' };
import answersSchema from '../schema/answers.schema.json' with { type: 'json' };
import { UserError, type UserErrorDetail } from '../errors.js';
import { parseYamlDocument, type YamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import type { ScoringRule, ScoringRuleSet } from '../core/engine.js';
import type { ProductCatalogue } from '../core/products.js';
import { FIELD_OPERATORS, OPERATORS_BY_KIND, type Condition, type FieldOperator } from '../core/conditions.js';

/** The rules/ folder shipped with meshgate (dist/shell/ -> ../../rules/). */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

let cached: ScoringRuleSet | undefined;

/** The bundled scoring rules and product catalogue, validated once per process. */
export function loadScoringRules(): ScoringRuleSet {
  cached ??= loadScoringRulesFrom(BUNDLED_RULES_DIR);
  return cached;
}

type Validator = ReturnType<typeof compileSchema>;
let validators: { rule: Validator; products: Validator } | undefined;
function getValidators() {
  if (!validators) {
    validators = { rule: compileSchema(scoringRuleSchema), products: compileSchema(productsSchema) };
  }
  return validators;
}

type FieldKind = 'enum' | 'list' | 'number' | 'boolean';
interface FieldSpec {
  kind: FieldKind;
  allowed?: string[];
}

/** What the Answers schema allows for each field a condition may test. */
function answerFieldSpecs(): Map<string, FieldSpec> {
  const specs = new Map<string, FieldSpec>();
  const props = answersSchema.properties as Record<string, { enum?: string[]; type?: string; items?: { enum?: string[] } }>;
  for (const [name, p] of Object.entries(props)) {
    if (name === 'apiVersion' || name === 'kind') continue;
    if (p.enum) specs.set(name, { kind: 'enum', allowed: p.enum });
    else if (p.type === 'array') specs.set(name, { kind: 'list', allowed: p.items?.enum });
    else if (p.type === 'integer' || p.type === 'number') specs.set(name, { kind: 'number' });
    else if (p.type === 'boolean') specs.set(name, { kind: 'boolean' });
  }
  return specs;
}

const COMBINATORS = ['all', 'any', 'not', 'always', 'field', 'fn'] as const;

/** Checks what the schema cannot: one kind per condition, real fields, allowed values. */
function checkCondition(cond: Condition, pointer: string, doc: YamlDocument, specs: Map<string, FieldSpec>, out: UserErrorDetail[]): void {
  const c = cond as Record<string, unknown>;
  const kinds = COMBINATORS.filter((k) => k in c);
  if (kinds.length !== 1) {
    out.push({
      loc: doc.locate(pointer),
      message: kinds.length === 0
        ? 'condition needs one of all, any, not, always, field or fn'
        : `condition mixes ${kinds.join(' and ')}; use one per condition (wrap several in all: [...])`,
    });
    return;
  }
  const kind = kinds[0]!;
  const ops = FIELD_OPERATORS.filter((op) => op in c);
  const extra = Object.keys(c).filter((k) => k !== kind && !(kind === 'fn' && (k === 'min' || k === 'max')) && !(kind === 'field' && (FIELD_OPERATORS as readonly string[]).includes(k)));
  for (const k of extra) out.push({ loc: doc.locateKey(`${pointer}/${k}`), message: `"${k}" does not belong in a "${kind}" condition` });
  if (kind === 'all' || kind === 'any') {
    (c[kind] as Condition[]).forEach((sub, i) => checkCondition(sub, `${pointer}/${kind}/${i}`, doc, specs, out));
    return;
  }
  if (kind === 'not') {
    checkCondition(c['not'] as Condition, `${pointer}/not`, doc, specs, out);
    return;
  }
  if (kind !== 'field') return;
  const field = String(c['field']);
  const spec = specs.get(field);
  if (!spec) {
    out.push({ loc: doc.locate(`${pointer}/field`), message: `unknown answers field "${field}"; fields: ${[...specs.keys()].join(', ')}` });
    return;
  }
  if (ops.length !== 1) {
    out.push({ loc: doc.locate(pointer), message: `condition on ${field} needs exactly one operator (${OPERATORS_BY_KIND[spec.kind].join(', ')})` });
    return;
  }
  const op = ops[0] as FieldOperator;
  if (!OPERATORS_BY_KIND[spec.kind].includes(op)) {
    out.push({ loc: doc.locateKey(`${pointer}/${op}`), message: `operator "${op}" does not apply to ${field}; use ${OPERATORS_BY_KIND[spec.kind].join(', ')}` });
    return;
  }
  const raw = c[op];
  const values = Array.isArray(raw) ? raw : [raw];
  values.forEach((v, i) => {
    const at = Array.isArray(raw) ? `${pointer}/${op}/${i}` : `${pointer}/${op}`;
    if (spec.kind === 'boolean' && typeof v !== 'boolean') out.push({ loc: doc.locate(at), message: `${field} is true or false, not ${JSON.stringify(v)}` });
    if (spec.kind === 'number' && typeof v !== 'number') out.push({ loc: doc.locate(at), message: `${field} is a number, not ${JSON.stringify(v)}` });
    if (spec.allowed && op !== 'isEmpty' && !spec.allowed.includes(v as string)) {
      out.push({ loc: doc.locate(at), message: `${JSON.stringify(v)} is not a value of ${field}; allowed values: ${spec.allowed.join(', ')}` });
    }
  });
}

function readYaml(path: string, display: string, out: UserErrorDetail[]): YamlDocument | undefined {
  try {
    return parseYamlDocument(readFileSync(path, 'utf8'), display);
  } catch (err) {
    if (err instanceof UserError) {
      out.push(...(err.details.length > 0 ? err.details : [{ loc: { file: display, line: 1, column: 1 }, message: err.message }]));
      return undefined;
    }
    throw err;
  }
}

/**
 * Loads and validates a rules directory (with scoring/ and products.yaml inside). Every problem
 * in every file is collected before one UserError is thrown.
 */
export function loadScoringRulesFrom(dir: string): ScoringRuleSet {
  const problems: UserErrorDetail[] = [];
  const specs = answerFieldSpecs();
  const { rule: validateRule, products: validateProducts } = getValidators();
  const scoringDir = join(dir, 'scoring');
  let files: string[] = [];
  try {
    files = readdirSync(scoringDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new UserError(`cannot read scoring rules from ${scoringDir}`, { hint: 'reinstall meshgate: its rules/ folder is missing' });
  }
  const rules: ScoringRule[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const display = join(scoringDir, f);
    const doc = readYaml(display, display, problems);
    if (!doc) continue;
    if (!validateRule(doc.value)) {
      problems.push(...schemaErrorsToDetails(validateRule.errors ?? [], doc));
      continue;
    }
    const rule = doc.value as ScoringRule;
    const stem = f.replace(/\.ya?ml$/, '');
    if (rule.id !== stem) problems.push({ loc: doc.locate('/id'), message: `rule id "${rule.id}" differs from its file name "${stem}"; rename one so they match` });
    const first = seen.get(rule.id);
    if (first) problems.push({ loc: doc.locate('/id'), message: `duplicate rule id "${rule.id}" (also in ${first})` });
    seen.set(rule.id, display);
    const before = problems.length;
    checkCondition(rule.when, '/when', doc, specs, problems);
    if (problems.length === before) rules.push(rule);
  }

  const productsFile = join(dir, 'products.yaml');
  const pdoc = readYaml(productsFile, productsFile, problems);
  let products: ProductCatalogue | undefined;
  if (pdoc) {
    if (!validateProducts(pdoc.value)) {
      problems.push(...schemaErrorsToDetails(validateProducts.errors ?? [], pdoc));
    } else {
      products = pdoc.value as ProductCatalogue;
      checkCatalogue(products, pdoc, specs, new Set(seen.keys()), problems);
    }
  }
  if (problems.length > 0 || !products) {
    throw new UserError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the scoring rules (${dir})`, {
      details: problems,
      hint: 'fix the rule files named above; README "Scoring rule files" describes the format',
    });
  }
  return { rules, products };
}

function checkCatalogue(cat: ProductCatalogue, doc: YamlDocument, specs: Map<string, FieldSpec>, ruleIds: Set<string>, out: UserErrorDetail[]): void {
  const ids = new Map<string, string>();
  cat.products.forEach((p, i) => {
    if (ids.has(p.id)) out.push({ loc: doc.locate(`/products/${i}/id`), message: `duplicate product id "${p.id}"` });
    ids.set(p.id, p.category);
  });
  const retired = new Set(cat.retired.map((r) => r.id));
  cat.retired.forEach((r, i) => {
    if (ids.has(r.id)) out.push({ loc: doc.locate(`/retired/${i}/id`), message: `"${r.id}" is both a product and retired; remove it from products` });
  });
  const slotCategory = { gateway: 'gateway', mesh: 'mesh', edge: 'gateway' } as const;
  for (const slot of ['gateway', 'mesh', 'edge'] as const) {
    cat.picks[slot].forEach((pick, i) => {
      const at = `/picks/${slot}/${i}`;
      if (retired.has(pick.product)) out.push({ loc: doc.locate(`${at}/product`), message: `"${pick.product}" is retired and must never be recommended` });
      else if (!ids.has(pick.product)) out.push({ loc: doc.locate(`${at}/product`), message: `unknown product "${pick.product}"; products: ${[...ids.keys()].join(', ')}` });
      else if (ids.get(pick.product) !== slotCategory[slot]) out.push({ loc: doc.locate(`${at}/product`), message: `"${pick.product}" is a ${ids.get(pick.product)}, not a ${slotCategory[slot]}; it cannot fill the ${slot} role` });
      if (pick.when) checkCondition(pick.when, `${at}/when`, doc, specs, out);
    });
    const last = cat.picks[slot][cat.picks[slot].length - 1];
    if (last?.when) out.push({ loc: doc.locate(`/picks/${slot}/${cat.picks[slot].length - 1}`), message: `the last ${slot} pick must have no "when" so every answer gets a product` });
  }
  const noteIds = new Set<string>();
  cat.notes.forEach((n, i) => {
    const at = `/notes/${i}`;
    if (noteIds.has(n.id)) out.push({ loc: doc.locate(`${at}/id`), message: `duplicate note id "${n.id}"` });
    noteIds.add(n.id);
    n.products?.forEach((p, j) => {
      if (!ids.has(p)) out.push({ loc: doc.locate(`${at}/products/${j}`), message: `unknown product "${p}"` });
    });
    n.rules?.forEach((r, j) => {
      if (!ruleIds.has(r)) out.push({ loc: doc.locate(`${at}/rules/${j}`), message: `unknown scoring rule "${r}"` });
    });
    if (n.when) checkCondition(n.when, `${at}/when`, doc, specs, out);
  });
}

/**
 * Loads the decision rules: rules/scoring/*.yaml, rules/constraints/*.yaml, rules/products.yaml,
 * the what-if wording from rules/questions.yaml and the data-plane figures. Each file is validated
 * against its JSON Schema, every condition by the one condition validator (field names, operators
 * and values against the Answers format), and cross references (products, rule ids) are checked.
 * Every problem in every file is reported at once with file:line:col.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchema } from './ajv.js';
import scoringRuleSchema from '../schema/scoring-rule.schema.json' with { type: 'json' };
import constraintSchema from '../schema/constraint.schema.json' with { type: 'json' };
import productsSchema from '../schema/products.schema.json' with { type: 'json' };
import figuresSchema from '../schema/data-plane-costs.schema.json' with { type: 'json' };
import { UserError, type UserErrorDetail } from '../errors.js';
import { parseYamlDocument, type YamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import type { Constraint, ScoringRule, ScoringRuleSet } from '../core/engine.js';
import type { ProductCatalogue, Slot } from '../core/products.js';
import { SLOTS, fitsSlot } from '../core/products.js';
import { checkCondition } from '../core/conditions.js';
import { ANSWERS_TABLE } from '../core/answers.js';
import type { WhatIfWording } from '../core/what-if.js';
import type { DataPlaneFigures } from '../core/data-plane-cost.js';

/** The rules/ folder shipped with meshgate (dist/shell/ -> ../../rules/). */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** The decision rules plus the data-plane figures (used only when an architecture is known). */
export type LoadedRuleSet = ScoringRuleSet & { figures?: DataPlaneFigures };

let cached: LoadedRuleSet | undefined;

/** The bundled rules, validated once per process. */
export function loadScoringRules(): LoadedRuleSet {
  cached ??= loadScoringRulesFrom(BUNDLED_RULES_DIR);
  return cached;
}

type Validator = ReturnType<typeof compileSchema>;
let validators: { rule: Validator; constraint: Validator; products: Validator; figures: Validator } | undefined;
function getValidators() {
  validators ??= {
    rule: compileSchema(scoringRuleSchema),
    constraint: compileSchema(constraintSchema),
    products: compileSchema(productsSchema),
    figures: compileSchema(figuresSchema),
  };
  return validators;
}

/** Checks a condition with the one validator and turns its problems into positioned details. */
function checkWhen(cond: unknown, pointer: string, doc: YamlDocument, out: UserErrorDetail[]): boolean {
  const problems = checkCondition(cond, pointer, ANSWERS_TABLE);
  for (const p of problems) out.push({ loc: p.atKey ? doc.locateKey(p.pointer) : doc.locate(p.pointer), message: p.message });
  return problems.length === 0;
}

function readYaml(path: string, out: UserErrorDetail[]): YamlDocument | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    out.push({ loc: { file: path, line: 1, column: 1 }, message: 'cannot read this file' });
    return undefined;
  }
  try {
    return parseYamlDocument(text, path);
  } catch (err) {
    if (err instanceof UserError) {
      out.push(...(err.details.length > 0 ? err.details : [{ loc: { file: path, line: 1, column: 1 }, message: err.message }]));
      return undefined;
    }
    throw err;
  }
}

/** Reads every <id>.yaml of a folder, validated by the schema, id equal to the file name, ids unique. */
function loadFolder<T extends { id: string; when: unknown }>(dir: string, validate: Validator, out: UserErrorDetail[], required: boolean): T[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    if (!required) return [];
    throw new UserError(`cannot read rules from ${dir}`, { hint: 'reinstall meshgate: its rules/ folder is missing' });
  }
  const items: T[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    const doc = readYaml(path, out);
    if (!doc) continue;
    const raw = doc.value as Record<string, unknown> | null;
    if (!validate(doc.value)) {
      out.push(...schemaErrorsToDetails(validate.errors ?? [], doc));
      // The condition is checked too, so one run reports every problem in the file.
      if (raw && typeof raw === 'object' && raw['when'] !== undefined) checkWhen(raw['when'], '/when', doc, out);
      continue;
    }
    const item = doc.value as T;
    const stem = f.replace(/\.ya?ml$/, '');
    if (item.id !== stem) out.push({ loc: doc.locate('/id'), message: `id "${item.id}" differs from its file name "${stem}"; rename one so they match` });
    const first = seen.get(item.id);
    if (first) out.push({ loc: doc.locate('/id'), message: `duplicate id "${item.id}" (also in ${first})` });
    seen.set(item.id, path);
    if (checkWhen(item.when, '/when', doc, out)) items.push(item);
  }
  return items;
}

/** The what-if wording from the questions file (titles, efforts, templates, choice names). */
function loadWording(dir: string, out: UserErrorDetail[]): WhatIfWording | undefined {
  const path = join(dir, 'questions.yaml');
  const doc = readYaml(path, out);
  if (!doc) return undefined;
  const set = doc.value as { questions?: Array<{ field: string; title: string; effort?: number; whatIf?: Record<string, string>; choices?: Array<{ value: string; name: string }> }> };
  const wording: WhatIfWording = {};
  for (const q of set.questions ?? []) {
    (wording as Record<string, unknown>)[q.field] = {
      title: q.title,
      effort: q.effort ?? 3,
      ...(q.whatIf ?? {}),
      choices: Object.fromEntries((q.choices ?? []).map((c) => [c.value, c.name])),
    };
  }
  return wording;
}

/**
 * Loads and validates a rules directory (scoring/, constraints/, products.yaml, and optionally
 * questions.yaml and data-plane-costs.yaml). Every problem in every file is collected before one
 * UserError is thrown.
 */
export function loadScoringRulesFrom(dir: string): LoadedRuleSet {
  const problems: UserErrorDetail[] = [];
  const v = getValidators();
  const rules = loadFolder<ScoringRule>(join(dir, 'scoring'), v.rule, problems, true);
  const constraints = loadFolder<Constraint>(join(dir, 'constraints'), v.constraint, problems, false);

  const productsFile = join(dir, 'products.yaml');
  const pdoc = readYaml(productsFile, problems);
  let products: ProductCatalogue | undefined;
  if (pdoc) {
    const valid = v.products(pdoc.value);
    if (!valid) problems.push(...schemaErrorsToDetails(v.products.errors ?? [], pdoc));
    // Cross references are checked even when the schema finds problems, so every one is reported at once.
    checkCatalogue(pdoc.value, pdoc, new Set(rules.map((r) => r.id)), problems);
    if (valid) products = pdoc.value as ProductCatalogue;
  }
  // Optional: without them the engine words what-ifs with field names and skips cost figures.
  const present = new Set(readdirSync(dir));
  const wording = present.has('questions.yaml') ? loadWording(dir, problems) : undefined;
  let figures: DataPlaneFigures | undefined;
  if (present.has('data-plane-costs.yaml')) {
    const fdoc = readYaml(join(dir, 'data-plane-costs.yaml'), problems);
    if (fdoc && !v.figures(fdoc.value)) problems.push(...schemaErrorsToDetails(v.figures.errors ?? [], fdoc));
    else if (fdoc) figures = fdoc.value as DataPlaneFigures;
  }
  if (problems.length > 0 || !products) {
    throw new UserError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the decision rules (${dir})`, {
      details: problems,
      hint: 'fix the rule files named above; docs/formats/scoring-rules.md describes the formats',
    });
  }
  return { rules, constraints, products, ...(wording ? { wording } : {}), ...(figures ? { figures } : {}) };
}

/** A list from a document that may not match the schema: only its mapping items, with their index. */
function items<T>(list: unknown): Array<[T, number]> {
  return Array.isArray(list) ? list.map((x, i) => [x as T, i] as [T, number]).filter(([x]) => x !== null && typeof x === 'object' && !Array.isArray(x)) : [];
}

function checkCatalogue(value: unknown, doc: YamlDocument, ruleIds: Set<string>, out: UserErrorDetail[]): void {
  if (value === null || typeof value !== 'object') return;
  const cat = value as Partial<ProductCatalogue>;
  const byId = new Map<string, ProductCatalogue['products'][number]>();
  for (const [p, i] of items<ProductCatalogue['products'][number]>(cat.products)) {
    if (typeof p.id !== 'string') continue;
    if (byId.has(p.id)) out.push({ loc: doc.locate(`/products/${i}/id`), message: `duplicate product id "${p.id}"` });
    byId.set(p.id, p);
    if (p.category !== 'gateway' && !p.kind) out.push({ loc: doc.locate(`/products/${i}`), message: `${p.id}: a ${p.category} product needs a kind` });
    if (p.category === 'mesh' && p.kind && !['sidecar', 'ambient', 'ebpf', 'managed'].includes(p.kind)) out.push({ loc: doc.locate(`/products/${i}/kind`), message: `a mesh's kind is sidecar, ambient, ebpf or managed` });
    if (p.category === 'companion' && p.kind && !['waf', 'aggregator', 'encryption', 'built-in'].includes(p.kind)) out.push({ loc: doc.locate(`/products/${i}/kind`), message: `a companion's kind is waf, aggregator, encryption or built-in` });
    (Array.isArray(p.enterprise) ? p.enterprise : []).forEach((c, j) => {
      if (!(Array.isArray(p.provides) ? p.provides : []).includes(c)) out.push({ loc: doc.locate(`/products/${i}/enterprise/${j}`), message: `"${c}" is not in ${p.id}'s provides` });
    });
  }
  const retired = new Set(items<{ id: string }>(cat.retired).map(([r]) => r.id));
  for (const [r, i] of items<{ id: string }>(cat.retired)) {
    if (byId.has(r.id)) out.push({ loc: doc.locate(`/retired/${i}/id`), message: `"${r.id}" is both a product and retired; remove it from products` });
  }
  for (const slot of SLOTS as readonly Slot[]) {
    const list = items<ProductCatalogue['picks'][Slot][number]>((cat.picks as Record<string, unknown> | undefined)?.[slot]).map(([x]) => x);
    list.forEach((pick, i) => {
      const at = `/picks/${slot}/${i}`;
      const p = byId.get(pick.product);
      if (retired.has(pick.product)) out.push({ loc: doc.locate(`${at}/product`), message: `"${pick.product}" is retired and must never be recommended` });
      else if (!p) out.push({ loc: doc.locate(`${at}/product`), message: `unknown product "${pick.product}"; products: ${[...byId.keys()].join(', ')}` });
      else if (!fitsSlot(p, slot)) {
        out.push({ loc: doc.locate(`${at}/product`), message: `"${pick.product}" is a ${p.kind ?? p.category}, so it cannot fill the ${slot} slot` });
      }
      if (pick.when) checkWhen(pick.when, `${at}/when`, doc, out);
    });
    const last = list[list.length - 1];
    if (last?.when) out.push({ loc: doc.locate(`/picks/${slot}/${list.length - 1}`), message: `the last ${slot} pick must have no "when" so every answer gets a product` });
  }
  const noteIds = new Set<string>();
  for (const [n, i] of items<ProductCatalogue['notes'][number]>(cat.notes)) {
    const at = `/notes/${i}`;
    if (noteIds.has(n.id)) out.push({ loc: doc.locate(`${at}/id`), message: `duplicate note id "${n.id}"` });
    noteIds.add(n.id);
    (Array.isArray(n.products) ? n.products : []).forEach((p, j) => {
      if (!byId.has(p)) out.push({ loc: doc.locate(`${at}/products/${j}`), message: `unknown product "${p}"` });
    });
    (Array.isArray(n.rules) ? n.rules : []).forEach((r, j) => {
      if (!ruleIds.has(r)) out.push({ loc: doc.locate(`${at}/rules/${j}`), message: `unknown scoring rule "${r}"` });
    });
    if (n.when) checkWhen(n.when, `${at}/when`, doc, out);
  }
}

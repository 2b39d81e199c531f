/**
 * The one condition language of meshgate. Scoring rules, constraints, product picks and notes,
 * the questionnaire's skip logic and the lint rules' `where` all say "when" in it: one set of
 * operators, one validator, one evaluator, and one field table per subject (the Answers, a
 * service, a call between services).
 *
 * Two spellings, one meaning:
 * - the full form, `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }`, `{ always: true }`,
 *   a field test `{ field, <operator>: value }` or a named function `{ fn, min, max }`;
 * - the `where` shorthand of lint rules, `{ <field>: <matcher>, ... }`: every entry must hold; a
 *   matcher is a scalar (equals; null means "unset") or an object of operators, all of which must
 *   hold. A `where` may also be written in the full form.
 *
 * Evaluation is three-valued: a field whose value is not known yet (a question not yet asked)
 * makes a test `undefined`, and all/any/not propagate that the way Kleene logic does. A field
 * that is known to be unset (an optional fact that is absent) is a value, not unknown.
 * Pure: nothing here does I/O.
 */

export type Scalar = string | number | boolean | null;

/** Every operator a field test may use. */
export const OPERATORS = [
  'equals', 'in', 'notIn', 'includes', 'excludes', 'includesAny', 'includesAll', 'only', 'isEmpty',
  'atLeast', 'atMost', 'above', 'below', 'absent', 'matches', 'notMatches',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Older spellings the `where` shorthand still accepts (lint rule files written before the merge). */
export const OPERATOR_ALIASES: Readonly<Record<string, Operator>> = { gte: 'atLeast', lte: 'atMost', gt: 'above', lt: 'below' };

/** A test of one field. Exactly one operator is set (the validator enforces it). */
export interface FieldTest {
  field: string;
  equals?: Scalar;
  /** The value is one of these; `null` in the list also matches an unset value. */
  in?: Scalar[];
  notIn?: Scalar[];
  /** A list contains the value. */
  includes?: string;
  /** A list does not contain the value (true for an unset list). */
  excludes?: string;
  includesAny?: string[];
  includesAll?: string[];
  /** Every element of the list is one of these (true for an empty list). */
  only?: string[];
  isEmpty?: boolean;
  /** Inclusive bounds. */
  atLeast?: number;
  atMost?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
  /** true: the value is unset; false: it is set. */
  absent?: boolean;
  /** A string matches (does not match) this regular expression; unset never matches. */
  matches?: string;
  notMatches?: string;
}

/** A call to one of the subject's named functions: holds when min <= result <= max. */
export interface FunctionTest {
  fn: string;
  min?: number;
  max?: number;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { always: true }
  | FieldTest
  | FunctionTest;

/** The lint shorthand: field → matcher. */
export type Matcher = Scalar | Partial<Record<Operator | keyof typeof OPERATOR_ALIASES, unknown>>;
export type Where = Record<string, Matcher>;

// ---------------------------------------------------------------- field tables

export type FieldType = 'enum' | 'list' | 'integer' | 'number' | 'boolean' | 'string';

/** What one field of a subject holds. */
export interface FieldSpec {
  type: FieldType;
  /** Allowed values (enum) or allowed elements (list). */
  values?: readonly string[];
  /** Smallest allowed number (integer). */
  min?: number;
  /** The field may be unset (`absent`, and null in `in`, make sense). */
  optional?: boolean;
  /** A few words shown in load errors and the docs. */
  description: string;
}

/** The fields one kind of subject has; `prefixes` maps `from.`/`to.` to another table. */
export interface FieldTable {
  subject: string;
  /** What the table calls its entries in messages: "field" (the default) or "fact". */
  term?: 'field' | 'fact';
  fields: Readonly<Record<string, FieldSpec>>;
  prefixes?: Readonly<Record<string, FieldTable>>;
  /** Named functions a condition on this subject may call, with what each counts. */
  functions?: Readonly<Record<string, string>>;
}

/** The spec of a field name in a table (following `from.`/`to.` prefixes), if it has one. */
export function fieldSpec(table: FieldTable, name: string): FieldSpec | undefined {
  if (Object.hasOwn(table.fields, name)) return table.fields[name];
  for (const [prefix, inner] of Object.entries(table.prefixes ?? {})) {
    if (name.startsWith(prefix)) return fieldSpec(inner, name.slice(prefix.length));
  }
  return undefined;
}

/** Field names of a table for an error message; prefixed tables are shown as `from.<field>`. */
export function fieldNames(table: FieldTable): string[] {
  return [...Object.keys(table.fields), ...Object.entries(table.prefixes ?? {}).map(([p, inner]) => `${p}<${inner.subject} field>`)];
}

/** Which operators make sense for which type of field. */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  enum: ['equals', 'in', 'notIn', 'absent'],
  string: ['equals', 'in', 'notIn', 'matches', 'notMatches', 'absent'],
  list: ['includes', 'excludes', 'includesAny', 'includesAll', 'only', 'isEmpty', 'absent'],
  integer: ['equals', 'in', 'notIn', 'atLeast', 'atMost', 'above', 'below', 'absent'],
  number: ['equals', 'in', 'notIn', 'atLeast', 'atMost', 'above', 'below', 'absent'],
  boolean: ['equals'],
};

// ---------------------------------------------------------------- kinds of condition

const COMBINATORS = ['all', 'any', 'not', 'always', 'field', 'fn'] as const;
type ConditionKind = (typeof COMBINATORS)[number];

function kindOf(c: Record<string, unknown>): ConditionKind[] {
  return COMBINATORS.filter((k) => k in c);
}

/** True when an object is written in the full form rather than the `where` shorthand. */
export function isFullForm(value: Record<string, unknown>): boolean {
  return kindOf(value).length > 0;
}

/** The operator a field test uses (the first, when several are wrongly set). */
export function operatorOf(test: FieldTest): Operator | undefined {
  return OPERATORS.find((op) => (test as unknown as Record<string, unknown>)[op] !== undefined);
}

/**
 * The `where` shorthand as a condition in the full form: one field test per operator, all of
 * which must hold. Aliases become their canonical operator.
 */
export function whereToCondition(where: Where): Condition {
  if (isFullForm(where as Record<string, unknown>)) return where as unknown as Condition;
  const all: Condition[] = [];
  for (const [field, m] of Object.entries(where)) {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      all.push(m === null ? { field, absent: true } : { field, equals: m as Scalar });
      continue;
    }
    for (const [op, value] of Object.entries(m)) {
      const canonical = OPERATOR_ALIASES[op] ?? (op as Operator);
      all.push({ field, [canonical]: value } as FieldTest);
    }
  }
  return all.length === 1 ? all[0]! : { all };
}

// ---------------------------------------------------------------- validation

/** A problem in a condition, at a JSON pointer into the file it was read from. */
export interface ConditionProblem {
  pointer: string;
  /** True when the pointer names a key (the position of the key, not its value, is wanted). */
  atKey?: boolean;
  message: string;
}

export interface CheckOptions {
  /**
   * Fields a condition may read here (a subset of the table), with the reason others may not
   * (e.g. the questionnaire: only answers given before this question).
   */
  available?: { fields: ReadonlySet<string>; why: (field: string) => string };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v);
}

/**
 * Checks a condition written in either form against a subject's field table. Returns every
 * problem, each at its pointer; an empty list means the condition is valid.
 */
export function checkCondition(cond: unknown, pointer: string, table: FieldTable, opts: CheckOptions = {}): ConditionProblem[] {
  const out: ConditionProblem[] = [];
  checkFull(cond, pointer, table, opts, out);
  return out;
}

/** Checks a `where` (shorthand, or the full form). */
export function checkWhere(where: unknown, pointer: string, table: FieldTable, opts: CheckOptions = {}): ConditionProblem[] {
  const out: ConditionProblem[] = [];
  if (!isObject(where) || Object.keys(where).length === 0) {
    out.push({ pointer, message: 'where needs at least one field: { <field>: <value or operators> }' });
    return out;
  }
  if (isFullForm(where)) {
    checkFull(where, pointer, table, opts, out);
    return out;
  }
  for (const [field, m] of Object.entries(where)) {
    const at = `${pointer}/${escapePointer(field)}`;
    if (!checkFieldName(field, at, table, opts, out, true)) continue;
    const spec = fieldSpec(table, field)!;
    if (!isObject(m)) {
      if (Array.isArray(m)) out.push({ pointer: at, message: `${field}: a list is not a value; use { in: [...] } or { includesAny: [...] }` });
      else if (m === null) checkOperator(field, spec, 'absent', true, at, out);
      else checkOperator(field, spec, 'equals', m, at, out);
      continue;
    }
    if (Object.keys(m).length === 0) out.push({ pointer: at, message: `${field}: no operator given` });
    for (const [op, value] of Object.entries(m)) {
      const canonical = OPERATOR_ALIASES[op] ?? op;
      if (!(OPERATORS as readonly string[]).includes(canonical)) {
        out.push({ pointer: `${at}/${escapePointer(op)}`, atKey: true, message: `unknown operator "${op}"; operators: ${OPERATORS.join(', ')}` });
        continue;
      }
      checkOperator(field, spec, canonical as Operator, value, `${at}/${escapePointer(op)}`, out);
    }
  }
  return out;
}

function checkFieldName(field: string, at: string, table: FieldTable, opts: CheckOptions, out: ConditionProblem[], atKey: boolean): boolean {
  if (!fieldSpec(table, field)) {
    const term = table.term ?? 'field';
    out.push({ pointer: at, atKey, message: `unknown ${table.subject} ${term} "${field}"; known ${term}s: ${fieldNames(table).join(', ')}` });
    return false;
  }
  if (opts.available && !opts.available.fields.has(field)) {
    out.push({ pointer: at, atKey, message: opts.available.why(field) });
    return false;
  }
  return true;
}

function checkFull(cond: unknown, pointer: string, table: FieldTable, opts: CheckOptions, out: ConditionProblem[]): void {
  if (!isObject(cond)) {
    out.push({ pointer, message: 'a condition is a mapping: all, any, not, always, a field test or fn' });
    return;
  }
  const kinds = kindOf(cond);
  if (kinds.length !== 1) {
    out.push({
      pointer,
      message: kinds.length === 0
        ? 'condition needs one of all, any, not, always, field or fn'
        : `condition mixes ${kinds.join(' and ')}; use one per condition (wrap several in all: [...])`,
    });
    return;
  }
  const kind = kinds[0]!;
  const allowedKeys = kind === 'fn' ? ['fn', 'min', 'max'] : kind === 'field' ? ['field', ...OPERATORS] : [kind];
  for (const k of Object.keys(cond)) {
    if (!allowedKeys.includes(k)) {
      const alias = kind === 'field' ? OPERATOR_ALIASES[k] : undefined;
      out.push({ pointer: `${pointer}/${escapePointer(k)}`, atKey: true, message: alias ? `"${k}" is written "${alias}" here` : `"${k}" does not belong in a "${kind}" condition` });
    }
  }
  switch (kind) {
    case 'all':
    case 'any': {
      const list = cond[kind];
      if (!Array.isArray(list)) out.push({ pointer: `${pointer}/${kind}`, message: `${kind} takes a list of conditions` });
      else {
        if (kind === 'any' && list.length === 0) out.push({ pointer: `${pointer}/${kind}`, message: 'any: [] never holds; give at least one condition' });
        list.forEach((c, i) => checkFull(c, `${pointer}/${kind}/${i}`, table, opts, out));
      }
      return;
    }
    case 'not':
      checkFull(cond['not'], `${pointer}/not`, table, opts, out);
      return;
    case 'always':
      if (cond['always'] !== true) out.push({ pointer: `${pointer}/always`, message: 'always takes true' });
      return;
    case 'fn': {
      const fn = cond['fn'];
      const known = Object.keys(table.functions ?? {});
      if (typeof fn !== 'string' || !known.includes(fn)) {
        out.push({ pointer: `${pointer}/fn`, message: known.length === 0 ? `${table.subject} conditions have no named functions` : `unknown function ${show(fn)}; functions: ${known.join(', ')}` });
      }
      for (const b of ['min', 'max'] as const) {
        const v = cond[b];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) out.push({ pointer: `${pointer}/${b}`, message: `${b} is a whole number >= 0` });
      }
      if (cond['min'] === undefined && cond['max'] === undefined) out.push({ pointer, message: 'fn needs min, max or both' });
      return;
    }
    case 'field': {
      const field = cond['field'];
      if (typeof field !== 'string') {
        out.push({ pointer: `${pointer}/field`, message: 'field names a field (a string)' });
        return;
      }
      if (!checkFieldName(field, `${pointer}/field`, table, opts, out, false)) return;
      const spec = fieldSpec(table, field)!;
      const ops = OPERATORS.filter((op) => cond[op] !== undefined);
      if (ops.length !== 1) {
        out.push({ pointer, message: `a test of ${field} needs exactly one operator (${OPERATORS_BY_TYPE[spec.type].join(', ')})${ops.length > 1 ? `, not ${ops.join(' and ')}` : ''}` });
        return;
      }
      checkOperator(field, spec, ops[0]!, cond[ops[0]!], `${pointer}/${ops[0]}`, out);
    }
  }
}

function checkOperator(field: string, spec: FieldSpec, op: Operator, value: unknown, at: string, out: ConditionProblem[]): void {
  const allowed = OPERATORS_BY_TYPE[spec.type].filter((o) => o !== 'absent' || spec.optional);
  if (!allowed.includes(op)) {
    out.push({ pointer: at, atKey: true, message: `operator "${op}" does not apply to ${field} (${describeType(spec)}); use ${allowed.join(', ')}` });
    return;
  }
  const bad = (message: string, pointer = at) => out.push({ pointer, message });
  const checkElement = (v: unknown, pointer: string, allowNull: boolean): void => {
    if (v === null) {
      if (!allowNull || !spec.optional) bad(`${field} is never null here${spec.optional ? '' : ' (it is always set)'}`, pointer);
      return;
    }
    switch (spec.type) {
      case 'enum':
      case 'list':
        if (typeof v !== 'string' || !spec.values!.includes(v)) bad(`${show(v)} is not a value of ${field}; allowed values: ${spec.values!.join(', ')}`, pointer);
        return;
      case 'string':
        if (typeof v !== 'string') bad(`${field} is a string, not ${show(v)}`, pointer);
        return;
      case 'integer':
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${field} is a number, not ${show(v)}`, pointer);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') bad(`${field} is true or false, not ${show(v)}`, pointer);
    }
  };
  switch (op) {
    case 'equals':
      checkElement(value, at, false);
      return;
    case 'in':
    case 'notIn':
    case 'includesAny':
    case 'includesAll':
    case 'only':
      if (!Array.isArray(value) || value.length === 0) bad(`${op} takes a non-empty list`);
      else value.forEach((v, i) => checkElement(v, `${at}/${i}`, op === 'in' || op === 'notIn'));
      return;
    case 'includes':
    case 'excludes':
      checkElement(value, at, false);
      return;
    case 'isEmpty':
    case 'absent':
      if (typeof value !== 'boolean') bad(`${op} takes true or false`);
      return;
    case 'atLeast':
    case 'atMost':
    case 'above':
    case 'below':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad(`${op} takes a number`);
      return;
    case 'matches':
    case 'notMatches':
      if (typeof value !== 'string') bad(`${op} takes a regular expression (a string)`);
      else {
        try {
          new RegExp(value);
        } catch (err) {
          bad(`invalid regular expression ${show(value)}: ${(err as Error).message}`);
        }
      }
  }
}

function describeType(spec: FieldSpec): string {
  switch (spec.type) {
    case 'enum': return 'one value';
    case 'list': return 'a list';
    case 'integer':
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    case 'string': return 'text';
  }
}

/** Every field a condition (either form) reads. */
export function conditionFields(cond: Condition | Where): string[] {
  const c = isFullForm(cond as Record<string, unknown>) ? (cond as Condition) : whereToCondition(cond as Where);
  if ('all' in c) return c.all.flatMap(conditionFields);
  if ('any' in c) return c.any.flatMap(conditionFields);
  if ('not' in c) return conditionFields(c.not);
  if ('always' in c || 'fn' in c) return [];
  return [c.field];
}

// ---------------------------------------------------------------- evaluation

/** What a fact getter returns for a field whose value is not known yet. */
export const UNKNOWN: unique symbol = Symbol('unknown');

/** Reads one field of the subject; UNKNOWN when it has no value yet (undefined = unset). */
export type FactGetter = (field: string) => unknown;

/** Functions a condition may call: each reads the subject through the getter and returns a count. */
export type ConditionFunctions = Readonly<Record<string, (get: FactGetter) => number>>;

/** A condition turned into a function once, then evaluated many times. */
export type Compiled = (get: FactGetter) => boolean | undefined;

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(source);
    regexCache.set(source, re);
  }
  return re;
}

function isUnset(v: unknown): boolean {
  return v === undefined || v === null;
}

function equalsScalar(v: unknown, s: unknown): boolean {
  return s === null ? isUnset(v) : v === s;
}

/** The test one operator makes of a (known) value. */
function testValue(op: Operator, arg: unknown, value: unknown): boolean {
  const list = Array.isArray(value) ? (value as unknown[]) : undefined;
  const n = typeof value === 'number' ? value : undefined;
  switch (op) {
    case 'equals': return equalsScalar(value, arg);
    case 'in': return (arg as unknown[]).some((s) => equalsScalar(value, s));
    case 'notIn': return !(arg as unknown[]).some((s) => equalsScalar(value, s));
    case 'includes': return list !== undefined && list.includes(arg);
    case 'excludes': return list === undefined || !list.includes(arg);
    case 'includesAny': return list !== undefined && (arg as unknown[]).some((v) => list.includes(v));
    case 'includesAll': return list !== undefined && (arg as unknown[]).every((v) => list.includes(v));
    case 'only': return list !== undefined && list.every((v) => (arg as unknown[]).includes(v));
    case 'isEmpty': return list !== undefined && (list.length === 0) === arg;
    case 'atLeast': return n !== undefined && n >= (arg as number);
    case 'atMost': return n !== undefined && n <= (arg as number);
    case 'above': return n !== undefined && n > (arg as number);
    case 'below': return n !== undefined && n < (arg as number);
    case 'absent': return isUnset(value) === arg;
    case 'matches': return typeof value === 'string' && regex(arg as string).test(value);
    case 'notMatches': return typeof value !== 'string' || !regex(arg as string).test(value);
  }
}

/**
 * Compiles a condition (either form) into a function of a fact getter. Compile once per rule,
 * evaluate per subject: lint runs one condition over every service of large architectures.
 */
export function compileCondition(cond: Condition | Where, functions: ConditionFunctions = {}): Compiled {
  const c = isFullForm(cond as Record<string, unknown>) ? (cond as Condition) : whereToCondition(cond as Where);
  if ('all' in c) {
    const parts = c.all.map((x) => compileCondition(x, functions));
    return (get) => {
      let unknown = false;
      for (const p of parts) {
        const r = p(get);
        if (r === false) return false;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => compileCondition(x, functions));
    return (get) => {
      let unknown = false;
      for (const p of parts) {
        const r = p(get);
        if (r === true) return true;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not, functions);
    return (get) => {
      const r = inner(get);
      return r === undefined ? undefined : !r;
    };
  }
  if ('always' in c) return () => true;
  if ('fn' in c) {
    const f = functions[c.fn];
    if (!f) throw new Error(`unknown condition function ${c.fn}`);
    const { min, max } = c;
    return (get) => {
      const count = f(get);
      return (min === undefined || count >= min) && (max === undefined || count <= max);
    };
  }
  const op = operatorOf(c);
  if (!op) return () => false;
  const arg = (c as unknown as Record<string, unknown>)[op];
  const field = c.field;
  return (get) => {
    const value = get(field);
    return value === UNKNOWN ? undefined : testValue(op, arg, value);
  };
}

const compiledCache = new WeakMap<object, Compiled>();

/**
 * Evaluates a condition against a getter, compiling it on first use (conditions loaded from
 * rule files are evaluated many times; the compiled form is kept with the object).
 */
export function evaluate(cond: Condition | Where, get: FactGetter, functions: ConditionFunctions = {}): boolean | undefined {
  let compiled = compiledCache.get(cond as object);
  if (!compiled) {
    compiled = compileCondition(cond, functions);
    compiledCache.set(cond as object, compiled);
  }
  return compiled(get);
}

/** A getter over a plain record: absent keys are UNKNOWN (the questionnaire's answers so far). */
export function partialGetter(values: Readonly<Record<string, unknown>>): FactGetter {
  return (field) => (Object.hasOwn(values, field) ? values[field] : UNKNOWN);
}

/** A getter over a complete record: absent keys are unset. */
export function recordGetter(values: Readonly<Record<string, unknown>>): FactGetter {
  return (field) => (values as Record<string, unknown>)[field];
}

/** One matcher of the `where` shorthand against a value (used by lint's tests and messages). */
export function matches(value: unknown, m: Matcher): boolean {
  return compileCondition({ v: m } as Where)((f) => (f === 'v' ? value : undefined)) === true;
}

// ---------------------------------------------------------------- words

const OP_WORDS: Record<Operator, string> = {
  equals: '=', in: 'is one of', notIn: 'is none of', includes: 'includes', excludes: 'excludes', includesAny: 'includes any of',
  includesAll: 'includes all of', only: 'has only', isEmpty: 'is empty', atLeast: '>=', atMost: '<=', above: '>', below: '<',
  absent: 'is unset', matches: 'matches', notMatches: 'does not match',
};

function showArg(v: unknown): string {
  return Array.isArray(v) ? `[${v.map((x) => (x === null ? 'unset' : String(x))).join(', ')}]` : String(v);
}

/** A condition in words, e.g. "serviceSecurity = mtls and compliance = true". */
export function describeCondition(cond: Condition | Where): string {
  const c = isFullForm(cond as Record<string, unknown>) ? (cond as Condition) : whereToCondition(cond as Where);
  const wrap = (x: Condition): string => {
    const s = describeCondition(x);
    return 'all' in x || 'any' in x ? `(${s})` : s;
  };
  if ('all' in c) return c.all.length === 0 ? 'always' : c.all.map(wrap).join(' and ');
  if ('any' in c) return c.any.map(wrap).join(' or ');
  if ('not' in c) return `not ${wrap(c.not)}`;
  if ('always' in c) return 'always';
  if ('fn' in c) {
    const range = c.min !== undefined && c.max !== undefined ? (c.min === c.max ? `= ${c.min}` : `${c.min}..${c.max}`) : c.min !== undefined ? `>= ${c.min}` : `<= ${c.max}`;
    return `${c.fn}() ${range}`;
  }
  const op = operatorOf(c);
  if (!op) return `${c.field} (no operator)`;
  const arg = (c as unknown as Record<string, unknown>)[op];
  if (op === 'isEmpty') return `${c.field} is ${arg ? '' : 'not '}empty`;
  if (op === 'absent') return `${c.field} is ${arg ? 'unset' : 'set'}`;
  return `${c.field} ${OP_WORDS[op]} ${showArg(arg)}`;
}

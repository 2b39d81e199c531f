/**
 * What a check kind is: a named, parameterised function lint rules are built from (many rules,
 * few kinds), with a JSON Schema for its params, the placeholders its hits fill, and a pure `run`
 * linear in the size of the architecture.
 */
import type { Hit } from '../types.js';
import type { LintContext } from '../context.js';

/** A problem with a rule's params, at a JSON pointer relative to `check.params`. */
export interface ParamProblem {
  pointer: string;
  message: string;
}

/** One check kind, typed by its params. */
export interface CheckKind<P> {
  name: string;
  description: string;
  /** JSON Schema for `check.params` (validated at load, with positions). */
  paramsSchema: Record<string, unknown>;
  /** Placeholders a message template may use. */
  placeholders: readonly string[];
  /** Checks the schema cannot express (regexes compile, fact names exist). */
  validate?: (params: P) => ParamProblem[];
  run: (ctx: LintContext, params: P) => Hit[];
}

/**
 * A check kind as the registry holds it: params come from YAML as plain values, so they are
 * `unknown` here and typed inside the kind.
 */
export interface RegisteredCheckKind extends Omit<CheckKind<unknown>, 'validate' | 'run'> {
  validate: (params: unknown) => ParamProblem[];
  run: (ctx: LintContext, params: unknown) => Hit[];
}

/**
 * Registers a kind. The one place its params type meets unknown data: the rule loader validates
 * every rule's `check.params` against the kind's `paramsSchema` before any rule runs (see
 * rule-schema.ts), so the params `run` and `validate` receive have the declared shape.
 */
export function registerCheckKind<P>(kind: CheckKind<P>): RegisteredCheckKind {
  return {
    name: kind.name,
    description: kind.description,
    paramsSchema: kind.paramsSchema,
    placeholders: kind.placeholders,
    validate: (params) => kind.validate?.(params as P) ?? [],
    run: (ctx, params) => kind.run(ctx, params as P),
  };
}

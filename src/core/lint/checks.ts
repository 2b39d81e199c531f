/**
 * The registry of check kinds, one line per kind; each kind lives in kinds/<kind>.ts. The order
 * is the order `docs/check-kinds.md` and error messages list them in.
 */
import { registerCheckKind, type RegisteredCheckKind } from './kinds/check-kind.js';
import { servicePredicate } from './kinds/service-predicate.js';
import { callPredicate } from './kinds/call-predicate.js';
import { danglingReference } from './kinds/dangling-reference.js';
import { uniqueNames } from './kinds/unique-names.js';
import { nameFormat } from './kinds/name-format.js';
import { meshCoverage } from './kinds/mesh-coverage.js';
import { mtlsMode } from './kinds/mtls-mode.js';
import { edgeHairpin } from './kinds/edge-hairpin.js';
import { gatewayRouting } from './kinds/gateway-routing.js';
import { countThreshold } from './kinds/count-threshold.js';
import { productInUse } from './kinds/product-in-use.js';
import { policyDrift } from './kinds/policy-drift.js';

export type { CheckKind, ParamProblem, RegisteredCheckKind } from './kinds/check-kind.js';

const REGISTERED: readonly RegisteredCheckKind[] = [
  registerCheckKind(servicePredicate),
  registerCheckKind(callPredicate),
  registerCheckKind(danglingReference),
  registerCheckKind(uniqueNames),
  registerCheckKind(nameFormat),
  registerCheckKind(meshCoverage),
  registerCheckKind(mtlsMode),
  registerCheckKind(edgeHairpin),
  registerCheckKind(gatewayRouting),
  registerCheckKind(countThreshold),
  registerCheckKind(productInUse),
  registerCheckKind(policyDrift),
];

/** Every check kind by name. */
export const CHECK_KINDS: Readonly<Record<string, RegisteredCheckKind>> = Object.fromEntries(REGISTERED.map((k) => [k.name, k]));

/** The registered kind of this name, if there is one (never a property of Object.prototype). */
export function checkKindNamed(name: string): RegisteredCheckKind | undefined {
  return Object.hasOwn(CHECK_KINDS, name) ? CHECK_KINDS[name] : undefined;
}

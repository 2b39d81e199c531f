/**
 * `generate`: the targets asked for, and the plan of every file for INPUT's decision (nothing
 * written here). A value of the input that cannot be used in a config is an input error.
 */
import type { InputAccess } from '../io.js';
import { UserError } from '../errors.js';
import { isTarget, planFiles, TARGETS, type FilePlan, type Target } from '../core/generate/index.js';
import { loadGenerateDefaults } from '../shell/load-generate-defaults.js';
import { decideInput } from './decision.js';

/** Checks --target values, reporting every unknown one with the valid list. */
export function parseTargets(raw: readonly string[]): Target[] {
  const values = raw.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  const unknown = values.filter((t) => !isTarget(t));
  if (unknown.length > 0) {
    throw new UserError(`unknown target${unknown.length === 1 ? '' : 's'}: ${unknown.map((t) => JSON.stringify(t)).join(', ')}`, {
      hint: `valid targets: ${TARGETS.join(', ')}`,
    });
  }
  return values as Target[];
}

export interface GenerateRequest {
  targets: readonly Target[];
  answers?: string;
  maxBytes?: string;
}

/** Reads INPUT, decides and plans every file; throws one UserError listing every unusable value. */
export async function planGeneration(inputs: string[], req: GenerateRequest, io: InputAccess): Promise<FilePlan> {
  const { input, decision } = await decideInput(inputs, { answers: req.answers, maxBytes: req.maxBytes }, io);
  const plan = planFiles(
    { architecture: input.architecture?.architecture, answers: input.answers, decision, source: input.source, defaults: loadGenerateDefaults() },
    req.targets,
  );
  if (plan.nameProblems.length > 0) {
    const locate = input.architecture?.locate;
    const onlyNames = plan.nameProblems.every((p) => p.message.startsWith('service name '));
    const n = plan.nameProblems.length;
    throw new UserError(onlyNames ? `${n} service name${n === 1 ? '' : 's'} cannot be used in generated configs` : `${n} value${n === 1 ? '' : 's'} from the input cannot be used in generated configs`, {
      details: plan.nameProblems.map((p) => ({ message: p.message, loc: p.pointer && locate ? locate(p.pointer) : undefined })),
      hint: onlyNames
        ? 'rename the service to a DNS-1123 label (e.g. "user_db" -> "user-db"); Kubernetes, Kong and nginx all need such names'
        : 'fix each value named above (DNS-1123 names for services and ServiceAccounts, Kubernetes label syntax for selectors, hostnames and plain URL paths for gateway rules)',
    });
  }
  return plan;
}

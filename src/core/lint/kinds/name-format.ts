/**
 * Check kind `name-format`: service names that do not match `pattern` or are longer than `maxLength`.
 */
import type { Hit } from '../types.js';
import type { CheckKind } from './check-kind.js';
import { regexProblem, servicePointer } from './common.js';

interface NameFormatParams {
  pattern: string;
  maxLength?: number;
  /** What the pattern means, for the message (e.g. "a DNS-1123 label"). */
  describe?: string;
}

export const nameFormat: CheckKind<NameFormatParams> = {
  name: 'name-format',
  description: 'service names that do not match `pattern` or are longer than `maxLength`',
  paramsSchema: {
    type: 'object',
    required: ['pattern'],
    additionalProperties: false,
    properties: {
      pattern: { type: 'string', minLength: 1 },
      maxLength: { type: 'integer', minimum: 1 },
      describe: { type: 'string', minLength: 1 },
    },
  },
  placeholders: ['service', 'reason', 'pattern', 'maxLength'],
  validate: (p) => {
    const problem = regexProblem(p.pattern, '/pattern');
    return problem ? [problem] : [];
  },
  run(ctx, p) {
    const re = new RegExp(p.pattern);
    const hits: Hit[] = [];
    const describe = p.describe ?? `the pattern ${p.pattern}`;
    ctx.arch.services.forEach((s, i) => {
      let reason: string | undefined;
      if (p.maxLength !== undefined && s.name.length > p.maxLength) reason = `it is ${s.name.length} characters long, over the limit of ${p.maxLength}`;
      else if (!re.test(s.name)) reason = `it is not ${describe}`;
      if (reason) hits.push({ pointer: servicePointer(i, 'name'), data: { service: s.name, reason, pattern: p.pattern, maxLength: p.maxLength ?? 'none' } });
    });
    return hits;
  },
};

/**
 * Check kind `service-predicate`: one hit per service whose facts match every condition in `where`.
 */
import type { Hit } from '../types.js';
import type { Where } from '../predicate.js';
import { compileWhere, matchesAll, serviceFacts, showFact } from '../predicate.js';
import type { CheckKind } from './check-kind.js';
import { WHERE_SCHEMA, validateWhere, servicePointer, SERVICE_PLACEHOLDERS, serviceData } from './common.js';

interface ServicePredicateParams {
  where: Where;
  /** Field of the service the finding points at (default: the service itself). */
  report?: string;
}

export const servicePredicate: CheckKind<ServicePredicateParams> = {
  name: 'service-predicate',
  description: 'one hit per service whose facts match every condition in `where`',
  paramsSchema: {
    type: 'object',
    required: ['where'],
    additionalProperties: false,
    properties: {
      where: WHERE_SCHEMA,
      report: { enum: ['name', 'kind', 'exposure', 'port', 'protocols', 'replicas', 'auth', 'rateLimit', 'image', 'calls'] },
    },
  },
  placeholders: [...SERVICE_PLACEHOLDERS, 'value'],
  validate: (p) => validateWhere(p.where, 'service'),
  run(ctx, p) {
    const hits: Hit[] = [];
    const where = compileWhere(p.where);
    ctx.arch.services.forEach((s, i) => {
      const facts = serviceFacts(ctx, s);
      if (!matchesAll(facts, where)) return;
      hits.push({
        pointer: servicePointer(i, p.report),
        data: { ...serviceData(ctx, s), value: p.report ? showFact(facts(p.report)) : s.name },
      });
    });
    return hits;
  },
};

/**
 * Check kind `call-predicate`: one hit per call whose facts (and `from.*` / `to.*` service facts) match every condition in `where`.
 */
import type { Hit } from '../types.js';
import type { Where } from '../predicate.js';
import { callFacts, compileWhere, matchesAll, showFact } from '../predicate.js';
import type { CheckKind } from './check-kind.js';
import { WHERE_SCHEMA, validateWhere } from './common.js';

interface CallPredicateParams {
  where: Where;
}

export const callPredicate: CheckKind<CallPredicateParams> = {
  name: 'call-predicate',
  description: 'one hit per call whose facts (and `from.*` / `to.*` service facts) match every condition in `where`',
  paramsSchema: {
    type: 'object',
    required: ['where'],
    additionalProperties: false,
    properties: { where: WHERE_SCHEMA },
  },
  placeholders: ['service', 'to', 'protocol', 'via', 'gateway', 'mesh'],
  validate: (p) => validateWhere(p.where, 'call'),
  run(ctx, p) {
    const hits: Hit[] = [];
    const where = compileWhere(p.where);
    ctx.arch.services.forEach((s, i) => {
      s.calls.forEach((c, j) => {
        const facts = callFacts(ctx, s, c);
        if (!matchesAll(facts, where)) return;
        hits.push({
          pointer: `/services/${i}/calls/${j}`,
          data: {
            service: s.name,
            to: c.to,
            protocol: showFact(facts('protocols')),
            via: showFact(c.via),
            gateway: ctx.arch.gateway?.product ?? 'none',
            mesh: ctx.arch.mesh?.product ?? 'none',
          },
        });
      });
    });
    return hits;
  },
};

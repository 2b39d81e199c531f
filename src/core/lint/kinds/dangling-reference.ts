/**
 * Check kind `dangling-reference`: a name that should refer to a declared service but does not (calls, gateway routes or service, mesh members).
 */
import type { Hit } from '../types.js';
import { resolveServiceRef } from '../../service-ref.js';
import type { CheckKind } from './check-kind.js';

type ReferenceSource = 'calls' | 'gateway-routes' | 'mesh-members' | 'gateway-service';
interface DanglingParams {
  source: ReferenceSource;
}

export const danglingReference: CheckKind<DanglingParams> = {
  name: 'dangling-reference',
  description: 'a name that should refer to a declared service but does not (calls, gateway routes or service, mesh members)',
  paramsSchema: {
    type: 'object',
    required: ['source'],
    additionalProperties: false,
    properties: { source: { enum: ['calls', 'gateway-routes', 'mesh-members', 'gateway-service'] } },
  },
  placeholders: ['service', 'target', 'gateway', 'mesh'],
  run(ctx, p) {
    const hits: Hit[] = [];
    const gateway = ctx.arch.gateway?.product ?? 'none';
    const mesh = ctx.arch.mesh?.product ?? 'none';
    // Every reference resolves the way Kubernetes DNS does (src/core/service-ref.ts), from the
    // namespace of whoever names it.
    const dangling = (ref: string, fromNamespace?: string) => resolveServiceRef(ctx.index, ref, fromNamespace) === undefined;
    const gatewayNamespace = ctx.gatewayIndex !== undefined ? ctx.arch.services[ctx.gatewayIndex]!.namespace : ctx.arch.gateway?.namespace;
    switch (p.source) {
      case 'calls':
        ctx.arch.services.forEach((s, i) =>
          s.calls.forEach((c, j) => {
            if (dangling(c.to, s.namespace)) hits.push({ pointer: `/services/${i}/calls/${j}/to`, data: { service: s.name, target: c.to, gateway, mesh } });
          }),
        );
        break;
      case 'gateway-routes':
        ctx.arch.gateway?.routes.forEach((r, k) => {
          if (dangling(r, gatewayNamespace)) hits.push({ pointer: `/gateway/routes/${k}`, data: { service: r, target: r, gateway, mesh } });
        });
        break;
      case 'mesh-members':
        ctx.arch.mesh?.members.forEach((m, k) => {
          if (dangling(m)) hits.push({ pointer: `/mesh/members/${k}`, data: { service: m, target: m, gateway, mesh } });
        });
        break;
      case 'gateway-service': {
        const name = ctx.arch.gateway?.service;
        if (name !== undefined && dangling(name, ctx.arch.gateway?.namespace)) hits.push({ pointer: '/gateway/service', data: { service: name, target: name, gateway, mesh } });
        break;
      }
    }
    return hits;
  },
};

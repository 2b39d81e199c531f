/**
 * Check kind `mesh-coverage`: services of the given kinds that a declared mesh leaves out (the gateway service is exempt).
 */
import type { ServiceKind } from '../../types.js';
import type { Hit } from '../types.js';
import type { CheckKind } from './check-kind.js';
import { SERVICE_KIND_LIST, servicePointer, SERVICE_PLACEHOLDERS, serviceData } from './common.js';

interface MeshCoverageParams {
  kinds?: ServiceKind[];
}

export const meshCoverage: CheckKind<MeshCoverageParams> = {
  name: 'mesh-coverage',
  description: 'services of the given kinds that a declared mesh leaves out (the gateway service is exempt)',
  paramsSchema: { type: 'object', additionalProperties: false, properties: { kinds: SERVICE_KIND_LIST } },
  placeholders: [...SERVICE_PLACEHOLDERS, 'members'],
  run(ctx, p) {
    const mesh = ctx.arch.mesh;
    if (!mesh) return [];
    const kinds = new Set<ServiceKind>(p.kinds ?? ['service']);
    const hits: Hit[] = [];
    ctx.arch.services.forEach((s, i) => {
      if (!kinds.has(s.kind) || ctx.meshMember[i] === 1 || i === ctx.gatewayIndex) return;
      hits.push({ pointer: servicePointer(i, 'name'), data: { ...serviceData(ctx, s), members: ctx.memberCount } });
    });
    return hits;
  },
};

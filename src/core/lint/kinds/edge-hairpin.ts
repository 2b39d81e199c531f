/**
 * Check kind `edge-hairpin`: east-west calls that go through the edge gateway: a call `via` the gateway, or a call to the gateway service.
 */
import type { Exposure } from '../../types.js';
import type { Hit } from '../types.js';
import { resolveServiceRef } from '../../service-ref.js';
import type { CheckKind } from './check-kind.js';
import { EXPOSURE_LIST } from './common.js';

interface EdgeHairpinParams {
  /** Only calls from services with these exposures (default: internal). */
  fromExposures?: Exposure[];
}

export const edgeHairpin: CheckKind<EdgeHairpinParams> = {
  name: 'edge-hairpin',
  description: 'east-west calls that go through the edge gateway: a call `via` the gateway, or a call to the gateway service',
  paramsSchema: { type: 'object', additionalProperties: false, properties: { fromExposures: EXPOSURE_LIST } },
  placeholders: ['service', 'to', 'gateway'],
  run(ctx, p) {
    const gw = ctx.arch.gateway;
    if (!gw) return [];
    const from = new Set<Exposure>(p.fromExposures ?? ['internal']);
    const hits: Hit[] = [];
    ctx.arch.services.forEach((s, i) => {
      if (i === ctx.gatewayIndex || !from.has(s.exposure) || s.kind !== 'service') return;
      s.calls.forEach((c, j) => {
        const viaGateway = c.via !== undefined && (c.via === gw.service || c.via === gw.product);
        const toGateway = ctx.gatewayIndex !== undefined && resolveServiceRef(ctx.index, c.to, s.namespace) === ctx.gatewayIndex;
        if (!viaGateway && !toGateway) return;
        hits.push({
          pointer: viaGateway ? `/services/${i}/calls/${j}/via` : `/services/${i}/calls/${j}`,
          data: { service: s.name, to: c.to, gateway: gw.service ?? gw.product },
        });
      });
    });
    return hits;
  },
};

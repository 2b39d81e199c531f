/**
 * Check kind `gateway-routing`: with a declared gateway: exposed services it does not route to (other instances of the gateway image exempt), or routes to services of the wrong kind.
 */
import type { ServiceKind, Exposure } from '../../types.js';
import type { Hit } from '../types.js';
import { serviceNamed } from '../context.js';
import type { CheckKind } from './check-kind.js';
import { SERVICE_KIND_LIST, EXPOSURE_LIST, servicePointer, serviceData, SERVICE_PLACEHOLDERS } from './common.js';

interface GatewayRoutingParams {
  /** exposed-not-routed: exposed services the gateway does not route to; routes-to-kind: routes naming services of `kinds`. */
  mode: 'exposed-not-routed' | 'routes-to-kind';
  exposures?: Exposure[];
  kinds?: ServiceKind[];
}

export const gatewayRouting: CheckKind<GatewayRoutingParams> = {
  name: 'gateway-routing',
  description: 'with a declared gateway: exposed services it does not route to (other instances of the gateway image exempt), or routes to services of the wrong kind',
  paramsSchema: {
    type: 'object',
    required: ['mode'],
    additionalProperties: false,
    properties: { mode: { enum: ['exposed-not-routed', 'routes-to-kind'] }, exposures: EXPOSURE_LIST, kinds: SERVICE_KIND_LIST },
  },
  placeholders: [...SERVICE_PLACEHOLDERS],
  run(ctx, p) {
    const gw = ctx.arch.gateway;
    if (!gw) return [];
    const hits: Hit[] = [];
    if (p.mode === 'exposed-not-routed') {
      const exposures = new Set<Exposure>(p.exposures ?? ['public', 'partner']);
      const kinds = new Set<ServiceKind>(p.kinds ?? ['service']);
      // Another service running the gateway's own image is a second gateway (e.g. one per client type), not a bypass.
      const gatewayImage = ctx.gatewayIndex !== undefined ? ctx.arch.services[ctx.gatewayIndex]!.image : undefined;
      ctx.arch.services.forEach((s, i) => {
        if (!exposures.has(s.exposure) || !kinds.has(s.kind) || ctx.routed[i] === 1 || i === ctx.gatewayIndex) return;
        if (gatewayImage !== undefined && s.image === gatewayImage) return;
        hits.push({ pointer: servicePointer(i, 'exposure'), data: serviceData(ctx, s) });
      });
    } else {
      const kinds = new Set<ServiceKind>(p.kinds ?? ['datastore', 'queue']);
      const from = ctx.gatewayIndex !== undefined ? ctx.arch.services[ctx.gatewayIndex] : undefined;
      gw.routes.forEach((r, k) => {
        const s = serviceNamed(ctx, r, from);
        if (s && kinds.has(s.kind)) hits.push({ pointer: `/gateway/routes/${k}`, data: serviceData(ctx, s) });
      });
    }
    return hits;
  },
};

/**
 * Check kind `count-threshold`: a count (services, mesh members, gateway replicas, public services) below or at/above a threshold.
 */
import type { CheckKind } from './check-kind.js';
import { servicePointer } from './common.js';

type Metric = 'services' | 'mesh-members' | 'gateway-replicas' | 'public-services';
interface CountThresholdParams {
  metric: Metric;
  /** Hit when the value is below this. */
  below?: number;
  /** Hit when the value is at least this. */
  atLeast?: number;
  /** Only when these parts of the architecture are present (true) or absent (false). */
  when?: { mesh?: boolean; gateway?: boolean; tracing?: boolean };
}

export const countThreshold: CheckKind<CountThresholdParams> = {
  name: 'count-threshold',
  description: 'a count (services, mesh members, gateway replicas, public services) below or at/above a threshold',
  paramsSchema: {
    type: 'object',
    required: ['metric'],
    additionalProperties: false,
    properties: {
      metric: { enum: ['services', 'mesh-members', 'gateway-replicas', 'public-services'] },
      below: { type: 'integer', minimum: 0 },
      atLeast: { type: 'integer', minimum: 0 },
      when: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { mesh: { type: 'boolean' }, gateway: { type: 'boolean' }, tracing: { type: 'boolean' } },
      },
    },
    anyOf: [{ required: ['below'] }, { required: ['atLeast'] }],
  },
  placeholders: ['value', 'below', 'atLeast', 'gateway', 'mesh', 'service'],
  run(ctx, p) {
    const { arch } = ctx;
    if (p.when) {
      if (p.when.mesh !== undefined && (arch.mesh !== undefined) !== p.when.mesh) return [];
      if (p.when.gateway !== undefined && (arch.gateway !== undefined) !== p.when.gateway) return [];
      if (p.when.tracing !== undefined && ctx.tracing !== p.when.tracing) return [];
    }
    let value: number | undefined;
    let pointer = '';
    let service = 'none';
    switch (p.metric) {
      case 'services':
        value = arch.services.filter((s) => s.kind === 'service').length;
        // The first service, not the list: imported Kubernetes systems have no single "services" node.
        pointer = '/services/0';
        break;
      case 'public-services':
        value = arch.services.filter((s) => s.kind === 'service' && s.exposure !== 'internal').length;
        pointer = '/services/0';
        break;
      case 'mesh-members':
        if (!arch.mesh) return [];
        value = arch.mesh.members.length;
        pointer = '/mesh';
        break;
      case 'gateway-replicas': {
        const gw = arch.gateway;
        if (!gw) return [];
        if (gw.replicas !== undefined) {
          value = gw.replicas;
          pointer = '/gateway/replicas';
        } else if (gw.service !== undefined) {
          const i = ctx.gatewayIndex;
          const s = i === undefined ? undefined : arch.services[i];
          if (s?.replicas !== undefined) {
            value = s.replicas;
            pointer = servicePointer(i!, 'replicas');
            service = s.name;
          }
        }
        break;
      }
    }
    if (value === undefined) return [];
    const hit = (p.below !== undefined && value < p.below) || (p.atLeast !== undefined && value >= p.atLeast);
    if (!hit) return [];
    return [{
      pointer,
      data: {
        value,
        below: p.below ?? 'none',
        atLeast: p.atLeast ?? 'none',
        gateway: arch.gateway?.product ?? 'none',
        mesh: arch.mesh?.product ?? 'none',
        service: service === 'none' ? arch.gateway?.service ?? 'none' : service,
      },
    }];
  },
};

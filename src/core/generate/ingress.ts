/**
 * The `ingress` target, for the "neither" setup: one Gateway API Gateway and a route per
 * public and partner service. Gateway API rather than Ingress, because the community
 * ingress-nginx controller is retired (see the rubric's retired-products list).
 */
import { gatewayApiFiles, type GenContext } from './gateway-api.js';
import type { GeneratedFile } from './render.js';

/** Files of the ingress target ("neither"): gateway-api's objects under ingress/. */
export function ingressFiles(ctx: GenContext): GeneratedFile[] {
  return gatewayApiFiles(ctx, { dir: 'ingress', target: 'ingress', purpose: 'plain ingress (no API gateway, no mesh)' });
}

/**
 * Check kind `product-in-use`: a named gateway or mesh product, or a service image matching a pattern, is in use.
 */
import type { Hit } from '../types.js';
import type { CheckKind } from './check-kind.js';
import { regexProblem, servicePointer } from './common.js';

interface ProductInUseParams {
  /** Gateway products (compared case-insensitively). */
  gatewayProducts?: string[];
  meshProducts?: string[];
  /** Regular expressions matched against service images. */
  images?: string[];
}

export const productInUse: CheckKind<ProductInUseParams> = {
  name: 'product-in-use',
  description: 'a named gateway or mesh product, or a service image matching a pattern, is in use',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      gatewayProducts: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      meshProducts: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      images: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
  },
  placeholders: ['product', 'service', 'where'],
  validate: (p) => (p.images ?? []).flatMap((src, k) => regexProblem(src, `/images/${k}`) ?? []),
  run(ctx, p) {
    const hits: Hit[] = [];
    const lower = (xs?: string[]) => new Set((xs ?? []).map((x) => x.toLowerCase()));
    const gws = lower(p.gatewayProducts);
    const meshes = lower(p.meshProducts);
    const gw = ctx.arch.gateway;
    if (gw && gws.has(gw.product.toLowerCase())) hits.push({ pointer: '/gateway/product', data: { product: gw.product, service: gw.service ?? 'none', where: 'gateway' } });
    const mesh = ctx.arch.mesh;
    if (mesh && meshes.has(mesh.product.toLowerCase())) hits.push({ pointer: '/mesh/product', data: { product: mesh.product, service: 'none', where: 'mesh' } });
    if (p.images?.length) {
      const res = p.images.map((src) => new RegExp(src));
      ctx.arch.services.forEach((s, i) => {
        if (s.image && res.some((re) => re.test(s.image!))) hits.push({ pointer: servicePointer(i, 'image'), data: { product: s.image, service: s.name, where: `service ${s.name}` } });
      });
    }
    return hits;
  },
};

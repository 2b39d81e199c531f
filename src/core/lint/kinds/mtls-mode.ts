/**
 * Check kind `mtls-mode`: the mesh mTLS mode is one of `modes` (optionally only when the answers mandate mTLS), or mTLS is mandated and no mesh is declared.
 */
import type { MtlsMode } from '../../types.js';
import { mtlsMandate } from '../context.js';
import type { CheckKind } from './check-kind.js';

interface MtlsModeParams {
  /** Mesh mTLS modes that are a hit. */
  modes?: MtlsMode[];
  /** Only when the answers mandate mTLS (serviceSecurity: mtls or compliance: true). */
  whenMandated?: boolean;
  /** Only when they do not (so a mandate rule and a general rule do not report the same mode twice). */
  unlessMandated?: boolean;
  /** Hit when mTLS is mandated and there is no mesh at all (implies whenMandated). */
  missingMesh?: boolean;
}

export const mtlsMode: CheckKind<MtlsModeParams> = {
  name: 'mtls-mode',
  description: 'the mesh mTLS mode is one of `modes` (optionally only when the answers mandate mTLS), or mTLS is mandated and no mesh is declared',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      modes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['strict', 'permissive', 'off'] } },
      whenMandated: { type: 'boolean' },
      unlessMandated: { type: 'boolean' },
      missingMesh: { type: 'boolean' },
    },
    anyOf: [{ required: ['modes'] }, { required: ['missingMesh'] }],
  },
  placeholders: ['mesh', 'mode', 'mandate'],
  run(ctx, p) {
    const mandate = mtlsMandate(ctx.answers);
    const mesh = ctx.arch.mesh;
    if (p.missingMesh) {
      if (mesh || !mandate) return [];
      return [{ pointer: '', data: { mesh: 'none', mode: 'none', mandate } }];
    }
    if (!mesh || !(p.modes ?? []).includes(mesh.mtls)) return [];
    if (p.whenMandated && !mandate) return [];
    if (p.unlessMandated && mandate) return [];
    return [{ pointer: '/mesh/mtls', data: { mesh: mesh.product, mode: mesh.mtls, mandate: mandate ?? 'not mandated' } }];
  },
};

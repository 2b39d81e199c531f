// `existing` derived from an architecture: the edge and mesh the model records, and the
// instrumentation a tracing or metrics backend implies (which then is no mesh need).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { deriveExisting } from '../../src/core/derive-answers.js';
import { loadArchitectureInput } from '../../src/app/input.js';
import { memoryIo } from '../../src/io.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { assess } from '../../src/core/engine.js';
import type { Architecture } from '../../src/core/types.js';

const locate = () => ({ file: 'a.yaml', line: 3, column: 5 });
const base: Architecture = { apiVersion: 'meshgate/v1', kind: 'Architecture', metadata: { name: 't' }, platform: 'containers', services: [] };

describe('deriveExisting', () => {
  it.each([
    [{ gateway: { product: 'openresty', routes: [] } }, ['nginx']],
    [{ gateway: { product: 'zuul', service: 'edge', routes: [] } }, ['zuul']],
    [{ gateway: { product: 'istio-gateway', routes: [] } }, ['istio']],
    [{ mesh: { product: 'istio-ambient', mode: 'ambient', mtls: 'strict', members: [] } }, ['istio']],
    [{ mesh: { product: 'linkerd', mode: 'sidecar', mtls: 'strict', members: [] }, observability: { tracing: 'jaeger', metrics: 'prometheus' } }, ['linkerd', 'app-tracing', 'app-metrics']],
    [{ gateway: { product: 'unknown', routes: [] } }, undefined],
    [{}, undefined],
  ] as const)('%j -> %j', (extra, expected) => {
    const got = deriveExisting({ ...base, ...(extra as Partial<Architecture>) }, locate);
    expect(got?.value).toEqual(expected);
    if (got) expect(got.because).toContain('a.yaml:3:5');
  });

  it('a compose file with nginx and Jaeger keeps nginx at the edge and does not count tracing as a mesh need', async () => {
    const input = await loadArchitectureInput([join(import.meta.dirname, '../fixtures/compose/edge-nginx')], {}, memoryIo());
    const existing = input.inferred.find((i) => i.field === 'existing');
    expect(existing?.value).toEqual(expect.arrayContaining(['nginx']));
    const a = assess(input.answers, loadScoringRules());
    expect(a.layers.mesh.needs.map((n) => n.id)).not.toContain('distributed-tracing');
  });
});

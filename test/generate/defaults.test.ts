/**
 * templates/<target>/defaults.yaml are data: the loader validates them and reports every
 * problem in every file at once, with file:line:col; the generators follow what they say.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGenerateDefaultsFrom, BUNDLED_TEMPLATES_DIR } from '../../src/shell/load-generate-defaults.js';
import { planFiles } from '../../src/core/generate/index.js';
import { DEFAULTS_FILES } from '../../src/core/generate/defaults.js';
import { UserError } from '../../src/errors.js';
import { makeDecision, objectsOf, validateFiles } from './support.js';

function copyTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshgate-templates-'));
  for (const t of DEFAULTS_FILES) cpSync(join(BUNDLED_TEMPLATES_DIR, t), join(dir, t), { recursive: true });
  return dir;
}

describe('generate defaults (templates/<target>/defaults.yaml)', () => {
  it('reports every bad value in every file with file:line:col', () => {
    const dir = copyTemplates();
    try {
      const kong = join(dir, 'kong/defaults.yaml');
      writeFileSync(kong, readFileSync(kong, 'utf8').replace('rateLimitPerMinute: 600', 'rateLimitPerMinute: lots'));
      const istio = join(dir, 'istio/defaults.yaml');
      writeFileSync(istio, readFileSync(istio, 'utf8').replace('timeout: 10s', 'timeout: "10s; evil"'));
      // A value that would end a Traefik rule string and add a matcher is refused before any file is built.
      const traefik = join(dir, 'traefik/defaults.yaml');
      writeFileSync(traefik, readFileSync(traefik, 'utf8').replace('forwardAuthAddress: http://forward-auth.example.invalid/verify', 'forwardAuthAddress: "http://a`) || Host(`evil"'));
      let err: unknown;
      try {
        loadGenerateDefaultsFrom(dir + '/');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      const details = (err as UserError).details.map((d) => `${d.loc?.file}:${d.loc?.line}:${d.loc?.column}`);
      expect(details).toEqual([`${kong}:4:21`, `${traefik}:12:21`, `${istio}:10:10`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changed values flow into the generated files, which stay valid', () => {
    const dir = copyTemplates();
    try {
      const gw = join(dir, 'gateway-api/defaults.yaml');
      writeFileSync(gw, readFileSync(gw, 'utf8').replace('api.example.com', 'shop.example.org'));
      const ng = join(dir, 'nginx/defaults.yaml');
      writeFileSync(ng, readFileSync(ng, 'utf8').replace('rate: 10r/s', 'rate: 50r/s'));
      const tf = join(dir, 'traefik/defaults.yaml');
      writeFileSync(tf, readFileSync(tf, 'utf8').replace('average: 10 ', 'average: 25 '));
      const defaults = loadGenerateDefaultsFrom(dir + '/');
      const decision = makeDecision('gateway', [{ role: 'gateway', id: 'nginx' }], { edgeNeeds: ['rate-limiting'] });
      const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults }, ['gateway-api', 'nginx', 'traefik']);
      const route = plan.files.flatMap((f) => (f.target === 'gateway-api' ? objectsOf(f) : [])).find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'service-1')!;
      expect(route.spec!['hostnames']).toEqual(['shop.example.org']);
      expect(plan.files.find((f) => f.target === 'nginx')!.content).toContain('"rate=50r/s"');
      expect(plan.files.find((f) => f.target === 'traefik')!.content).toMatch(/rateLimit:\n {8}average: 25\n/);
      expect(validateFiles(plan.files)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

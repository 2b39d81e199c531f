/**
 * Test support for `generate`: validates generated files the way the API server would (the
 * upstream CRDs vendored in test/fixtures/crds, with their structural schemas, unknown-field
 * rejection and CEL rules; kubernetes-models for core Namespaces), checks decK files against
 * the decK schema and runs the real `nginx -t`. Also builds hand-made Decisions.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { Ajv } from 'ajv';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import deckSchema from '../../src/schema/vendor/deck-3.0.schema.json' with { type: 'json' };
import traefikSchema from '../fixtures/traefik/traefik-v3-file-provider.json' with { type: 'json' };
import type { Decision, Outcome, ProductPick } from '../../src/core/types.js';
import { withDefaults } from '../../src/core/answers.js';
import type { Answers } from '../../src/core/types.js';
import type { GeneratedFile } from '../../src/core/generate/index.js';
import { neutralLayers } from '../diagram/helpers.js';
import { loadGenerateDefaults } from '../../src/shell/load-generate-defaults.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { loadCrds, validateAgainstCrds } from './crd-validator.js';

/** The bundled templates/<target>/defaults.yaml, loaded through the real loader. */
export const defaults = loadGenerateDefaults();

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = join(repoRoot, 'test/fixtures/generate');
export const corpusDir = resolve(repoRoot, '../shared/corpus');
/** The upstream CRDs the tests validate against (see test/fixtures/crds/SOURCES.md). */
export const crdsDir = join(repoRoot, 'test/fixtures/crds');
const crds = loadCrds(crdsDir);

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateDeck = ajv.compile(deckSchema);
/** SchemaStore's schema of Traefik v3 file-provider dynamic configuration (test/fixtures/traefik/SOURCE.md). */
const validateTraefik = ajv.compile(traefikSchema);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

/** Parses every YAML document of a generated file (comments ignored by the parser). */
export function objectsOf(file: GeneratedFile): K8sObject[] {
  return loadAll(file.content).filter((d) => d !== null && d !== undefined) as K8sObject[];
}

/**
 * Validates one Kubernetes object as the API server would on `kubectl apply`: custom resources
 * against their upstream CRD (schema, unknown fields, CEL rules), Namespaces against the core
 * schema. Returns the problems (empty = valid).
 */
export function validateK8sObject(obj: K8sObject): string[] {
  const where = `${obj?.apiVersion}/${obj?.kind} ${obj?.metadata?.name}`;
  if (obj?.apiVersion === 'v1' && obj.kind === 'Namespace') {
    const problems: string[] = [];
    if (!obj.metadata?.name || !DNS_LABEL.test(obj.metadata.name) || obj.metadata.name.length > 63) problems.push(`${where}: metadata.name is not a DNS-1123 label`);
    try {
      new Namespace(obj as never).validate();
    } catch (err) {
      const errors = (err as { errors?: Array<{ instancePath: string; message?: string }> }).errors;
      problems.push(...(errors ? errors.map((e) => `${where}: ${e.instancePath} ${e.message}`) : [`${where}: ${(err as Error).message}`]));
    }
    return problems;
  }
  return validateAgainstCrds(crds, obj as unknown as Record<string, unknown>);
}

/** Validates a decK file against the decK schema plus structure checks decK would make at sync. */
export function validateKongFile(file: GeneratedFile): string[] {
  const doc = loadAll(file.content)[0] as Record<string, unknown>;
  const problems: string[] = [];
  if (!validateDeck(doc)) problems.push(...(validateDeck.errors ?? []).map((e) => `kong: ${e.instancePath} ${e.message}`));
  const services = (doc['services'] as Array<Record<string, unknown>> | undefined) ?? [];
  const names = new Set<string>();
  const routeNames = new Set<string>();
  for (const s of services) {
    const name = String(s['name']);
    if (names.has(name)) problems.push(`kong: duplicate service name ${name}`);
    names.add(name);
    for (const r of (s['routes'] as Array<Record<string, unknown>> | undefined) ?? []) {
      if (routeNames.has(String(r['name']))) problems.push(`kong: duplicate route name ${String(r['name'])}`);
      routeNames.add(String(r['name']));
      const protocols = (r['protocols'] as string[]) ?? [];
      const grpc = protocols.some((p) => p.startsWith('grpc'));
      if (grpc !== String(s['protocol']).startsWith('grpc')) problems.push(`kong: route ${String(r['name'])} protocols do not match service ${name}`);
    }
  }
  const global = ((doc['plugins'] as Array<{ name: string }> | undefined) ?? []).map((p) => p.name);
  for (const required of ['prometheus', 'opentelemetry']) if (!global.includes(required)) problems.push(`kong: global plugin ${required} missing`);
  return problems;
}

/**
 * Validates a Traefik dynamic configuration against SchemaStore's file-provider schema, plus what
 * Traefik checks when it builds the routers: every router's service and middlewares exist in the
 * file (or are Traefik's own @internal ones), and every TLS option a router names is defined.
 */
export function validateTraefikFile(file: GeneratedFile): string[] {
  const doc = loadAll(file.content)[0] as { http?: { routers?: Record<string, { service?: string; middlewares?: string[]; tls?: { options?: string } }>; services?: Record<string, unknown>; middlewares?: Record<string, unknown> }; tls?: { options?: Record<string, unknown> } };
  const problems: string[] = [];
  if (!validateTraefik(doc)) problems.push(...(validateTraefik.errors ?? []).map((e) => `traefik: ${e.instancePath} ${e.message}`));
  const services = new Set(Object.keys(doc?.http?.services ?? {}));
  const middlewares = new Set(Object.keys(doc?.http?.middlewares ?? {}));
  const options = new Set(Object.keys(doc?.tls?.options ?? {}));
  for (const [name, r] of Object.entries(doc?.http?.routers ?? {})) {
    if (!r.service || (!services.has(r.service) && !r.service.endsWith('@internal'))) problems.push(`traefik: router ${name} names service ${String(r.service)}, which is not defined`);
    for (const m of r.middlewares ?? []) if (!middlewares.has(m)) problems.push(`traefik: router ${name} names middleware ${m}, which is not defined`);
    if (r.tls?.options !== undefined && !options.has(r.tls.options)) problems.push(`traefik: router ${name} names TLS option ${r.tls.options}, which is not defined`);
  }
  return problems;
}

/** Where `nginx` is; the tests fail (not skip) without it: CI installs it with apt-get. */
export function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (existsSync(p)) return p;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error('nginx is not installed, so the generated nginx.conf cannot be checked with `nginx -t`: install it (apt-get install -y nginx); CI does');
}

/**
 * Runs the real `nginx -t` on a generated nginx.conf inside a fresh prefix directory that holds
 * the certificate at the relative path the file names. Returns nginx's exit status and output.
 */
export function nginxTest(content: string): { status: number | null; output: string } {
  const bin = nginxBinary();
  const prefix = mkdtempSync(join(tmpdir(), 'meshgate-nginx-'));
  try {
    mkdirSync(join(prefix, 'logs'));
    for (const p of [defaults.nginx.certificate, defaults.nginx.certificateKey, defaults.nginx.clientCertificate]) mkdirSync(dirname(join(prefix, p)), { recursive: true });
    // The same relative paths the generated file names (templates/nginx/defaults.yaml); the
    // self-signed test certificate also stands in for the client CA.
    copyFileSync(join(fixturesDir, 'tls/test-only.crt'), join(prefix, defaults.nginx.certificate));
    copyFileSync(join(fixturesDir, 'tls/test-only.key'), join(prefix, defaults.nginx.certificateKey));
    copyFileSync(join(fixturesDir, 'tls/test-only.crt'), join(prefix, defaults.nginx.clientCertificate));
    writeFileSync(join(prefix, 'nginx.conf'), content);
    const r = spawnSync(bin, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'logs/error.log')};`], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

/** Validates every file a plan produced, by what it is. Returns all problems. */
export function validateFiles(files: readonly GeneratedFile[]): string[] {
  const problems: string[] = [];
  // Within one target, two objects with the same kind, namespace and name would overwrite each other.
  const seen = new Map<string, string>();
  for (const f of files) {
    if (!f.content.startsWith('# ')) problems.push(`${f.path}: does not start with a header comment`);
    if (f.path.endsWith('nginx.conf')) {
      const r = nginxTest(f.content);
      if (r.status !== 0 || !/test is successful/.test(r.output)) problems.push(`${f.path}: nginx -t failed:\n${r.output}`);
    } else if (f.target === 'kong') {
      problems.push(...validateKongFile(f).map((p) => `${f.path}: ${p}`));
    } else if (f.target === 'traefik') {
      problems.push(...validateTraefikFile(f).map((p) => `${f.path}: ${p}`));
    } else {
      const objects = objectsOf(f);
      // kubectl apply refuses a file without objects.
      if (objects.length === 0) problems.push(`${f.path}: holds no object`);
      for (const o of objects) {
        const key = `${f.target}/${o?.apiVersion}/${o?.kind}/${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;
        if (seen.has(key)) problems.push(`${f.path}: ${o.kind} ${o.metadata.name} is also defined in ${seen.get(key)}`);
        seen.set(key, f.path);
      }
      for (const o of objects) problems.push(...validateK8sObject(o).map((p) => `${f.path}: ${p}`));
    }
  }
  return problems;
}

/** A hand-made Decision: the engine's output shape, for tests that must not depend on scoring. */
const productNames = new Map(loadScoringRules().products.products.map((p) => [p.id, p.name] as const));

export function makeDecision(recommendation: Outcome, products: Array<Pick<ProductPick, 'role' | 'id'>>, answers: Partial<Answers> = {}): Decision {
  const fullAnswers = withDefaults({ apiVersion: 'meshgate/v1', kind: 'Answers', traffic: 'both', services: 5, ...answers } as Answers);
  return {
    recommendation,
    scores: { gateway: 0, mesh: 0, both: 0, neither: 0, [recommendation]: 10 },
    runnerUp: recommendation === 'neither' ? 'gateway' : 'neither',
    runnerUpReal: true,
    margin: 10,
    close: false,
    closeBecause: [],
    reasons: [],
    // Products are named as the catalogue names them, as the engine's picks are.
    products: products.map((p) => ({ ...p, name: productNames.get(p.id) ?? p.id, reason: 'test', sources: [] })),
    whatIf: [],
    notes: [],
    answers: fullAnswers,
    layers: neutralLayers(recommendation),
    vetoed: [],
  };
}

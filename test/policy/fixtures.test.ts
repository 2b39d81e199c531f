/**
 * The policy evaluator against the documented semantics of Istio, Linkerd and Kubernetes
 * NetworkPolicy. Each test/fixtures/policy/NAME.yaml holds the objects of one scenario (read
 * with positions, as the lint will read them); NAME.expected.yaml holds the workloads, the calls
 * and, per call, the verdict, the deciding object and its line, and the documentation page and
 * section the expectation comes from.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { evaluateCall, formatTrace, indexCluster, type CallRequest, type ClusterObject, type EvaluatorOptions, type KubeObject, type Workload } from '../../src/core/policy/index.js';

const dir = join(import.meta.dirname, '../fixtures/policy');

interface ExpectedCall {
  from: string;
  to: string;
  port: number;
  service?: CallRequest['service'];
  protocol?: CallRequest['protocol'];
  http?: CallRequest['http'];
  allowed: boolean;
  /** "Kind namespace/name" of the deciding object, or null when a default decides. */
  decidedBy?: string | null;
  /** Line of the deciding object's `apiVersion` in NAME.yaml. */
  line?: number;
  /** Hops the call takes, when the case is about routing. */
  path?: string[];
  /** A fragment of an assumption the verdict must record. */
  assumption?: string;
  cite: string;
}

interface Expected {
  options?: EvaluatorOptions;
  workloads: Record<string, Omit<Workload, 'name'>>;
  calls: ExpectedCall[];
}

/** Reads a scenario's objects with the position of each object's first line. */
export function readObjects(file: string): ClusterObject[] {
  return parseYamlDocuments(readFileSync(file, 'utf8'), file)
    .filter((d) => d.value !== null && typeof d.value === 'object')
    .map((d) => ({ object: d.value as KubeObject, source: d.locate('') }));
}

const names = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.yaml'))
  .map((f) => f.slice(0, -'.expected.yaml'.length))
  .sort();

describe('policy fixtures', () => {
  it('finds scenarios for every policy family', () => {
    for (const family of ['istio', 'linkerd', 'networkpolicy']) expect(names.filter((n) => n.startsWith(`${family}-`)).length).toBeGreaterThanOrEqual(3);
  });

  describe.each(names)('%s', (name) => {
    const expected = load(readFileSync(join(dir, `${name}.expected.yaml`), 'utf8')) as Expected;
    const objects = readObjects(join(dir, `${name}.yaml`));
    const cluster = indexCluster(objects, expected.options);
    const workload = (id: string): Workload => {
      const w = expected.workloads[id];
      if (!w) throw new Error(`${name}: unknown workload ${id}`);
      return { name: id, ...w };
    };
    it.each(expected.calls.map((c) => [`${c.from} -> ${c.to}:${c.port}${c.http?.method ? ` ${c.http.method}` : ''}${c.http?.path ? ` ${c.http.path}` : ''}: ${c.allowed ? 'allowed' : 'denied'}`, c] as const))('%s', (_t, c) => {
      const req: CallRequest = { from: workload(c.from), to: workload(c.to), port: c.port };
      if (c.service) req.service = c.service;
      if (c.protocol) req.protocol = c.protocol;
      if (c.http) req.http = c.http;
      const v = evaluateCall(cluster, req);
      const why = `${c.cite}\n${formatTrace(v).join('\n')}`;
      expect(v.allowed, why).toBe(c.allowed);
      if (c.decidedBy !== undefined) {
        const got = v.decidedBy ? `${v.decidedBy.kind} ${v.decidedBy.namespace ? `${v.decidedBy.namespace}/` : ''}${v.decidedBy.name}` : null;
        expect(got, why).toBe(c.decidedBy);
      }
      if (c.line !== undefined) expect(v.decidedBy?.source?.line, why).toBe(c.line);
      if (c.path) expect(v.path, why).toEqual(c.path);
      if (c.assumption) expect(v.assumptions.join('\n'), why).toContain(c.assumption);
      // Every step the trace names is an object of the scenario, with its position, and the
      // printed trace (what explain-call shows) ends with the verdict.
      for (const s of v.trace) if (s.object) expect(s.object.source?.file, why).toBe(join(dir, `${name}.yaml`));
      const printed = formatTrace(v);
      expect(printed.length).toBeGreaterThanOrEqual(v.trace.length + 1);
      expect(printed[v.trace.length]).toMatch(c.allowed ? /^ALLOWED: / : /^DENIED: /);
      if (c.line !== undefined) expect(printed.join('\n')).toContain(`${name}.yaml:${c.line}:1`);
      expect(c.cite).toMatch(/^https:\/\/(istio\.io|linkerd\.io|kubernetes\.io)\/\S+#\S+/);
    });
  });
});

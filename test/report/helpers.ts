/** Shared inputs for the report tests: the shop fixture with a full, hand-written decision. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '../../src/core/types.js';
import type { RecordInput } from '../../src/format/report/record.js';
import { loadCase, repoRoot, type TopologyCase } from '../diagram/helpers.js';

export const reportFixtures = join(repoRoot, 'test/fixtures/report');

/** A topology case with a full decision and the record input an architecture load would give. */
export function shopWithFullDecision(): { c: TopologyCase; decision: Decision; input: RecordInput } {
  const c = loadCase('shop-both');
  const decision = { ...JSON.parse(readFileSync(join(reportFixtures, 'shop-both.decision-full.json'), 'utf8')), answers: c.answers } as Decision;
  const input: RecordInput = {
    kind: 'architecture',
    source: 'shop-both.yaml',
    architecture: { architecture: c.architecture!, files: ['test/fixtures/report/topology/shop-both.yaml'], format: 'meshgate' },
    inferred: [{ field: 'services', value: 4, because: '4 services in shop-both.yaml' }],
    defaulted: ['team', 'latency'],
  };
  return { c: { ...c, decision }, decision, input };
}

/** The record input for any topology case, as loadInput would describe it. */
export function recordInputFor(c: TopologyCase): RecordInput {
  return c.architecture
    ? { kind: 'architecture', source: c.source, architecture: { architecture: c.architecture, files: [c.source], format: 'meshgate' }, inferred: [], defaulted: [] }
    : { kind: 'answers', source: c.source, inferred: [], defaulted: [] };
}

/**
 * `meshgate explain-call` output: for each caller and callee workload, every object the policy
 * evaluator looked at, in the order a connection meets them, with its verdict, then the answer
 * and what had to be assumed. Text fits `columns` (Io.columns); JSON is the same data. Pure.
 */
import type { CallVerdict, ObjectRef, TraceStep } from '../core/policy/types.js';
import type { Loc } from '../core/types.js';
import { hang, visible } from './terminal-text.js';

/** One evaluated pair, as the command hands it over. */
export interface ExplainedPair {
  from: { name: string; namespace: string; serviceAccount: string };
  to: { name: string; namespace: string; serviceAccount: string };
  port: number;
  protocol?: string;
  /** The declared call between the two services: where its address is written. */
  declared?: { loc: Loc; name: string }[];
  verdict: CallVerdict;
}

function where(loc: Loc | undefined): string {
  return loc ? ` (${visible(loc.file)}:${loc.line}:${loc.column})` : '';
}

function describe(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function stepLine(s: TraceStep, n: number): string {
  const object = s.object ? ` ${visible(describe(s.object))}${where(s.object.source)}` : '';
  return `${String(n).padStart(3)}. [${s.layer}] ${s.verdict.toUpperCase()}${object}: ${visible(s.reason)}`;
}

/** The text report: one block per pair. */
export function formatExplainText(pairs: readonly ExplainedPair[], columns: number | undefined): string {
  const out: string[] = [];
  // A line starting with `lead` spaces; continuation lines `more` spaces further in.
  const wrap = (line: string, more: string): string => {
    const lead = /^ */.exec(line)![0];
    if (columns === undefined) return line;
    return lead + hang(line.slice(lead.length), columns - lead.length - more.length, lead + more);
  };
  for (const p of pairs) {
    const head = `${visible(p.from.namespace)}/${visible(p.from.name)} (ServiceAccount ${visible(p.from.serviceAccount)}) → ${visible(p.to.namespace)}/${visible(p.to.name)} (ServiceAccount ${visible(p.to.serviceAccount)}), port ${p.port}${p.protocol ? ` ${p.protocol}` : ''}`;
    out.push(wrap(head, '  '));
    if (p.declared?.length) for (const d of p.declared) out.push(wrap(`  declared call: ${visible(d.loc.file)}:${d.loc.line}:${d.loc.column} (${visible(d.name)})`, '  '));
    else out.push(wrap('  no declared call between these services: evaluated as if one were made', '  '));
    out.push(wrap(`  path: ${p.verdict.path.map(visible).join(' → ')}`, '  '));
    let hop = '';
    let n = 0;
    for (const s of p.verdict.trace) {
      if (s.hop !== hop) {
        hop = s.hop;
        out.push(wrap(`  hop ${visible(hop)}`, '  '));
      }
      out.push(wrap(`  ${stepLine(s, ++n)}`, '     '));
    }
    const by = p.verdict.decidedBy ? ` by ${visible(describe(p.verdict.decidedBy))}${where(p.verdict.decidedBy.source)}` : '';
    out.push(wrap(`  ${p.verdict.allowed ? 'ALLOWED' : 'DENIED'}${by}: ${visible(p.verdict.reason)}`, '  '));
    for (const a of p.verdict.assumptions) out.push(wrap(`  assumed: ${visible(a)}`, '  '));
    out.push('');
  }
  const denied = pairs.filter((p) => !p.verdict.allowed).length;
  out.push(wrap(denied === 0 ? `allowed: ${pairs.length} of ${pairs.length} workload pair${pairs.length === 1 ? '' : 's'}` : `denied: ${denied} of ${pairs.length} workload pair${pairs.length === 1 ? '' : 's'}`, '  '));
  return `${out.join('\n')}\n`;
}

/** The JSON report: `{ allowed, pairs: [...] }`, each pair with its whole trace. */
export function formatExplainJson(pairs: readonly ExplainedPair[]): string {
  return `${JSON.stringify({ allowed: pairs.every((p) => p.verdict.allowed), pairs }, null, 2)}\n`;
}

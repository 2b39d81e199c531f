/**
 * `meshgate diagram`: the topology with the recommended gateway and mesh, as Mermaid, DOT or SVG
 * (Graphviz compiled to WebAssembly, so no system packages are needed).
 */
import type { Io } from '../io.js';
import { decideInput } from '../app/decision.js';
import { checkOutputTarget, writeOutputFile } from '../shell/write-output-file.js';
import { topologyFor } from '../core/diagram/topology.js';
import { toMermaid } from '../core/diagram/mermaid.js';
import { toDot } from '../core/diagram/dot.js';
import { wrapMessage } from '../format/terminal-text.js';

export interface DiagramOptions {
  format?: 'mermaid' | 'dot' | 'svg';
  output?: string;
  answers?: string;
  force?: boolean;
  maxBytes?: string;
}

export async function runDiagram(inputs: string[], opts: DiagramOptions, io: Io): Promise<number> {
  const writeOpts = { force: opts.force ?? false, cwd: io.cwd };
  // `-o -` means stdout, as for most tools that take an output file.
  const output = opts.output === '-' ? undefined : opts.output;
  if (output) checkOutputTarget(output, writeOpts);
  const { input, decision } = await decideInput(inputs, { answers: opts.answers, maxBytes: opts.maxBytes }, io);
  const graph = topologyFor(input, decision);
  let text: string;
  switch (opts.format ?? 'mermaid') {
    case 'mermaid':
      text = toMermaid(graph);
      break;
    case 'dot':
      text = toDot(graph);
      break;
    case 'svg': {
      // A topology too big to draw box by box is drawn as groups, and the picture says so.
      const { renderTopologySvg } = await import('../shell/render-svg.js');
      const drawn = await renderTopologySvg(graph);
      if (drawn.omitted) io.stderr(`${wrapMessage(`meshgate: note: ${drawn.omitted}`, io.columns)}\n`);
      text = drawn.svg;
      break;
    }
  }
  if (output) writeOutputFile(output, text, writeOpts);
  else io.stdout(text);
  return 0;
}

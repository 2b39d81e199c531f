/**
 * SVG from DOT with Graphviz compiled to WebAssembly (@viz-js/viz), in-process: no `dot` binary
 * needed. Imported lazily because instantiating the WebAssembly module costs real time, and only
 * `diagram -f svg` and `report -f html` need it.
 */
import type { Viz } from '@viz-js/viz';
import { UserError } from '../errors.js';
import type { TopologyGraph } from '../core/diagram/topology.js';

/**
 * The most nodes the in-process Graphviz lays out. Measured on the force-directed tier: 5,000
 * services with 15,000 calls take 2.5 s and 670 MB; 10,000 exhaust the WebAssembly heap.
 */
export const SVG_NODE_LIMIT = 5000;

let vizPromise: Promise<Viz> | undefined;

function tooLarge(nodes: number, edges: number, why: string): UserError {
  return new UserError(`the topology has ${nodes} nodes and ${edges} edges: ${why}`, {
    hint: 'use `meshgate diagram -f dot` and a native Graphviz (e.g. `sfdp -Tsvg`), or `-f mermaid`',
  });
}

/**
 * Renders DOT text to a standalone SVG document (with XML declaration). `size` is the graph's
 * node and edge count, checked against SVG_NODE_LIMIT before any work is done.
 */
export async function renderSvg(dot: string, size?: { nodes: number; edges: number }): Promise<string> {
  if (size && size.nodes > SVG_NODE_LIMIT) {
    throw tooLarge(size.nodes, size.edges, `more than the ${SVG_NODE_LIMIT} nodes the built-in Graphviz (WebAssembly) can lay out`);
  }
  vizPromise ??= import('@viz-js/viz').then((m) => m.instance());
  const viz = await vizPromise;
  let result: ReturnType<Viz['render']>;
  try {
    result = viz.render(dot, { format: 'svg', engine: 'dot' });
  } catch (err) {
    // The WebAssembly module aborts (rather than returning an error) when its heap runs out.
    vizPromise = undefined;
    throw tooLarge(size?.nodes ?? 0, size?.edges ?? 0, `the built-in Graphviz gave up (${(err as Error).message})`);
  }
  if (result.status !== 'success') {
    // The DOT comes from our own renderer, so a failure here is a bug, not a user mistake.
    const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message}`).join('; ');
    throw new Error(`Graphviz could not render the diagram: ${messages}`);
  }
  return result.output;
}

/**
 * The same SVG made fit for inlining into HTML: no XML declaration, no DOCTYPE (whose DTD URL a
 * strict reader might try to fetch) and no comments.
 */
export function svgForInlining(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/, '')
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    .trim();
}

/**
 * The SVG of a topology, never a failure for its size: more than DETAIL_LIMIT services are drawn
 * as groups (see core/diagram/simplify.ts), and should Graphviz still give up, the picture is
 * grouped completely. `omitted` says what the picture leaves out, when it leaves anything out.
 */
export async function renderTopologySvg(graph: TopologyGraph): Promise<{ svg: string; drawn: TopologyGraph; omitted?: string }> {
  const { simplifyTopology } = await import('../core/diagram/simplify.js');
  const { toDot } = await import('../core/diagram/dot.js');
  const first = simplifyTopology(graph);
  try {
    return { svg: await renderSvg(toDot(first.graph), { nodes: first.graph.nodes.length, edges: first.graph.edges.length }), drawn: first.graph, omitted: first.omitted };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const grouped = simplifyTopology(graph, 0);
    const why = `The full picture was too much for the built-in Graphviz (${err.message}). `;
    const svg = await renderSvg(toDot(grouped.graph), { nodes: grouped.graph.nodes.length, edges: grouped.graph.edges.length });
    return { svg, drawn: grouped.graph, omitted: why + (grouped.omitted ?? '') };
  }
}

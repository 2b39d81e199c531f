/**
 * SVG from DOT with Graphviz compiled to WebAssembly (@viz-js/viz), in-process: no `dot` binary
 * needed. Imported lazily because instantiating the WebAssembly module costs real time, and only
 * `diagram -f svg` and `report -f html` need it.
 */
import type { Viz } from '@viz-js/viz';

let vizPromise: Promise<Viz> | undefined;

/** Renders DOT text to a standalone SVG document (with XML declaration). */
export async function renderSvg(dot: string): Promise<string> {
  vizPromise ??= import('@viz-js/viz').then((m) => m.instance());
  const viz = await vizPromise;
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
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

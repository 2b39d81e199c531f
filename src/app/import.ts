/**
 * `import`: compose files or Kubernetes manifests read as one system and rendered in the meshgate
 * Architecture format, with comments saying what was inferred and from which file:line.
 */
import { dump } from 'js-yaml';
import type { InputAccess } from '../io.js';
import type { Architecture } from '../core/types.js';
import { toDocument } from '../core/architecture.js';
import { renderArchitectureYaml } from '../core/render-architecture.js';
import { readOneSystem } from '../shell/load-architecture.js';
import { schemaModeline } from '../shell/schema-modeline.js';

export interface ImportRequest {
  /** The largest input file to read, in bytes. */
  maxBytes?: number;
  /** The directory the text will be written in: the editor's schema line is relative to it. */
  writtenTo: string;
}

export async function importArchitecture(inputs: string[], req: ImportRequest, io: InputAccess): Promise<{ text: string; architecture: Architecture }> {
  const sys = await readOneSystem(inputs, { maxBytes: req.maxBytes }, io);
  const text =
    schemaModeline('architecture.schema.json', req.writtenTo) +
    renderArchitectureYaml(toDocument(sys.architecture), sys.notes, sys.files, (v) => dump(v, { lineWidth: -1, noRefs: true }));
  return { text, architecture: sys.architecture };
}

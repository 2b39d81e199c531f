/**
 * Renders an Architecture document as YAML with explanatory comments. The YAML itself comes
 * from a serializer (passed in, so this module stays pure and light); comments are inserted
 * as whole lines above the entries they describe, with their text made single-line so nothing
 * an input file contains can escape the comment.
 */
import type { Loc } from './types.js';

export interface CommentNote {
  message: string;
  loc?: Loc;
  pointer?: string;
}

/** One comment line's text: no line breaks or other control characters. */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/** The input files, or their count and common folder when there are many. */
function describeFiles(files: string[]): string {
  if (files.length <= 3) return files.join(', ');
  const parts = files.map((f) => f.split('/'));
  const common: string[] = [];
  for (let i = 0; i < parts[0]!.length - 1; i++) {
    const seg = parts[0]![i]!;
    if (parts.every((p) => p[i] === seg && i < p.length - 1)) common.push(seg);
    else break;
  }
  return `${files.length} files${common.length > 0 ? ` under ${common.join('/') || '/'}` : ''}`;
}

function sectionOf(pointer: string | undefined): string {
  if (!pointer) return '';
  const m = /^\/services\/(\d+)/.exec(pointer);
  if (m) return `/services/${m[1]}`;
  return '/' + (pointer.split('/')[1] ?? '');
}

/**
 * `serialize` must produce block-style YAML in which each service entry starts with `- name:`
 * and top-level keys start at column 1 (js-yaml `dump` does).
 */
export function renderArchitectureYaml(
  doc: Record<string, unknown>,
  notes: CommentNote[],
  files: string[],
  serialize: (value: unknown) => string,
): string {
  const body = serialize(doc).split('\n');
  const bySection = new Map<string, string[]>();
  for (const n of notes) {
    const key = sectionOf(n.pointer);
    const list = bySection.get(key) ?? [];
    list.push(commentText(n.message));
    bySection.set(key, list);
  }
  const out: string[] = [
    `# meshgate Architecture, imported by \`meshgate import\` from ${commentText(describeFiles(files))}.`,
    '# Everything below was inferred from those files; check it, add what they cannot show',
    '# (auth, rateLimit, partner exposure), then run `meshgate lint` and `meshgate recommend` on this file.',
  ];
  for (const line of bySection.get('') ?? []) out.push(`# - ${line}`);
  let serviceIndex = -1;
  let inServices = false;
  for (const line of body) {
    const top = /^([A-Za-z]+):/.exec(line);
    if (top) {
      inServices = top[1] === 'services';
      const notesHere = bySection.get(`/${top[1]}`);
      if (notesHere) for (const n of notesHere) out.push(`# ${n}`);
    } else if (inServices) {
      const item = /^(\s*)- name:/.exec(line);
      if (item) {
        serviceIndex++;
        for (const n of bySection.get(`/services/${serviceIndex}`) ?? []) out.push(`${item[1]}# ${n}`);
      }
    }
    out.push(line);
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

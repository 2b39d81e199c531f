/**
 * What every importer shares: its input (parsed files with positions), its result (model,
 * locator, notes) and the pointer → position table that backs the locator. Pure.
 */
import type { Architecture, Loc, Locator } from '../core/types.js';
import type { YamlDocument } from '../yaml/parse.js';
import type { ImportInventory } from '../core/import-inventory.js';

/** One parsed input file. */
export interface SourceFile {
  /** Name used in messages (the path as given). */
  file: string;
  docs: YamlDocument[];
}

/** Something an importer inferred or skipped, with where it saw it. */
export interface ImportNote {
  message: string;
  loc?: Loc;
  /** Model node the note is about (`/services/2`, `/gateway`), when there is one. */
  pointer?: string;
}

export interface ImportResult {
  architecture: Architecture;
  /** Resolves a pointer into `architecture` to the source node it came from. */
  locate: Locator;
  notes: ImportNote[];
  /**
   * What the importer read beyond the model, as plain data, for checks that need the source
   * objects themselves (policy drift: which policy selects which workload, which env var makes
   * which call). Absent for meshgate files.
   */
  inventory?: ImportInventory;
}


/**
 * Records where each model node came from while an importer builds the model, and answers
 * `locate` queries by falling back to the nearest recorded ancestor.
 */
export class SourceMap {
  private readonly locs = new Map<string, Loc>();
  constructor(private readonly root: Loc) {}

  set(pointer: string, loc: Loc): void {
    this.locs.set(pointer, loc);
  }

  /** Sets only when nothing more precise was recorded before. */
  setDefault(pointer: string, loc: Loc): void {
    if (!this.locs.has(pointer)) this.locs.set(pointer, loc);
  }

  has(pointer: string): boolean {
    return this.locs.has(pointer);
  }

  /** Re-keys entries under `from` to `to` (used when list entries are renumbered). */
  move(from: string, to: string): void {
    const moved: [string, Loc][] = [];
    for (const [p, loc] of this.locs) {
      if (p === from || p.startsWith(from + '/')) moved.push([p, loc]);
    }
    for (const [p] of moved) this.locs.delete(p);
    for (const [p, loc] of moved) this.locs.set(to + p.slice(from.length), loc);
  }

  locator(): Locator {
    return (pointer: string) => {
      let p = pointer;
      for (;;) {
        const loc = this.locs.get(p);
        if (loc) return loc;
        if (p === '' || !p.startsWith('/')) return this.root;
        p = p.slice(0, p.lastIndexOf('/'));
      }
    };
  }
}

/** "file:line:col" for messages. */
export function at(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** A plain mapping, or undefined. */
export function asMap(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A list, or [] for anything else. */
export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A scalar as text (numbers and booleans too: compose writes ports as either), else undefined. */
export function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

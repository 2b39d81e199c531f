/**
 * Source positions: the YAML reader makes them, and everything above it (the model, findings,
 * errors) carries them. Defined at the bottom layer so the reader depends on nothing above it.
 */

/** A 1-based position in a source file. */
export interface Loc {
  file: string;
  line: number;
  column: number;
}

/**
 * Resolves a JSON pointer into the (normalised) model to where it came from.
 * Falls back to the nearest ancestor that has a position; never throws.
 */
export type Locator = (pointer: string) => Loc;

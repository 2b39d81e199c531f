/**
 * Reading YAML as docker compose and kubectl do where they are more lenient than YAML 1.2.
 *
 * libyaml and Go's yaml, which compose and kubectl use, do not check indentation inside flow
 * collections, so real files (the OpenTelemetry demo's compose file, for one) close a multi-line
 * flow list at its key's indentation:
 *
 *     command: [
 *       "--config=/etc/otel.yaml",
 *     ]
 *
 * js-yaml, as the spec says, rejects that `]` ("deficient indentation"). When it does, one pass
 * over the text moves every line that sits inside a flow collection and starts left of the
 * collection's opening bracket right, to that bracket's column, and the text is parsed once more.
 * Moving such a line changes no value: line folding inside flow collections and quoted scalars
 * drops leading white space. Positions on moved lines are shifted back, so every reported
 * line:column is the file's own. The moved text is accepted only if js-yaml's own parse of it
 * confirms that every moved line is inside a flow collection and none is inside a block scalar
 * (where white space is content); otherwise the first error stands.
 */
import { UserError } from '../errors.js';
import { parseWithNodes, type YamlDocument, type YamlParseOptions } from './parse.js';
import type { NodeTable } from './positions.js';

const SPACE = 32;
const TAB = 9;
const CR = 13;
const QUOTE = 39;
const DOUBLE_QUOTE = 34;

const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === CR;
/** Whether a `-`, `?` or `:` at this point is an indicator: followed by white space or the line's end. */
const endsToken = (c: number): boolean => Number.isNaN(c) || isSpace(c);
const isFlowIndicator = (c: number): boolean => c === 44 || c === 91 || c === 93 || c === 123 || c === 125;

/** A text with some lines moved right, and by how much (0-based line -> spaces added). */
export interface Reindented {
  text: string;
  shifts: Map<number, number>;
}

/**
 * Moves every line inside a flow collection that starts left of the collection's outermost
 * opening bracket right to that bracket's column. One pass, any number of lines. It reads YAML's
 * lexical structure only (comments, quotes, brackets, block scalars, document markers); js-yaml
 * has the last word on the result (see parseYamlLikeCompose). Undefined when no line moves.
 */
export function reindentFlowLines(text: string): Reindented | undefined {
  const lines = text.split('\n');
  const shifts = new Map<number, number>();
  let flowDepth = 0;
  /** Column of the outermost open flow collection's bracket. */
  let flowColumn = 0;
  /** The quote character of an open quoted scalar, or 0. */
  let quote = 0;
  /** Inside a block scalar: the indentation its lines must exceed; -2 outside one. */
  let blockScalarParent = -2;
  /** Inside a flow collection: whether the next character may start a node (and so a quote). */
  let flowNodeStart = true;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li]!;
    let indent = 0;
    while (line.charCodeAt(indent) === SPACE) indent++;
    let rest = indent;
    while (rest < line.length && isSpace(line.charCodeAt(rest))) rest++;
    const blank = rest >= line.length;
    if (blockScalarParent > -2) {
      if (blank || indent > blockScalarParent) continue;
      blockScalarParent = -2;
    }
    let from = indent;
    if (indent === 0 && /^(---|\.\.\.)([ \t\r]|$)/.test(line)) {
      // A document marker ends whatever was open (js-yaml reports an unclosed one itself).
      flowDepth = 0;
      quote = 0;
      from = 3;
    } else if (flowDepth > 0 && !blank && indent < flowColumn) {
      const shift = flowColumn - indent;
      line = ' '.repeat(shift) + line;
      lines[li] = line;
      shifts.set(li, shift);
      from += shift;
    }
    // Block context: a node may start at the line's first character, after `- `, `? `, `: `.
    let nodeStart = true;
    /** Column of the key or `-` that owns what follows on this line (a block scalar's parent). */
    let owner = -1;
    let scalarStart = -1;
    for (let i = from; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (quote !== 0) {
        if (c === QUOTE && quote === QUOTE) {
          if (line.charCodeAt(i + 1) === QUOTE) i++;
          else quote = 0;
        } else if (quote === DOUBLE_QUOTE) {
          if (c === 92) i++;
          else if (c === DOUBLE_QUOTE) quote = 0;
        }
        if (quote === 0) {
          nodeStart = false;
          flowNodeStart = false;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (c === 35 && (i === 0 || isSpace(line.charCodeAt(i - 1)))) break; // a comment
      if (flowDepth > 0) {
        if (c === 91 || c === 123) {
          flowDepth++;
          flowNodeStart = true;
        } else if (c === 93 || c === 125) {
          flowDepth--;
          flowNodeStart = false;
          nodeStart = false;
        } else if (c === 44) {
          flowNodeStart = true;
        } else if (c === 58) {
          const next = line.charCodeAt(i + 1);
          flowNodeStart = endsToken(next) || isFlowIndicator(next) || next === QUOTE || next === DOUBLE_QUOTE;
        } else if (flowNodeStart && (c === QUOTE || c === DOUBLE_QUOTE)) {
          quote = c;
        } else if (!(flowNodeStart && (c === 38 || c === 33 || c === 63))) {
          // `&anchor`, `!tag` and `?` leave the next character a node start; anything else is a plain scalar.
          flowNodeStart = false;
        }
        continue;
      }
      if (nodeStart) {
        if (c === 91 || c === 123) {
          flowDepth = 1;
          flowColumn = i;
          flowNodeStart = true;
        } else if (c === QUOTE || c === DOUBLE_QUOTE) {
          quote = c;
          scalarStart = i;
        } else if (c === 124 || c === 62) {
          blockScalarParent = owner >= 0 ? owner : indent - 1;
          break;
        } else if ((c === 45 || c === 63 || c === 58) && endsToken(line.charCodeAt(i + 1))) {
          if (c !== 58) owner = i;
        } else if (c === 38 || c === 33 || c === 42) {
          while (i + 1 < line.length && !isSpace(line.charCodeAt(i + 1))) i++;
          if (c === 42) nodeStart = false;
        } else if (c === 37 && i === 0) {
          break; // a directive
        } else {
          scalarStart = i;
          nodeStart = false;
        }
        continue;
      }
      // After a scalar in block context, `: ` makes it a key: what follows is its value.
      if (c === 58 && endsToken(line.charCodeAt(i + 1))) {
        owner = scalarStart;
        nodeStart = true;
      }
    }
  }
  return shifts.size === 0 ? undefined : { text: lines.join('\n'), shifts };
}

/**
 * Whether js-yaml's parse of the moved text agrees with the lexer: every moved line starts inside
 * a flow collection (or with a closing bracket, a comma or a comment, which no block structure
 * can start with) and outside every block scalar. Lines and spans are both in text order, so one
 * merge-like pass checks them all.
 */
function shiftsConfirmed(text: string, shifts: ReadonlyMap<number, number>, nodes: NodeTable): boolean {
  const firstChars: number[] = [];
  const wanted = [...shifts.keys()].sort((a, b) => a - b);
  let line = 0;
  let offset = 0;
  for (const target of wanted) {
    for (; line < target; line++) offset = text.indexOf('\n', offset) + 1;
    let at = offset;
    while (isSpace(text.charCodeAt(at))) at++;
    firstChars.push(at);
  }
  const flows = nodes.outerFlowSpans();
  const blocks = nodes.blockScalarRanges().sort((a, b) => a[0] - b[0]);
  let f = 0;
  let b = 0;
  for (const at of firstChars) {
    while (b < blocks.length && blocks[b]![1] <= at) b++;
    if (b < blocks.length && blocks[b]![0] <= at) return false;
    const c = text.charCodeAt(at);
    if (c === 93 || c === 125 || c === 44 || c === 35) continue;
    while (f < flows.length && flows[f]![1] <= at) f++;
    if (!(f < flows.length && flows[f]![0] < at)) return false;
  }
  return true;
}

function isAfter(a: UserError, b: UserError): boolean {
  const x = a.details[0]?.loc;
  const y = b.details[0]?.loc;
  return x !== undefined && y !== undefined && (x.line > y.line || (x.line === y.line && x.column > y.column));
}

/**
 * Parses like docker compose and kubectl do: as js-yaml does, except that flow collections may
 * continue and close left of where YAML 1.2 allows (see the top of this file).
 */
export function parseYamlLikeCompose(text: string, file: string, opts: Omit<YamlParseOptions, 'lineShifts'> = {}): YamlDocument[] {
  try {
    return parseWithNodes(text, file, opts).docs;
  } catch (first) {
    if (!(first instanceof UserError) || !/deficient indentation/.test(first.message)) throw first;
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const moved = reindentFlowLines(body);
    if (!moved) throw first;
    let parsed: ReturnType<typeof parseWithNodes>;
    try {
      parsed = parseWithNodes(moved.text, file, { ...opts, lineShifts: moved.shifts });
    } catch (second) {
      // An error past the first one is the file's next real problem (compose would stop there
      // too); one before it means the moved text went wrong, and js-yaml's own error stands.
      throw second instanceof UserError && isAfter(second, first) ? second : first;
    }
    if (!shiftsConfirmed(moved.text, moved.shifts, parsed.nodes)) throw first;
    return parsed.docs;
  }
}

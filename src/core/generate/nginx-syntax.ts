/**
 * nginx configuration as data. Directives are built as a tree and serialised here; every
 * argument that came from the user is a `user` token and goes through `quoteNginx`, which
 * refuses anything that could end a directive, open or close a block, start a variable or
 * break out of the quotes. Our own arguments (`raw`) are written as they are.
 */

/** One directive argument: our own text, or a value derived from user input. */
export type NginxArg = { raw: string } | { user: string };

/** A simple (`name args;`) or block (`name args { ... }`) directive. */
export interface NginxDirective {
  name: string;
  args: NginxArg[];
  /** Present for block directives (`http { ... }`). */
  block?: NginxNode[];
}

/** A comment line inside a block. */
export interface NginxComment {
  comment: string;
}

/** Anything that can appear in a block. */
export type NginxNode = NginxDirective | NginxComment;

/** Characters that would let a value escape its token: ; { } quotes $ \ and any whitespace or control character. */
const UNSAFE = /[;{}"'$\\\s\p{Cc}\u2028\u2029\u0085#]/u;

/** Thrown when a user-derived value cannot be written safely into nginx.conf. */
export class NginxQuoteError extends Error {
  constructor(readonly value: string) {
    super(`refusing to write ${JSON.stringify(value)} into nginx.conf: it contains a character nginx treats as syntax (; { } quotes $ \\ # or whitespace)`);
    this.name = 'NginxQuoteError';
  }
}

/** Quotes one user-derived token, or throws NginxQuoteError for a value that is unsafe or empty. */
export function quoteNginx(value: string): string {
  if (value.length === 0 || UNSAFE.test(value)) throw new NginxQuoteError(value);
  return `"${value}"`;
}

/** An argument meshgate itself wrote (never user-derived). */
export const raw = (text: string): NginxArg => ({ raw: text });
/** An argument derived from user input: quoted, or refused when unsafe. */
export const user = (text: string): NginxArg => ({ user: text });

/** A simple directive. */
export function directive(name: string, ...args: NginxArg[]): NginxDirective {
  return { name, args };
}

/** A block directive. */
export function block(name: string, args: NginxArg[], children: NginxNode[]): NginxDirective {
  return { name, args, block: children };
}

function renderArg(arg: NginxArg): string {
  return 'user' in arg ? quoteNginx(arg.user) : arg.raw;
}

function commentLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u0085]/gu, '?');
}

/** Serialises nodes with four-space indentation. */
export function renderNginx(nodes: NginxNode[], depth = 0): string {
  const pad = '    '.repeat(depth);
  let out = '';
  for (const node of nodes) {
    if ('comment' in node) {
      out += `${pad}# ${commentLine(node.comment)}\n`;
      continue;
    }
    const head = [node.name, ...node.args.map(renderArg)].join(' ');
    if (node.block) {
      out += `${pad}${head} {\n${renderNginx(node.block, depth + 1)}${pad}}\n`;
    } else {
      out += `${pad}${head};\n`;
    }
  }
  return out;
}

/**
 * An evaluator of the Traefik v3 HTTP router rules meshgate writes, following Traefik's
 * documented semantics (docs/content/reference/routing-configuration/http/routing/
 * rules-and-priority.md in github.com/traefik/traefik):
 * - values are Go string literals: a raw string in backticks, or an interpreted string in double
 *   quotes (single quotes are refused);
 * - `&&`, `||` with the usual precedence (and binds tighter), `!` and parentheses;
 * - Host(`d`): the request host (lower-cased, without port) equals d; `*` matches every host and
 *   `*.example.com` exactly one label in front of example.com;
 * - HostRegexp(`re`): the lower-cased host matches the Go regular expression re (unanchored);
 * - Path(`p`): the path equals p; PathPrefix(`p`): the path starts with p (plain string prefix);
 * - among the routers of an entry point whose rule matches, the highest priority wins; a router
 *   without priority (or 0) has the length of its rule as priority.
 * Any other matcher is refused, so a rule this evaluator cannot read fails the test instead of
 * matching by accident.
 */

export interface Request {
  host: string;
  path: string;
}

type Node = { op: 'and' | 'or'; left: Node; right: Node } | { op: 'not'; arg: Node } | { op: 'call'; name: string; args: string[] };

/** Reads a Go string literal starting at text[i]; returns its value and the index after it. */
function goString(text: string, i: number): { value: string; end: number } {
  if (text[i] === '`') {
    const close = text.indexOf('`', i + 1);
    if (close < 0) throw new Error(`unterminated raw string at ${i} in ${text}`);
    return { value: text.slice(i + 1, close), end: close + 1 };
  }
  if (text[i] === '"') {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) throw new Error(`unterminated string at ${i} in ${text}`);
    const literal = text.slice(i, j + 1);
    // Go escapes meshgate could write: \" \\ \n \t \r \uXXXX (a subset JSON shares); \x, \a, octal are refused.
    if (/\\[^"\\ntrbfu/]/.test(literal)) throw new Error(`escape this evaluator does not read in ${literal}`);
    return { value: JSON.parse(literal) as string, end: j + 1 };
  }
  throw new Error(`expected a string literal (backticks or double quotes) at ${i} in ${text}`);
}

/** Parses a rule into a tree. */
export function parseRule(text: string): Node {
  let i = 0;
  const skip = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const expr = (): Node => {
    let left = term();
    for (skip(); text.startsWith('||', i); skip()) {
      i += 2;
      left = { op: 'or', left, right: term() };
    }
    return left;
  };
  const term = (): Node => {
    let left = factor();
    for (skip(); text.startsWith('&&', i); skip()) {
      i += 2;
      left = { op: 'and', left, right: factor() };
    }
    return left;
  };
  const factor = (): Node => {
    skip();
    if (text[i] === '!') {
      i++;
      return { op: 'not', arg: factor() };
    }
    if (text[i] === '(') {
      i++;
      const inner = expr();
      skip();
      if (text[i] !== ')') throw new Error(`expected ) at ${i} in ${text}`);
      i++;
      return inner;
    }
    const m = /^[A-Za-z]+/.exec(text.slice(i));
    if (!m) throw new Error(`expected a matcher at ${i} in ${text}`);
    i += m[0].length;
    skip();
    if (text[i] !== '(') throw new Error(`expected ( after ${m[0]} in ${text}`);
    i++;
    const args: string[] = [];
    for (;;) {
      skip();
      const s = goString(text, i);
      args.push(s.value);
      i = s.end;
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ')') {
        i++;
        break;
      }
      throw new Error(`expected , or ) at ${i} in ${text}`);
    }
    return { op: 'call', name: m[0], args };
  };
  const tree = expr();
  skip();
  if (i !== text.length) throw new Error(`unexpected text at ${i} in ${text}`);
  return tree;
}

/** A Go (RE2) regular expression as a JavaScript one: the subset without Go-only syntax. */
function goRegexp(re: string): RegExp {
  if (/\(\?[a-zA-Z]|\\[pPQEz]|\[\[:/.test(re)) throw new Error(`Go regexp syntax this evaluator does not read: ${re}`);
  return new RegExp(re);
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) {
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot + 1) === p.slice(2);
  }
  return host === p;
}

/** True when the rule matches the request. */
export function evaluate(node: Node, req: Request): boolean {
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  switch (node.op) {
    case 'and':
      return evaluate(node.left, req) && evaluate(node.right, req);
    case 'or':
      return evaluate(node.left, req) || evaluate(node.right, req);
    case 'not':
      return !evaluate(node.arg, req);
    case 'call': {
      const [a] = node.args;
      if (node.args.length !== 1 || a === undefined) throw new Error(`${node.name} takes one value`);
      switch (node.name) {
        case 'Host':
          return hostMatches(a, host);
        case 'HostRegexp':
          return goRegexp(a).test(host);
        case 'Path':
          return req.path === a;
        case 'PathPrefix':
          return req.path.startsWith(a);
        default:
          throw new Error(`matcher ${node.name} is not one meshgate writes`);
      }
    }
  }
}

export interface Router {
  entryPoints?: string[];
  rule: string;
  priority?: number;
  service: string;
}

/**
 * The routers of an entry point that win a request: all of the highest priority among those
 * that match (more than one means Traefik's choice between them is not defined by the docs).
 */
export function winners(routers: Record<string, Router>, entryPoint: string, req: Request): string[] {
  const matching = Object.entries(routers)
    .filter(([, r]) => !r.entryPoints || r.entryPoints.includes(entryPoint))
    .filter(([, r]) => evaluate(parseRule(r.rule), req))
    .map(([name, r]) => ({ name, priority: r.priority && r.priority > 0 ? r.priority : r.rule.length }));
  if (matching.length === 0) return [];
  const top = Math.max(...matching.map((m) => m.priority));
  return matching.filter((m) => m.priority === top).map((m) => m.name);
}

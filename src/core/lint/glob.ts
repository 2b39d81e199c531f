/**
 * Path globs for `.meshgate.yaml` `ignore`: `**` crosses directories, `*` and `?` do not,
 * `{a,b}` alternates. A pattern without a slash matches the base name at any depth, as in
 * .gitignore. Paths use forward slashes.
 */

const cache = new Map<string, RegExp>();

/** Compiles a glob to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let g = glob.replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  if (g.endsWith('/')) g += '**';
  const anywhere = !g.includes('/');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = g.indexOf('}', i);
      if (end === -1) re += '\\{';
      else {
        re += '(?:' + g.slice(i + 1, end).split(',').map(escapeRe).join('|') + ')';
        i = end;
      }
    } else re += escapeRe(c);
  }
  const compiled = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${re}(?:/.*)?$`);
  cache.set(glob, compiled);
  return compiled;
}

function escapeRe(s: string): string {
  return s.replace(/[.+^$()|[\]\\*?{}]/g, '\\$&');
}

/** True when the (forward-slash, relative) path matches any of the globs. */
export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return globs.some((g) => globToRegExp(g).test(p));
}

/**
 * Compose variables: `${VAR}` interpolation as compose does it, and `.env` / `env_file` files.
 * Pure. The semantics follow the compose specification's interpolation chapter
 * (compose-spec 12-interpolation.md) and compose-go's dotenv parser.
 */

/**
 * Interpolates `${VAR:-default}`, `${VAR-default}`, `${VAR:?msg}`, `${VAR}` and `$VAR` the way
 * compose does, with `vars` (the project's `.env`) as the environment: a set value, else the
 * default where given, else the empty string. `$$` is a literal `$`. Returns the text and the
 * names left unresolved.
 */
export function interpolate(text: string, vars: ReadonlyMap<string, string> = new Map()): { text: string; unresolved: string[]; missing: string[] } {
  const unresolved: string[] = [];
  /** Unresolved and without a default to stand in: the value really lacks them. */
  const missing: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      // Find the matching brace, allowing nested ${...} in the default.
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        if (depth > 0) j++;
      }
      const body = text.slice(i + 2, j);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?)(?:([-?+])([\s\S]*))?$/.exec(body);
      if (m) {
        const value = vars.get(m[1]!);
        const usable = value !== undefined && (m[2] !== ':' || value !== '');
        if (m[3] === '+') {
          if (usable) {
            const inner = interpolate(m[4] ?? '', vars);
            unresolved.push(...inner.unresolved);
            missing.push(...inner.missing);
            out += inner.text;
          }
        } else if (usable) {
          out += value;
        } else {
          unresolved.push(m[1]!);
          if (m[3] === '-') {
            const inner = interpolate(m[4] ?? '', vars);
            unresolved.push(...inner.unresolved);
            missing.push(...inner.missing);
            out += inner.text;
          } else if (m[3] !== '+') missing.push(m[1]!);
        }
      }
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (m) {
      const value = vars.get(m[0]);
      if (value !== undefined) out += value;
      else {
        unresolved.push(m[0]);
        missing.push(m[0]);
      }
      i += 1 + m[0].length;
      continue;
    }
    out += '$';
    i++;
  }
  return { text: out, unresolved, missing };
}

/** One `KEY=VALUE` line of a `.env` or `env_file` file, with its 1-based position. */
export interface EnvFileEntry {
  key: string;
  value: string;
  line: number;
  column: number;
  /** Variables `${...}` in the value that neither earlier lines nor `lookup` define (and no default stands in for). */
  unresolved: string[];
}

/**
 * Parses a compose `.env` / `env_file` file the way compose-go's dotenv reader does: `KEY=VALUE`
 * lines, `#` comments, optional `export `, single quotes literal, double quotes with `\n`
 * escapes and `${VAR}` expansion, unquoted values expanded and cut at ` #`. Variables expand
 * from earlier lines first, then from `lookup`.
 */
export function parseEnvFile(text: string, lookup: ReadonlyMap<string, string> = new Map()): EnvFileEntry[] {
  const out: EnvFileEntry[] = [];
  const seen = new Map<string, string>();
  const env = {
    get: (k: string) => seen.get(k) ?? lookup.get(k),
  } as ReadonlyMap<string, string>;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) return;
    let value = m[2]!;
    let unresolved: string[] = [];
    if (value.startsWith("'")) value = value.slice(1, value.indexOf("'", 1) >= 0 ? value.indexOf("'", 1) : undefined);
    else {
      if (value.startsWith('"')) {
        const end = value.indexOf('"', 1);
        value = value.slice(1, end >= 0 ? end : undefined).replace(/\\n/g, '\n').replace(/\\"/g, '"');
      } else value = value.replace(/\s+#.*$/, '').trim();
      const r = interpolate(value, env);
      value = r.text;
      unresolved = r.missing;
    }
    seen.set(m[1]!, value);
    out.push({ key: m[1]!, value, line: i + 1, column: raw.indexOf(m[1]!) + 1, unresolved });
  });
  return out;
}

/** A `.env` file as a map of its variables (later lines win). */
export function parseDotEnv(text: string, lookup?: ReadonlyMap<string, string>): Map<string, string> {
  return new Map(parseEnvFile(text, lookup).map((e) => [e.key, e.value]));
}

/**
 * A strict XML well-formedness reader for the SVG that Graphviz writes: one root element,
 * balanced tags, quoted and unique attributes, only the five predefined entities and numeric
 * character references, no raw `<` or `&` in text. Throws with the offset of the first problem.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside this element, entities decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  if (/[<]/.test(raw)) throw new Error(`raw "<" at ${at}`);
  return raw.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare "&" at ${at}`);
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const num = /^#(\d+)$/.exec(ref) ?? null;
    if (num) return String.fromCodePoint(Number(num[1]));
    const hex = /^#x([0-9a-fA-F]+)$/.exec(ref);
    if (hex) return String.fromCodePoint(parseInt(hex[1]!, 16));
    throw new Error(`unknown entity "${whole}" at ${at}`);
  });
}

/** Parses an XML document and returns its root element; throws if it is not well-formed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  while (i < text.length) {
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0 || stack.length > 0 || root) fail('misplaced processing instruction');
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      if (text.slice(i + 4, end).includes('--')) fail('"--" inside a comment');
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      if (stack.length > 0 || root) fail('misplaced DOCTYPE');
      let quote: string | undefined;
      let j = i + 9;
      for (; j < text.length; j++) {
        const ch = text[j]!;
        if (quote) {
          if (ch === quote) quote = undefined;
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '>') break;
      }
      i = j + 1;
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (text[i] !== '>') fail('expected ">"');
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`closing </${name}> does not match <${open?.name ?? 'nothing'}>`);
    } else if (text[i] === '<') {
      i++;
      const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
      let selfClosing = false;
      for (;;) {
        const before = i;
        skipSpace();
        if (text.startsWith('/>', i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        if (text[i] === '>') {
          i++;
          break;
        }
        if (i === before) fail('expected whitespace before an attribute');
        const attr = readName();
        skipSpace();
        if (text[i] !== '=') fail(`attribute ${attr} has no value`);
        i++;
        skipSpace();
        const quote = text[i];
        if (quote !== '"' && quote !== "'") return fail(`attribute ${attr} is not quoted`);
        const end = text.indexOf(quote, i + 1);
        if (end < 0) fail('unterminated attribute');
        if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
        el.attrs[attr] = decodeEntities(text.slice(i + 1, end), i);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('second root element');
      else root = el;
      if (!selfClosing) stack.push(el);
    } else {
      const next = text.indexOf('<', i);
      const end = next < 0 ? text.length : next;
      const chunk = text.slice(i, end);
      const parent = stack[stack.length - 1];
      if (!parent) {
        if (chunk.trim() !== '') fail('text outside the root element');
      } else parent.text += decodeEntities(chunk, i);
      i = end;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element in document order. */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}

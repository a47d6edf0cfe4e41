// The one reader of XMP text (sidecars, embedded packets, merges). A single left-to-right pass: every search
// either moves past what it found or ends the parse, so the work is linear in the packet's size whatever it
// holds. Lazy regular expressions over the whole packet were not: a 3 MB sidecar of unclosed `<rdf:li>` took
// each of them quadratic time and froze the server (issue 11). It reads the XML that XMP uses (elements,
// attributes, text, CDATA, comments, processing instructions) and refuses the rest (a DOCTYPE, whose
// entities are a classic way to blow up a parser). Names keep their prefixes (`dc:subject`), as photo tools
// write them. Offsets into the source let a merge splice the packet without re-serialising what it keeps.
import { unescapeXml } from './xmlText';

/** Real sidecars are a few KB; anything this large is not one (and is not read). */
export const MAX_XMP_BYTES = 1024 * 1024;
/** XMP nests about ten deep; far deeper is a crafted file. */
export const MAX_XMP_DEPTH = 64;

export interface XmlAttribute {
  name: string;
  /** Unescaped. */
  value: string;
  /** From the whitespace before the name to just past the closing quote, so removing it leaves a tidy tag. */
  start: number;
  end: number;
}

export interface XmlElement {
  name: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** The open tag's '<'. */
  start: number;
  /** Just past the open tag's '>'. */
  openEnd: number;
  /** Just past the close tag's '>' (the open tag's, when self-closing). */
  end: number;
  selfClosing: boolean;
}

export interface XmlText {
  /** Unescaped. */
  text: string;
}

export type XmlNode = XmlElement | XmlText;

export class XmpSyntaxError extends Error {
  override name = 'XmpSyntaxError';
}

const NAME = /[^\s<>/=!?"']+/y;
const SPACE = /\s*/y;

/** The whole packet as a document: a root named '#document' whose children are the top-level nodes. */
export function parseXmp(source: string): XmlElement {
  const document: XmlElement = {
    name: '#document',
    attributes: [],
    children: [],
    start: 0,
    openEnd: 0,
    end: source.length,
    selfClosing: false,
  };
  const stack: XmlElement[] = [document];
  const top = () => stack[stack.length - 1]!;
  let at = 0;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > at) top().children.push({ text: unescapeXml(source.slice(at, textEnd)) });
    if (lt === -1) break;
    if (source.startsWith('<!--', lt)) {
      at = endOf(source, '-->', lt + 4, 'a comment');
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = endOf(source, ']]>', lt + 9, 'a CDATA section');
      top().children.push({ text: source.slice(lt + 9, end - 3) });
      at = end;
    } else if (source.startsWith('<?', lt)) {
      at = endOf(source, '?>', lt + 2, 'a processing instruction');
    } else if (source.startsWith('<!', lt)) {
      throw new XmpSyntaxError('XMP may not hold a DOCTYPE or other declarations');
    } else if (source[lt + 1] === '/') {
      at = closeElement(source, lt, stack);
    } else {
      const element = openElement(source, lt);
      top().children.push(element);
      if (!element.selfClosing) {
        if (stack.length > MAX_XMP_DEPTH) throw new XmpSyntaxError(`XMP nested deeper than ${MAX_XMP_DEPTH}`);
        stack.push(element);
      }
      at = element.openEnd;
    }
  }
  if (stack.length > 1) throw new XmpSyntaxError(`<${top().name}> is never closed`);
  return document;
}

function endOf(source: string, terminator: string, from: number, what: string): number {
  const found = source.indexOf(terminator, from);
  if (found === -1) throw new XmpSyntaxError(`${what} is never closed`);
  return found + terminator.length;
}

function closeElement(source: string, lt: number, stack: XmlElement[]): number {
  const gt = source.indexOf('>', lt);
  if (gt === -1) throw new XmpSyntaxError('a closing tag is never closed');
  const name = source.slice(lt + 2, gt).trim();
  const open = stack.pop();
  if (!open || stack.length === 0 || open.name !== name) {
    throw new XmpSyntaxError(`</${name.slice(0, 80)}> does not close the element it should`);
  }
  open.end = gt + 1;
  return gt + 1;
}

function readName(source: string, from: number): string {
  NAME.lastIndex = from;
  return NAME.exec(source)?.[0] ?? '';
}

function skipSpace(source: string, from: number): number {
  SPACE.lastIndex = from;
  SPACE.exec(source);
  return SPACE.lastIndex;
}

function openElement(source: string, lt: number): XmlElement {
  const name = readName(source, lt + 1);
  if (name === '') throw new XmpSyntaxError(`a '<' at ${lt} starts no element`);
  const attributes: XmlAttribute[] = [];
  let at = lt + 1 + name.length;
  for (;;) {
    const before = at;
    at = skipSpace(source, at);
    if (source.startsWith('/>', at) || source[at] === '>') {
      const selfClosing = source[at] === '/';
      const openEnd = at + (selfClosing ? 2 : 1);
      return { name, attributes, children: [], start: lt, openEnd, end: openEnd, selfClosing };
    }
    if (at === before) throw new XmpSyntaxError(`<${name.slice(0, 80)}> is malformed`);
    const attributeName = readName(source, at);
    const equals = skipSpace(source, at + attributeName.length);
    const quoteAt = skipSpace(source, equals + 1);
    const quote = source[quoteAt];
    if (attributeName === '' || source[equals] !== '=' || (quote !== '"' && quote !== "'")) {
      throw new XmpSyntaxError(`<${name.slice(0, 80)}> has a malformed attribute`);
    }
    const valueStart = quoteAt + 1;
    const valueEnd = source.indexOf(quote, valueStart);
    if (valueEnd === -1) throw new XmpSyntaxError(`an attribute of <${name.slice(0, 80)}> is never closed`);
    attributes.push({
      name: attributeName,
      value: unescapeXml(source.slice(valueStart, valueEnd)),
      start: before,
      end: valueEnd + 1,
    });
    at = valueEnd + 1;
  }
}

function isElement(node: XmlNode): node is XmlElement {
  return 'name' in node;
}

// A parsed packet never changes, and a merge asks for its elements a dozen times: each element's list is
// made once.
const descendantsOf = new WeakMap<XmlElement, readonly XmlElement[]>();

/** Every element under `root`, in document order. */
export function descendants(root: XmlElement): readonly XmlElement[] {
  let found = descendantsOf.get(root);
  if (!found) descendantsOf.set(root, (found = collectDescendants(root)));
  return found;
}

function collectDescendants(root: XmlElement): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    for (const child of element.children) {
      if (!isElement(child)) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

export function elementsNamed(root: XmlElement, name: string): XmlElement[] {
  return descendants(root).filter((element) => element.name === name);
}

export function firstElement(root: XmlElement, name: string): XmlElement | undefined {
  return descendants(root).find((element) => element.name === name);
}

export function attributeOf(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((attribute) => attribute.name === name);
}

/** The first element (the root included) carrying the attribute, and the attribute. */
export function firstAttribute(
  root: XmlElement,
  name: string,
): { element: XmlElement; attribute: XmlAttribute } | undefined {
  for (const element of [root, ...descendants(root)]) {
    const attribute = attributeOf(element, name);
    if (attribute) return { element, attribute };
  }
  return undefined;
}

/** All the text inside an element, its descendants' included. */
export function textContent(element: XmlElement): string {
  return element.children.map((child) => (isElement(child) ? textContent(child) : child.text)).join('');
}

/** The rdf:li items of a Bag, Seq or Alt under `element`: their language (Alt) and their trimmed text. */
export function rdfItems(element: XmlElement): Array<{ lang: string | null; text: string }> {
  return elementsNamed(element, 'rdf:li').map((item) => ({
    lang: attributeOf(item, 'xml:lang')?.value ?? null,
    text: textContent(item).trim(),
  }));
}

/** A parsed packet, or null when it is not XML this reader accepts (too large, malformed). */
export function tryParseXmp(source: string): XmlElement | null {
  if (source.length > MAX_XMP_BYTES) return null;
  try {
    return parseXmp(source);
  } catch (error) {
    if (error instanceof XmpSyntaxError) return null;
    throw error;
  }
}

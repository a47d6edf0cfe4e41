/** Control characters other than tab, newline and return are not allowed in XML 1.0. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/gu;
const SPECIAL = /[&<>"]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// Called for every caption and tag of every sidecar, three times for a tag: two regular-expression passes,
// not an array of the text's characters.
export function escapeXml(text: string): string {
  const allowed = text.replace(FORBIDDEN, '');
  return allowed.replace(SPECIAL, (ch) => ENTITIES[ch]!);
}

/** XML text back to plain text: the five named entities and numeric references, "&amp;" last. */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d{1,8});/g, (_, code: string) => fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]{1,8});/gi, (_, code: string) => fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

/** A reference to no character (`&#99999999;`) reads as U+FFFD rather than throwing. */
function fromCodePoint(code: number): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
}

/** An rdf:Bag of plain texts, as XMP keeps keyword lists. */
export function rdfBag(items: readonly string[]): string {
  return `<rdf:Bag>${items.map((item) => `<rdf:li>${escapeXml(item)}</rdf:li>`).join('')}</rdf:Bag>`;
}

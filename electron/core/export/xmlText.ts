/** Control characters other than tab, newline and return are not allowed in XML 1.0. */
function dropForbidden(text: string): string {
  return [...text]
    .filter((ch) => {
      const code = ch.codePointAt(0)!;
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    })
    .join('');
}

export function escapeXml(text: string): string {
  return dropForbidden(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
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

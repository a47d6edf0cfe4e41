import { describe, expect, it } from 'vitest';
import { unclosedItemsSidecar } from '../../../test/support/craftedXmp';
import { mergeSidecar } from './xmpMerge';
import { newSidecar } from './xmpSidecar';
import {
  elementsNamed,
  firstAttribute,
  firstElement,
  parseXmp,
  rdfItems,
  textContent,
  tryParseXmp,
  XmpSyntaxError,
} from './xmpTree';

const PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<!-- written by hand -->
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about='' xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:Rating="5"
      dc:title="A &amp; B">
   <dc:description><rdf:Alt><rdf:li xml:lang="fr">Chat</rdf:li><rdf:li xml:lang="x-default"> Cat &lt;3 &#x1F408; </rdf:li></rdf:Alt></dc:description>
   <dc:subject><rdf:Bag><rdf:li>a</rdf:li><rdf:li><![CDATA[<b> & c]]></rdf:li><rdf:li/></rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

describe('parseXmp', () => {
  it('reads elements, attributes, entities, CDATA and language alternatives', () => {
    const packet = parseXmp(PACKET);
    const description = firstElement(packet, 'dc:description')!;
    expect(rdfItems(description)).toEqual([
      { lang: 'fr', text: 'Chat' },
      { lang: 'x-default', text: 'Cat <3 🐈' },
    ]);
    expect(rdfItems(firstElement(packet, 'dc:subject')!).map((i) => i.text)).toEqual(['a', '<b> & c', '']);
    expect(firstAttribute(packet, 'dc:title')?.attribute.value).toBe('A & B');
    expect(firstAttribute(packet, 'rdf:about')?.attribute.value).toBe('');
    expect(elementsNamed(packet, 'rdf:li')).toHaveLength(5);
    expect(textContent(firstElement(packet, 'rdf:Alt')!)).toBe('Chat Cat <3 🐈 ');
  });

  it('knows where each element and attribute is in the text', () => {
    const packet = parseXmp(PACKET);
    const subject = firstElement(packet, 'dc:subject')!;
    expect(PACKET.slice(subject.start, subject.end)).toMatch(/^<dc:subject>.*<\/dc:subject>$/);
    const rating = firstAttribute(packet, 'xmp:Rating')!.attribute;
    expect(PACKET.slice(rating.start, rating.end)).toBe(' xmp:Rating="5"');
  });

  it('refuses what is not well-formed, with a reason', () => {
    for (const [text, reason] of [
      ['<a><b></a>', /does not close/],
      ['<a>', /never closed/],
      ['<a b="1>', /never closed/],
      ['<a b=1>', /malformed attribute/],
      ['<!DOCTYPE x [<!ENTITY a "aaaa">]><x/>', /DOCTYPE/],
      ['<!-- open', /comment is never closed/],
      ['</a>', /does not close/],
      ['<', /starts no element/],
      ['<a"b>', /malformed/],
    ] as const) {
      expect(() => parseXmp(text), text).toThrow(XmpSyntaxError);
      expect(() => parseXmp(text), text).toThrow(reason);
    }
    expect(() => parseXmp('<a>'.repeat(100) + '</a>'.repeat(100))).toThrow(/deeper than/);
  });

  it('gets through a megabyte of unclosed items, or of attributes, without going quadratic', () => {
    expect(tryParseXmp(unclosedItemsSidecar(1000 * 1024))).toBeNull();
    expect(tryParseXmp(`<a ${'b="1" '.repeat(150_000)}>`)).toBeNull();
    expect(tryParseXmp(`<a>${'</b'.repeat(300_000)}`)).toBeNull();
    expect(tryParseXmp('<a>' + '&#99999999;'.repeat(10) + '</a>')).not.toBeNull();
    expect(tryParseXmp(' '.repeat(2 * 1024 * 1024))).toBeNull();
  });

  it('merges by splicing: what Shoebox does not own stays byte for byte', () => {
    const merged = mergeSidecar(PACKET, parseXmp(PACKET), { caption: 'Dog', tags: ['b'] });
    const packet = parseXmp(merged);
    expect(rdfItems(firstElement(packet, 'dc:subject')!).map((i) => i.text)).toEqual(['a', '<b> & c', 'b']);
    expect(rdfItems(firstElement(packet, 'dc:description')!)).toEqual([{ lang: 'x-default', text: 'Dog' }]);
    expect(merged).toContain('<!-- written by hand -->');
    expect(merged).toContain(`xmp:Rating="5"\n      dc:title="A &amp; B" xmlns:lr=`);
    expect(elementsNamed(packet, 'dc:subject')).toHaveLength(1);
  });

  it('merges into a self-closing description and takes out old marks', () => {
    const marked = newSidecar({
      caption: 'Model says',
      tags: ['m'],
      suggested: { caption: 'Model says', tags: ['m'] },
    });
    const merged = mergeSidecar(marked, parseXmp(marked), { caption: null, tags: ['mine'] });
    const packet = parseXmp(merged);
    expect(firstElement(packet, 'shoebox:SuggestedSubject')).toBeUndefined();
    expect(firstElement(packet, 'dc:description')).toBeUndefined();
    expect(rdfItems(firstElement(packet, 'dc:subject')!).map((i) => i.text)).toEqual(['mine']);

    const bare =
      '<x:xmpmeta><rdf:RDF><rdf:Description rdf:about="" shoebox:SuggestedDescription="x"/></rdf:RDF></x:xmpmeta>';
    const filled = mergeSidecar(bare, parseXmp(bare), { caption: 'C', tags: [] });
    expect(filled).not.toContain('SuggestedDescription');
    expect(rdfItems(firstElement(parseXmp(filled), 'dc:description')!)[0]!.text).toBe('C');
  });
});

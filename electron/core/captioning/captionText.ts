// What a model writes around the description itself: "This image shows…" openers and Markdown. The caption
// is a plain sentence the owner reads and searches; neither belongs in it.
const OPENERS: RegExp[] = [
  /^(?:in\s+)?(?:this|the)\s+(?:image|photo|photograph|picture|shot|snapshot|scene)\s*,?\s*(?:we\s+(?:can\s+)?see|you\s+can\s+see|there\s+(?:is|are))\s+/i,
  /^(?:this|the)\s+(?:image|photo|photograph|picture|shot|snapshot)\s+(?:shows|depicts|features|captures|contains|displays|presents|portrays|is\s+of|is\s+a\s+(?:photo|picture|image)\s+of|appears\s+to\s+show)\s+/i,
  /^(?:here\s+(?:is|we\s+see)|we\s+see|i\s+see|there\s+(?:is|are))\s+/i,
  /^(?:a|an)\s+(?:photo|photograph|picture|image)\s+(?:of|showing)\s+/i,
  // The same habit in the languages people most often choose.
  /^(?:cette|la)\s+(?:image|photo(?:graphie)?)\s+(?:montre|représente)\s+/i,
  /^(?:das|dieses)\s+(?:bild|foto)\s+zeigt\s+/i,
  /^(?:la|esta)\s+(?:imagen|foto(?:grafía)?)\s+(?:muestra|representa)\s+/i,
  /^(?:l'|questa\s+)(?:immagine|foto)\s+mostra\s+/i,
  /^на\s+(?:(?:этом|этой)\s+)?(?:фото|фотографии|изображении|снимке)\s+(?:(?:изображен|показан|виден|видн)[аоы]?\s+)?/iu,
];

function withoutMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/^\s*#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/gm, '')
    .replace(/^\s*>\s?/gm, '');
}

function capitalised(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase() + text.slice(char.length);
}

/** The caption as one plain sentence or two: no Markdown, no "This image shows", first letter capital. */
export function cleanCaption(caption: string): string {
  let text = withoutMarkdown(caption).replace(/\s+/g, ' ').trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const opener of OPENERS) {
      const stripped = text.replace(opener, '');
      if (stripped !== text && stripped.length > 0) {
        text = stripped;
        changed = true;
      }
    }
  }
  return capitalised(text);
}

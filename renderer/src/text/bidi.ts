// Text Shoebox did not write (file names, folder paths, captions, tags) may carry Unicode's bidirectional
// controls. Unisolated, they reorder what surrounds them; in a file name, a right-to-left override makes
// "\u202Egnp.tac" display as "cat.png" (issue 11). Names therefore show each control as a visible marker,
// and all such text is isolated from the layout around it.

const CONTROL_NAMES: Record<string, string> = {
  '\u061C': 'ALM',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROL.source).test(text);
}

/** The text with every bidi control replaced by a visible marker such as ⟨RLO⟩. */
export function revealBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, (control) => `⟨${CONTROL_NAMES[control] ?? 'BIDI'}⟩`);
}

/**
 * For text set in a sentence or an attribute, where no <bdi> element can go: wrapped in first-strong
 * isolate marks, so it cannot reorder the sentence. Names are revealed first.
 */
export function isolateText(text: string, kind: 'name' | 'text' = 'text'): string {
  return `\u2068${kind === 'name' ? revealBidiControls(text) : text}\u2069`;
}

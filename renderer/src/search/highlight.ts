// Captions come back with matched words between two control characters. Splitting on them (instead of
// turning them into HTML) means a caption can never inject markup, whatever the model wrote.
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../shared/types';

export interface HighlightPart {
  text: string;
  marked: boolean;
}

/** Splits a highlighted caption into plain and marked runs; stray or unbalanced markers are dropped. */
export function splitHighlights(highlighted: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let marked = false;
  let current = '';
  const flush = (): void => {
    if (current === '') return;
    const last = parts[parts.length - 1];
    if (last && last.marked === marked) last.text += current;
    else parts.push({ text: current, marked });
    current = '';
  };
  for (const char of highlighted) {
    if (char === HIGHLIGHT_START) {
      if (!marked) {
        flush();
        marked = true;
      }
    } else if (char === HIGHLIGHT_END) {
      if (marked) {
        flush();
        marked = false;
      }
    } else {
      current += char;
    }
  }
  flush();
  return parts;
}

/** The caption without any markers, for titles and screen readers. */
export function stripHighlights(highlighted: string): string {
  return highlighted.split(HIGHLIGHT_START).join('').split(HIGHLIGHT_END).join('');
}

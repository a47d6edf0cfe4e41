// Models of one gateway word the same photo differently, so a bake-off has something to compare: the
// gateway's Pixtral answers as the fake always has, a small Ministral is terse, Mistral Small is wordy.
// Only models no preset uses by default are styled, so every other test sees the answers it always saw.
import type { Description } from './describe';

type Style = (d: Description) => Description;

const terse: Style = (d) => {
  const words = d.caption.replace(/[.!?]+$/, '').split(/\s+/);
  return { caption: `${words.slice(0, 5).join(' ')}.`, tags: d.tags.slice(0, 3) };
};

const wordy: Style = (d) => ({
  caption: `${d.caption.replace(/[.!?]+$/, '')}, seen in even, natural light with the whole scene in view.`,
  tags: [...d.tags, 'daylight', 'detail'].slice(0, 12),
});

const STYLES: Record<string, Style> = {
  'mistralai/ministral-14b-2512': terse,
  'mistral/ministral-14b': terse,
  'mistralai/mistral-small-3.2-24b-instruct': wordy,
  'mistral/mistral-small': wordy,
  'mistral-small-2506': wordy,
};

export function styledFor(model: string, description: Description): Description {
  return STYLES[model]?.(description) ?? description;
}

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { hasBidiControls, isolateText, revealBidiControls } from './bidi';
import { NameText, UserText } from './UserText';

describe('bidi controls in text Shoebox did not write', () => {
  it('shows the override that makes "\u202Egnp.tac" look like "cat.png"', () => {
    expect(hasBidiControls('\u202Egnp.tac')).toBe(true);
    expect(revealBidiControls('\u202Egnp.tac')).toBe('⟨RLO⟩gnp.tac');
    expect(revealBidiControls('a\u2066b\u2069\u200Fc')).toBe('a⟨LRI⟩b⟨PDI⟩⟨RLM⟩c');
    expect(hasBidiControls('שלום.jpg')).toBe(false);
    expect(revealBidiControls('שלום.jpg')).toBe('שלום.jpg');
  });

  it('isolates text set inside sentences and attributes', () => {
    expect(isolateText('dog')).toBe('\u2068dog\u2069');
    expect(isolateText('\u202Egnp.tac', 'name')).toBe('\u2068⟨RLO⟩gnp.tac\u2069');
  });

  it('renders names and captions isolated, names with their controls revealed', () => {
    expect(renderToStaticMarkup(createElement(NameText, { text: '\u202Egnp.tac' }))).toBe(
      '<bdi class="has-bidi-controls" title="This name contains invisible direction controls">⟨RLO⟩gnp.tac</bdi>',
    );
    expect(renderToStaticMarkup(createElement(NameText, { text: 'cat.png' }))).toBe('<bdi>cat.png</bdi>');
    expect(renderToStaticMarkup(createElement(UserText, { text: 'A \u202Ecat' }))).toBe(
      '<bdi>A \u202Ecat</bdi>',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { cleanCaption } from './captionText';
import { singularEnglish } from './englishSingular';
import { parseCaption } from './parseCaption';
import { instructionsFor, PROMPT_VERSION } from './prompt';
import { buildCaptionRequest } from './request';
import { cleanTags, isMeaninglessTag } from './tagCleaning';

describe('caption cleaning', () => {
  it('drops "This image shows…" openers, in English and the common languages', () => {
    expect(cleanCaption('This image shows a dog running on a beach.')).toBe('A dog running on a beach.');
    expect(cleanCaption('The photo depicts two children with kites.')).toBe('Two children with kites.');
    expect(cleanCaption('In this picture, we can see a red tram.')).toBe('A red tram.');
    expect(cleanCaption('Here is a photo of a lighthouse at dusk.')).toBe('A lighthouse at dusk.');
    expect(cleanCaption('Cette image montre une église en pierre.')).toBe('Une église en pierre.');
    expect(cleanCaption('Das Bild zeigt eine Brücke.')).toBe('Eine Brücke.');
    expect(cleanCaption('На этой фотографии изображена собака на снегу.')).toBe('Собака на снегу.');
    // A caption that merely starts with such words keeps them when they are the description.
    expect(cleanCaption('The photographer’s shadow on a wall.')).toBe('The photographer’s shadow on a wall.');
  });

  it('removes Markdown: emphasis, code, headings, bullets and links', () => {
    expect(cleanCaption('**A dog** on a _sunny_ beach with `sand`.')).toBe(
      'A dog on a sunny beach with sand.',
    );
    expect(cleanCaption('# Beach\n- A dog runs\n- on [the sand](http://x.test)')).toBe(
      'Beach A dog runs on the sand',
    );
    expect(cleanCaption('A snake_case_name stays.')).toBe('A snake_case_name stays.');
  });
});

describe('tag cleaning', () => {
  it('drops tags that are only numbers, dates, times or coordinates', () => {
    for (const tag of [
      '2019',
      '12:30',
      '3.5',
      '2019-05-01',
      '05/01/2019',
      '51.178, -1.826',
      '51°10\'32"N',
      'may 2019',
      '12 june 2021',
      'july 4',
      'gps 51.1, -1.8',
      'n 51.17',
    ]) {
      expect(isMeaninglessTag(tag), tag).toBe(true);
    }
    for (const tag of ['4x4', 'route 66', '1920s', 'may', 'beach', 'n95 mask', 'catalina 22']) {
      expect(isMeaninglessTag(tag), tag).toBe(false);
    }
  });

  it('makes English tags singular, irregulars included, and leaves other words alone', () => {
    const cases: Array<[string, string]> = [
      ['dogs', 'dog'],
      ['puppies', 'puppy'],
      ['beaches', 'beach'],
      ['boxes', 'box'],
      ['children', 'child'],
      ['people', 'person'],
      ['leaves', 'leaf'],
      ['tomatoes', 'tomato'],
      ['movies', 'movie'],
      ['golden retrievers', 'golden retriever'],
      ['glass', 'glass'],
      ['bus', 'bus'],
      ['cactus', 'cactus'],
      ['tennis', 'tennis'],
      ['sheep', 'sheep'],
      ['glasses', 'glasses'],
      ['news', 'news'],
      ['shoes', 'shoe'],
      ['photos', 'photo'],
    ];
    for (const [plural, singular] of cases) expect(singularEnglish(plural), plural).toBe(singular);
  });

  it('singularises only English, and merges near-duplicates into the first spelling', () => {
    expect(
      cleanTags(
        ['dogs', 'dog', 'sunset', 'sun set', 'sun-set', 'café', 'cafe', 'the beach', 'beach'],
        'en-GB',
      ),
    ).toEqual(['dog', 'sunset', 'café', 'the beach']);
    expect(cleanTags(['chiens', 'chien', 'été', 'ete', '2019'], 'fr')).toEqual(['chiens', 'chien', 'été']);
    expect(cleanTags(['犬', '公園', '犬', 'собаки', 'собака'], 'ja')).toEqual([
      '犬',
      '公園',
      'собаки',
      'собака',
    ]);
  });

  it('applies whatever the model returns, before the tag cap', () => {
    const reply = JSON.stringify({
      caption: 'This image shows **two dogs** on a beach.',
      tags: [
        '2019',
        'Dogs',
        'dog',
        '#Beaches',
        '51.5, -0.12',
        ...Array.from({ length: 20 }, (_, i) => `word${String.fromCharCode(97 + i)}`),
      ],
    });
    const parsed = parseCaption(reply, 'en');
    expect(parsed.ok && parsed.value.caption).toBe('Two dogs on a beach.');
    expect(parsed.ok && parsed.value.tags.slice(0, 3)).toEqual(['dog', 'beach', 'worda']);
    expect(parsed.ok && parsed.value.tags).toHaveLength(15);
  });
});

describe('the prompt', () => {
  it('asks for the caption language and offers the catalogue’s preferred words', () => {
    const body = buildCaptionRequest('openrouter', 'm', 'data:image/jpeg;base64,AA', null, {
      language: 'fr',
      preferredWords: ['chien', 'plage'],
    });
    const text = body.messages[1].content[0].text;
    expect(text).toContain('Write the caption and the tags in French (fr)');
    expect(text).toContain('use it rather than a synonym: "chien", "plage".');
    expect(instructionsFor({ language: 'ja', preferredWords: [] })).toBe(
      'Write the caption and the tags in Japanese (ja), whatever language any text in the photo is in.',
    );
    expect(instructionsFor({ language: 'pt-BR', preferredWords: [] })).toContain(
      'Brazilian Portuguese (pt-BR)',
    );
    expect(PROMPT_VERSION).toBe(2);
  });

  it('keeps the owner’s own words after the instructions', () => {
    const body = buildCaptionRequest(
      'mistral',
      'm',
      'data:image/jpeg;base64,AA',
      'The owner already described this photo.',
      {
        language: 'en',
        preferredWords: ['dog'],
      },
    );
    const lines = body.messages[1].content[0].text.split('\n');
    expect(lines[1]).toMatch(/^Write the caption and the tags in English \(en\)/);
    expect(lines[2]).toBe('The owner already described this photo.');
  });
});

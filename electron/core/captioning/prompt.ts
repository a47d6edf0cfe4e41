// Bump PROMPT_VERSION whenever the text below changes: each caption records the version that produced it, so
// photos captioned with an older prompt can be found and redone.
export const PROMPT_VERSION = 2;

export const MAX_TAGS = 15;

/**
 * What the owner already said about the photo, appended to the prompt when they opted in. It is data about
 * one photo rather than a change of instructions, so it does not bump PROMPT_VERSION.
 */
export function existingWordsContext(caption: string | null, keywords: readonly string[]): string | null {
  const parts: string[] = [];
  if (caption) parts.push(`their caption is ${JSON.stringify(caption)}`);
  if (keywords.length > 0) parts.push(`their keywords are ${JSON.stringify(keywords)}`);
  if (parts.length === 0) return null;
  return `The owner already described this photo: ${parts.join('; ')}. Use what fits (names, places, events) and do not contradict it.`;
}

export const SYSTEM_PROMPT = [
  'You describe personal photos so that their owner can find them again by searching.',
  'Answer with a single JSON object and nothing else: no Markdown, no code fence, no commentary.',
].join(' ');

export const USER_PROMPT = [
  'Describe this photo.',
  'Reply with JSON of exactly this shape: {"caption": string, "tags": string[]}.',
  '"caption": one or two plain sentences saying what the photo shows (people, animals, objects, place, activity,',
  'season or time of day when visible, any legible text). Do not guess names of people.',
  `"tags": 5 to ${MAX_TAGS} lowercase search keywords (single words or short phrases), most important first,`,
  'no duplicates, no "#".',
].join(' ');

/** How many of the catalogue's own tags the prompt offers as preferred words. */
export const PREFERRED_WORDS = 40;

/** Built once: an Intl.DisplayNames costs about a millisecond, and every request's prompt names a language. */
let displayNames: Intl.DisplayNames | null = null;

/** "French", "Japanese", "Brazilian Portuguese": the language's English name, which every model knows. */
export function languageName(language: string): string {
  try {
    displayNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return displayNames.of(language) ?? language;
  } catch {
    return language;
  }
}

/**
 * The caption language (a BCP 47 tag) and the owner's own tag vocabulary, so "puppy" and "dog" stop
 * competing: part of every prompt from PROMPT_VERSION 2.
 */
export function instructionsFor(options: { language: string; preferredWords: readonly string[] }): string {
  const lines = [
    `Write the caption and the tags in ${languageName(options.language)} (${options.language}), whatever language any text in the photo is in.`,
  ];
  const words = options.preferredWords.slice(0, PREFERRED_WORDS);
  if (words.length > 0) {
    lines.push(
      `The owner already tags photos with these words; when one fits, use it rather than a synonym: ${words.map((word) => JSON.stringify(word)).join(', ')}.`,
    );
  }
  return lines.join(' ');
}

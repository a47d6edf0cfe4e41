import { singularEnglish } from './englishSingular';

// Tags follow the same rules whatever the model returns: no tag that is only a number, a date, a time or a
// coordinate (the photo's own metadata says those better), English tags in the singular, and near-duplicates
// ("sun set", "sunset", "sun-set"; "café", "cafe") merged into the first spelling.

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const NOT_A_TAG: RegExp[] = [
  // Only digits and the punctuation of numbers, dates, times and coordinates: "2019", "12:30", "3.5",
  // "2019-05-01", "05/01/2019", "51.178, -1.826", "51°10'32\"N".
  /^[\d\s.,:;/\-+°'"′″%]*\d[\d\s.,:;/\-+°'"′″%]*$/u,
  /^[-+]?\d{1,3}(?:[.,]\d+|\s*°)[\d\s.,°'"′″]*[nsew]$/i,
  new RegExp(`^(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?(?:${MONTHS})\\.?,?\\s+\\d{2,4}$`, 'i'),
  new RegExp(`^(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?(?:\\s+\\d{4})?$`, 'i'),
  /^(?:lat(?:itude)?|lon(?:gitude)?|gps)[\s:]*[-+\d.,°'"\s]+[nsew]?$/i,
  /^[nsew]\s*\d[\d.,°'"′″\s]*$/i,
];

export function isMeaninglessTag(tag: string): boolean {
  return NOT_A_TAG.some((pattern) => pattern.test(tag));
}

/** What two spellings of one tag share: no accents, no spaces, hyphens or apostrophes, no English article. */
export function nearDuplicateKey(tag: string, english: boolean): string {
  const folded = tag
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase();
  const bare = english ? folded.replace(/^(?:the|a|an)\s+/, '') : folded;
  return bare.replace(/[\s\-_'’.]+/gu, '');
}

export function isEnglish(language: string): boolean {
  return /^en(?:-|$)/i.test(language);
}

/** The model's tags, cleaned for the caption language (a BCP 47 tag such as "en-GB", "fr", "ja"). */
export function cleanTags(tags: readonly string[], language: string): string[] {
  const english = isEnglish(language);
  const kept = new Map<string, string>();
  for (const tag of tags) {
    if (isMeaninglessTag(tag)) continue;
    const word = english ? singularEnglish(tag) : tag;
    const key = nearDuplicateKey(word, english);
    if (key && !kept.has(key)) kept.set(key, word);
  }
  return [...kept.values()];
}

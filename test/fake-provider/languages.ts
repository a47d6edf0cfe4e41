// The fake answers in the language the prompt asks for ("Write the caption and the tags in French (fr)…"),
// as a real model does: fixed words per language, chosen to exercise accents, CJK and Cyrillic end to end.
// English (and any language it has no words for) gets the usual description.
import type { Description } from './describe';

export const LANGUAGE_REPLIES: Record<string, Description> = {
  fr: {
    caption: 'Un café en terrasse près de la cathédrale, un matin d’été.',
    tags: ['café', 'cathédrale', 'été', 'terrasse', 'rue pavée'],
  },
  de: {
    caption: 'Eine Brücke über den Fluss in der Altstadt, im Frühling.',
    tags: ['brücke', 'fluss', 'altstadt', 'frühling', 'straße'],
  },
  ja: {
    caption: '公園の桜の木の下で犬が遊んでいる。',
    tags: ['桜', '犬', '公園', '春', '花見'],
  },
  zh: {
    caption: '一只猫在窗台上晒太阳。',
    tags: ['猫', '窗台', '阳光', '室内', '宠物'],
  },
  ru: {
    caption: 'Собака играет на снегу у деревянного дома.',
    tags: ['собака', 'снег', 'деревянный дом', 'зима', 'двор'],
  },
};

/** The language tag the prompt asks for, or null when it asks for none. */
export function requestedLanguage(promptText: string | null): string | null {
  const match = promptText
    ? /Write the caption and the tags in [^(]*\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)/.exec(promptText)
    : null;
  return match ? match[1]! : null;
}

export function inRequestedLanguage(description: Description, promptText: string | null): Description {
  const language = requestedLanguage(promptText)?.split('-')[0]?.toLowerCase();
  const reply = language ? LANGUAGE_REPLIES[language] : undefined;
  return reply ? { caption: reply.caption, tags: [...reply.tags] } : description;
}

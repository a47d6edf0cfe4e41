// A small rule-based English singulariser for tags ("dogs" and "dog" are one tag). Only the last word of a
// phrase changes ("golden retrievers" → "golden retriever"); words it cannot be sure of stay as they are.
const IRREGULAR: Record<string, string> = {
  children: 'child',
  people: 'person',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  geese: 'goose',
  feet: 'foot',
  teeth: 'tooth',
  oxen: 'ox',
  leaves: 'leaf',
  wolves: 'wolf',
  knives: 'knife',
  wives: 'wife',
  lives: 'life',
  shelves: 'shelf',
  calves: 'calf',
  halves: 'half',
  loaves: 'loaf',
  scarves: 'scarf',
  thieves: 'thief',
  elves: 'elf',
  hooves: 'hoof',
  cacti: 'cactus',
  fungi: 'fungus',
  tomatoes: 'tomato',
  potatoes: 'potato',
  heroes: 'hero',
  volcanoes: 'volcano',
  mosquitoes: 'mosquito',
  echoes: 'echo',
  dominoes: 'domino',
};

/** Plural-looking words that are singular, or have no singular worth a tag. */
const INVARIANT = new Set([
  'sheep',
  'fish',
  'deer',
  'moose',
  'series',
  'species',
  'aircraft',
  'glasses',
  'sunglasses',
  'jeans',
  'clothes',
  'scissors',
  'trousers',
  'shorts',
  'pants',
  'stairs',
  'news',
  'physics',
  'mathematics',
  'athletics',
  'gymnastics',
  'headquarters',
  'means',
  'police',
  'cattle',
  'goods',
  'christmas',
  'lens',
  'canvas',
  'atlas',
  'chaos',
  'texas',
  'paris',
  'always',
  'various',
  'ferris',
  'mattress',
]);

/** Words ending in -ies whose singular ends in -ie, not -y. */
const IE_WORDS = new Set([
  'movies',
  'cookies',
  'pies',
  'ties',
  'lies',
  'brownies',
  'selfies',
  'zombies',
  'hippies',
  'calories',
  'prairies',
  'rookies',
  'goalies',
  'smoothies',
  'hoodies',
]);

function singularWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (INVARIANT.has(word)) return word;
  if (/(ss|us|is|ous)$/.test(word)) return word;
  if (word.endsWith('ies')) return IE_WORDS.has(word) ? word.slice(0, -1) : `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|zzes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function singularEnglish(tag: string): string {
  const match = /^(.*?)([a-z]+)$/.exec(tag);
  if (!match) return tag;
  return `${match[1]}${singularWord(match[2]!)}`;
}

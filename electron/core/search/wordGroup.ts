// The shapes a query plan is made of, in a module of their own so that the highlighter, the related words and
// the plan can all name them without importing each other.

export type RelatedSource = 'form' | 'compound' | 'synonym' | 'broader' | 'narrower' | 'typo' | 'catalogue';

export interface RelatedTerm {
  text: string;
  weight: number;
  source: RelatedSource;
}

export interface WordGroup {
  word: string;
  /** The last word, perhaps still being typed, matches as a prefix. */
  prefix: boolean;
  /** For a prefix: the index's words it stands for, when they are few (asking for them is cheaper). */
  completions?: string[] | null;
  related: RelatedTerm[];
}

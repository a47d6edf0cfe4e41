// What the search understood, said above the results: the date it read (a chip that removes it), the other
// words it searched ("also: dog, pup") and how many photos it found by meaning alone, with one click back to
// the words as typed, and where the relevance cut fell ("12 photos · 340 more that match only some words").
import type { AlsoSearched, SearchUnderstanding } from '../../../shared/types';

interface CountProps {
  understood: SearchUnderstanding | null;
  total: number;
  weaker: boolean;
  onShowWeaker(): void;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const number = (n: number, atLeast: boolean) => `${n.toLocaleString()}${atLeast ? '+' : ''}`;

export function ResultCount({ understood, total, weaker, onShowWeaker }: CountProps) {
  if (!understood || understood.weakerTotal === 0 || weaker) {
    const atLeast = understood?.countsAreAtLeast ?? false;
    return (
      <span data-testid="result-total">
        {number(total, atLeast)} {plural(total, 'photo', 'photos')}
      </span>
    );
  }
  if (understood.showingWeaker && understood.byMeaning === understood.weakerTotal) {
    return (
      <span data-testid="result-total">
        No photo has these words · {number(understood.weakerTotal, understood.countsAreAtLeast)} close in
        meaning
      </span>
    );
  }
  if (understood.showingWeaker) {
    return (
      <span data-testid="result-total">
        No photo matches every word · {number(understood.weakerTotal, understood.countsAreAtLeast)} match some
      </span>
    );
  }
  return (
    <span data-testid="result-total">
      {number(understood.strongTotal, understood.countsAreAtLeast)}{' '}
      {plural(understood.strongTotal, 'photo', 'photos')}
      {' · '}
      <button type="button" className="link" data-testid="show-weaker" onClick={onShowWeaker}>
        {number(understood.weakerTotal, understood.countsAreAtLeast)} more that match only some words
      </button>
    </span>
  );
}

function describe(entry: AlsoSearched): string {
  const parts = [...(entry.corrected ? [`${entry.corrected} (for “${entry.word}”)`] : []), ...entry.also];
  return parts.join(', ');
}

interface LineProps {
  understood: SearchUnderstanding | null;
  exact: boolean;
  onExact(exact: boolean): void;
  onRemoveDate(): void;
}

export function UnderstoodLine({ understood, exact, onExact, onRemoveDate }: LineProps) {
  const also = understood?.also ?? [];
  const date = understood?.dateFilter ?? null;
  const byMeaning = understood?.byMeaning ?? 0;
  if (!date && also.length === 0 && byMeaning === 0 && !exact) return null;
  return (
    <div className="understood" data-testid="understood">
      {date ? (
        <span className="chip" data-testid="date-chip">
          {date.label}
          <button type="button" aria-label={`Remove the date ${date.label}`} onClick={onRemoveDate}>
            ×
          </button>
        </span>
      ) : null}
      {also.length > 0 || byMeaning > 0 ? (
        <span data-testid="also-line">
          {also.length > 0 ? 'also: ' : null}
          {also.map((entry, i) => (
            <span key={entry.word} title={`searched for “${entry.word}”`}>
              {i > 0 ? '; ' : ''}
              {describe(entry)}
            </span>
          ))}
          {byMeaning > 0 ? (
            <span data-testid="meaning-line" title="Their captions say the same thing in other words">
              {also.length > 0 ? ' · ' : ''}
              {byMeaning.toLocaleString()} {plural(byMeaning, 'photo', 'photos')} found by meaning
            </span>
          ) : null}
          {' · '}
          <button type="button" className="link" data-testid="exact-only" onClick={() => onExact(true)}>
            Search only the words as typed
          </button>
        </span>
      ) : null}
      {exact ? (
        <span data-testid="exact-line">
          Only the words as typed ·{' '}
          <button type="button" className="link" onClick={() => onExact(false)}>
            Search related words too
          </button>
        </span>
      ) : null}
    </div>
  );
}

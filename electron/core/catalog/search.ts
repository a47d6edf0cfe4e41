import type { Database } from 'better-sqlite3';
import { type PhotoSummary, type SearchPage, type SearchQuery } from '../../../shared/types';
import { toSummary } from '../stores/photosStore';
import { countInScope, filters, newestInScope, summariesOf, type Scope } from '../stores/searchScope';
import { alsoSearched, anyGroup, planQuery, type QueryPlan } from '../search/queryPlan';
import { highlightCaption, highlightTerms, type HighlightTerms } from '../search/highlight';
import { rankTiers, type Tiers } from '../search/rankTiers';
import { hasWaitingPlaces, nameWaitingPlaces } from '../places/photoPlaces';
import { gazetteerFor, lexiconFor } from '../search/referenceData';
import { remembered } from './searchMemo';
import { fuseTiers } from '../meaning/fuseTiers';
import type { Neighbour } from '../meaning/meaningIndex';
import { photosMatching, photosWithin } from '../stores/searchMatchStore';

const DEFAULT_LIMIT = 100;
/** Spare ids fetched with a page, to stand in for photos without a readable file. */
const PAGE_SLACK = 16;

/** The page's photos, in the ranked order, with the caption's matched words marked. */
function fetchPage(db: Database, ids: number[], limit: number, terms: HighlightTerms): PhotoSummary[] {
  if (ids.length === 0) return [];
  const rows = summariesOf(db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const page: PhotoSummary[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    // Ranked from the index alone, a photo whose last file just vanished can still come up: skip it.
    if (!row || row.path === null) continue;
    row.highlighted = row.caption === null ? null : highlightCaption(row.caption, terms);
    page.push(toSummary(row, true));
    if (page.length === limit) break;
  }
  return page;
}

/** Photos looked at for closeness in meaning: more than a page, few enough to rank in a millisecond. */
const NEIGHBOURS = 100;

function withMeaning(
  db: Database,
  plan: QueryPlan,
  scope: Scope,
  tiers: Tiers,
  closeInMeaning: (limit: number) => Neighbour[],
): Tiers & { byMeaningAlone: number } {
  let neighbours = closeInMeaning(NEIGHBOURS);
  if (!scope.indexOnly && neighbours.length > 0) {
    const within = photosWithin(
      db,
      neighbours.map((n) => n.id),
      scope,
    );
    neighbours = neighbours.filter((n) => within.has(n.id));
  }
  const fused = fuseTiers(tiers, neighbours, (ids) => photosMatching(db, anyGroup(plan.groups), ids));
  return { ...tiers, ...fused };
}

function ranked(
  db: Database,
  plan: QueryPlan,
  q: SearchQuery,
  offset: number,
  limit: number,
  closeInMeaning: SearchOptions['closeInMeaning'],
): SearchPage {
  const need = offset + limit;
  const scope = filters(q, plan.dateFilter);
  const byWords = rankTiers(db, plan.groups, scope, need, q.weaker === true);
  const tiers = closeInMeaning
    ? withMeaning(db, plan, scope, byWords, closeInMeaning)
    : { ...byWords, byMeaningAlone: 0 };
  const showingWeaker = tiers.strong.length === 0;
  const list = showingWeaker
    ? (tiers.weaker ?? [])
    : q.weaker
      ? [...tiers.strong, ...(tiers.weaker ?? [])]
      : tiers.strong;
  const counted = showingWeaker ? tiers.weakerTotal : tiers.strongTotal + (q.weaker ? tiers.weakerTotal : 0);
  const items = fetchPage(db, list.slice(offset, need + PAGE_SLACK), limit, highlightTerms(plan.groups));
  // A count that stopped at its cap is a floor: while pages come back full, there is another one to ask for.
  const total = tiers.countsAreAtLeast && items.length === limit ? Math.max(counted, need + 1) : counted;
  return {
    total,
    offset,
    items,
    understood: {
      strongTotal: tiers.strongTotal,
      weakerTotal: tiers.weakerTotal,
      countsAreAtLeast: tiers.countsAreAtLeast,
      showingWeaker,
      also: alsoSearched(plan.groups),
      dateFilter: plan.dateFilter,
      byMeaning: tiers.byMeaningAlone,
    },
  };
}

function newest(
  db: Database,
  q: SearchQuery,
  plan: QueryPlan | null,
  offset: number,
  limit: number,
): SearchPage {
  const where = filters(q, plan?.dateFilter ?? null);
  const items = newestInScope(db, where, limit, offset);
  // Counting visits every photo in scope (a quarter of a second at a million): once per state of the catalogue.
  const total = remembered(db, `newest\t${where.sql}\t${JSON.stringify(where.params)}`, () =>
    countInScope(db, where),
  );
  const page: SearchPage = { total, offset, items: items.map((row) => toSummary(row, false)) };
  if (plan?.dateFilter) {
    page.understood = {
      strongTotal: total,
      weakerTotal: 0,
      countsAreAtLeast: false,
      showingWeaker: false,
      also: [],
      dateFilter: plan.dateFilter,
    };
  }
  return page;
}

export interface SearchOptions {
  /** "last year" is read against this moment. */
  now?: Date;
  /** The photos closest in meaning to the query's text, most similar first; none: by words alone. */
  closeInMeaning?: ((limit: number) => Neighbour[]) | undefined;
}

/**
 * One search box over captions, tags, names, camera and place. Words also find their related words, a date
 * phrase becomes a filter, and the photos that match every word come first (the relevance cut); those
 * matching only some words follow on request, or alone when nothing matches every word. No text: newest first.
 */
export function searchPhotos(db: Database, q: SearchQuery, options: SearchOptions = {}): SearchPage {
  return searchPlanned(db, q, planSearch(db, q, options.now), options);
}

/** What the query's text asks for: its words (with their related words) and its date filter. */
export function planSearch(db: Database, q: SearchQuery, now = new Date()): QueryPlan {
  // Places are named first: a place's name is a word the plan may look up.
  if (hasWaitingPlaces(db)) nameWaitingPlaces(db, gazetteerFor(db));
  return planQuery(db, () => lexiconFor(db), q.text, {
    exact: q.exact === true,
    readDates: q.readDates !== false,
    now,
  });
}

/** The page of a planned search: newest first when no word is asked for, else ranked. */
export function searchPlanned(
  db: Database,
  q: SearchQuery,
  plan: QueryPlan,
  options: SearchOptions = {},
): SearchPage {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? DEFAULT_LIMIT;
  if (plan.groups.length === 0) return newest(db, q, plan, offset, limit);
  return ranked(db, plan, q, offset, limit, q.exact === true ? undefined : options.closeInMeaning);
}

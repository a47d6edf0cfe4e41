import type { Database } from 'better-sqlite3';
import { type DateFilter, type PhotoSummary, type SearchPage, type SearchQuery } from '../../../shared/types';
import { prepared, preparedValues } from '../db/prepared';
import {
  SUMMARY_COLUMNS,
  hasReadableFile,
  isReadable,
  READABLE_FILE,
  toSummary,
  type SummaryRow,
} from '../stores/photosStore';
import { alsoSearched, anyGroup, planQuery, type QueryPlan } from '../search/queryPlan';
import { highlightCaption, highlightTerms, type HighlightTerms } from '../search/highlight';
import { rankTiers, type Scope, type Tiers } from '../search/rankTiers';
import { hasWaitingPlaces, nameWaitingPlaces } from '../places/photoPlaces';
import { gazetteerFor, lexiconFor } from '../search/referenceData';
import { remembered } from './searchMemo';
import { fuseTiers } from '../meaning/fuseTiers';
import type { Neighbour } from '../meaning/meaningIndex';
import { photosMatching, photosWithin } from '../stores/searchMatchStore';

const DEFAULT_LIMIT = 100;
/** Spare ids fetched with a page, to stand in for photos without a readable file. */
const PAGE_SLACK = 16;

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function dateClauses(from: string | undefined, to: string | undefined, clauses: string[], params: unknown[]) {
  if (from) {
    clauses.push('p.taken_at >= ?');
    params.push(from);
  }
  if (to) {
    clauses.push('p.taken_at < ?');
    params.push(nextDay(to));
  }
}

function everyYearClause(filter: DateFilter, clauses: string[], params: unknown[]) {
  if (!filter.everyYearFrom || !filter.everyYearTo) return;
  const wraps = filter.everyYearFrom > filter.everyYearTo;
  clauses.push(
    `p.taken_at IS NOT NULL AND (strftime('%m-%d', p.taken_at) >= ? ${wraps ? 'OR' : 'AND'} strftime('%m-%d', p.taken_at) <= ?)`,
  );
  params.push(filter.everyYearFrom, filter.everyYearTo);
}

/** The filters shared by the ranked and the newest-first queries. */
export function filters(q: SearchQuery, dateFilter: DateFilter | null): Scope {
  const clauses = [q.folderId === undefined ? READABLE_FILE : hasReadableFile({ folder: '?' })];
  const params: unknown[] = q.folderId === undefined ? [] : [q.folderId];
  dateClauses(q.takenFrom, q.takenTo, clauses, params);
  if (dateFilter) {
    dateClauses(dateFilter.from, dateFilter.to, clauses, params);
    everyYearClause(dateFilter, clauses, params);
  }
  if (q.country) {
    clauses.push('EXISTS (SELECT 1 FROM photo_places pp WHERE pp.photo_id = p.id AND pp.country_code = ?)');
    params.push(q.country);
  }
  if (q.tag) {
    clauses.push(
      `EXISTS (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id AND t.tag = ? AND t.state <> 'rejected')`,
    );
    params.push(q.tag);
  }
  return { sql: clauses.join(' AND '), params, indexOnly: clauses.length === 1 && params.length === 0 };
}

/** The page's photos, in the ranked order, with the caption's matched words marked. */
function fetchPage(db: Database, ids: number[], limit: number, terms: HighlightTerms): PhotoSummary[] {
  if (ids.length === 0) return [];
  const rows = prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS}, NULL AS highlighted FROM json_each(?) page JOIN photos p ON p.id = page.value`,
  ).all(JSON.stringify(ids)) as SummaryRow[];
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

function countInScope(db: Database, where: Scope): number {
  // Without filters, counting photos that have a readable file walks one index instead of probing each photo.
  return (
    where.params.length === 0
      ? preparedValues(
          db,
          `SELECT count(DISTINCT f.photo_id) FROM files f WHERE f.photo_id IS NOT NULL AND ${isReadable('f')}`,
        ).get()
      : preparedValues(db, `SELECT count(*) FROM photos p WHERE ${where.sql}`).get(...where.params)
  ) as number;
}

function newest(
  db: Database,
  q: SearchQuery,
  plan: QueryPlan | null,
  offset: number,
  limit: number,
): SearchPage {
  const where = filters(q, plan?.dateFilter ?? null);
  const items = prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS}, NULL AS highlighted FROM photos p WHERE ${where.sql}
       ORDER BY coalesce(p.taken_at, p.created_at) DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(...where.params, limit, offset) as SummaryRow[];
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
  const offset = q.offset ?? 0;
  const limit = q.limit ?? DEFAULT_LIMIT;
  if (hasWaitingPlaces(db)) nameWaitingPlaces(db, gazetteerFor(db));
  const plan = planQuery(db, () => lexiconFor(db), q.text, {
    exact: q.exact === true,
    readDates: q.readDates !== false,
    now: options.now ?? new Date(),
  });
  if (plan.groups.length === 0) return newest(db, q, plan, offset, limit);
  return ranked(db, plan, q, offset, limit, q.exact === true ? undefined : options.closeInMeaning);
}

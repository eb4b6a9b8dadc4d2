/**
 * One page of a query and the total it belongs to, in one round trip: an aggregate whose $facet runs the
 * page (skip, limit) and the count over the same $match, instead of a find and a countDocuments.
 * `more` adds other facets over the same matches (e.g. a sum); they come back by name.
 *
 * The $sort comes before the $facet, right after the $match: mongod plans the two as one query and, where an index
 * holds the order, reads the matches in that order, so a page is simply the matches past its skip. Inside a $facet
 * a $sort can use no index, and every page sorted every match in memory (keeping the first skip + limit). The
 * count reads every match, and a $facet is fed whole documents: for a list that grows without end (a million orders
 * on the work-order board) `countUpTo` stops it there. The matches are cut after the sort to one more than
 * countUpTo (or than the page's end, if further), and the count says "at least" beyond it (`totalCapped`). Where an
 * index gives the order, no page reads more than that many documents; where none does, the sort still reads every
 * match, but keeps only that many.
 *
 * The $match is not cast by mongoose (aggregates never are): pass values of the stored types (strings,
 * ObjectIds, Dates), as the callers' filters already do.
 */
import type { Model, PipelineStage } from 'mongoose';

type FacetStage = PipelineStage.FacetPipelineStage;

type Page = {
  sort: Record<string, 1 | -1>;
  skip?: number;
  limit: number;
  projection?: Record<string, 0 | 1>;
  /** Count the matches only this far (LIST_COUNT_UP_TO); not with `more`, whose facets need every match. */
  countUpTo?: number;
};

/** How far a capped count goes: countUpTo, or the page's end if further. The page reads one more, to know there are more. */
const countedUpTo = (page: Pick<Page, 'skip' | 'limit' | 'countUpTo'>) =>
  page.countUpTo === undefined ? undefined : Math.max(page.countUpTo, (page.skip ?? 0) + page.limit);

/** A total from a count of up to one past `upTo`: the count itself, or `upTo` and totalCapped when it went past. */
const totalOf = (n: number, upTo: number | undefined): { total: number; totalCapped?: true } =>
  upTo !== undefined && n > upTo ? { total: upTo, totalCapped: true } : { total: n };

/**
 * findPage's answer for the lists paged with find: the page, and beside it (in parallel, two round trips) a
 * countDocuments that stops one past countUpTo, or the page's end, when a bound is given.
 */
export async function findCounted<T>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  filter: Record<string, unknown>,
  page: Page,
): Promise<{ items: T[]; total: number; totalCapped?: true }> {
  const upTo = countedUpTo(page);
  const [items, n] = await Promise.all([
    model
      .find(filter, page.projection)
      .sort(page.sort)
      .skip(page.skip ?? 0)
      .limit(page.limit)
      .lean<T[]>(),
    model.countDocuments(filter, upTo === undefined ? {} : { limit: upTo + 1 }),
  ]);
  return { items, ...totalOf(n, upTo) };
}

/** The aggregate findPage runs: exported so a test can ask mongod how it plans it. */
export function pagePipeline(
  filter: Record<string, unknown>,
  page: Page,
  more?: Record<string, FacetStage[]>,
): PipelineStage[] {
  const items: FacetStage[] = [];
  if (page.skip) items.push({ $skip: page.skip });
  items.push({ $limit: page.limit });
  if (page.projection) items.push({ $project: page.projection });
  if (more && page.countUpTo !== undefined)
    throw new Error('findPage: countUpTo would cut the matches `more` sums');
  const upTo = countedUpTo(page);
  return [
    { $match: filter },
    { $sort: page.sort },
    ...(upTo === undefined ? [] : [{ $limit: upTo + 1 }]),
    { $facet: { ...more, items, total: [{ $count: 'n' }] } },
  ];
}

export async function findPage<T, M extends Record<string, FacetStage[]> = Record<string, never>>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  filter: Record<string, unknown>,
  page: Page,
  more?: M,
): Promise<
  { items: T[]; total: number; totalCapped?: true } & { [K in keyof M]: Record<string, unknown>[] }
> {
  const [r] = await model.aggregate(pagePipeline(filter, page, more));
  const {
    items: rows,
    total,
    ...rest
  } = r as { items: T[]; total: { n: number }[] } & Record<string, Record<string, unknown>[]>;
  const counted = totalOf(total[0]?.n ?? 0, countedUpTo(page));
  return { ...(rest as { [K in keyof M]: Record<string, unknown>[] }), items: rows, ...counted };
}

/**
 * One page of a query and the total it belongs to, in one round trip: an aggregate whose $facet runs the
 * page (sort, skip, limit) and the count over the same $match, instead of a find and a countDocuments.
 * `more` adds other facets over the same matches (e.g. a sum); they come back by name.
 *
 * The $match is not cast by mongoose (aggregates never are): pass values of the stored types (strings,
 * ObjectIds, Dates), as the callers' filters already do.
 */
import type { Model, PipelineStage } from 'mongoose';

type FacetStage = PipelineStage.FacetPipelineStage;

export async function findPage<T, M extends Record<string, FacetStage[]> = Record<string, never>>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  filter: Record<string, unknown>,
  page: { sort: Record<string, 1 | -1>; skip?: number; limit: number; projection?: Record<string, 0 | 1> },
  more?: M,
): Promise<{ items: T[]; total: number } & { [K in keyof M]: Record<string, unknown>[] }> {
  const items: FacetStage[] = [{ $sort: page.sort }];
  if (page.skip) items.push({ $skip: page.skip });
  items.push({ $limit: page.limit });
  if (page.projection) items.push({ $project: page.projection });
  const [r] = await model.aggregate([
    { $match: filter },
    { $facet: { ...more, items, total: [{ $count: 'n' }] } },
  ]);
  const {
    items: rows,
    total,
    ...rest
  } = r as { items: T[]; total: { n: number }[] } & Record<string, Record<string, unknown>[]>;
  return { ...(rest as { [K in keyof M]: Record<string, unknown>[] }), items: rows, total: total[0]?.n ?? 0 };
}

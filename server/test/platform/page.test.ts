/**
 * findPage (platform/db/page.ts): a page and its total in one aggregate, on the database the tests run on.
 * Pages taken one after another add up to the whole sorted list; a page past the end is empty with the total
 * still right. On a real mongod, the order comes from an index and no stage sorts in memory: a $sort inside the
 * $facet could not use one, and sorted every match of every page.
 */
import mongoose from 'mongoose';
import { findCounted, findPage, pagePipeline } from '../../src/platform/db/page';
import { connectTestDb } from '../harness';
import { stagesOf } from './explainStages';

const probeSchema = new mongoose.Schema({ group: String, n: Number, label: String });
probeSchema.index({ group: 1, n: -1 });
const Probe = mongoose.model('PageProbe', probeSchema);

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
  await Probe.syncIndexes();
  await Probe.insertMany([
    ...Array.from({ length: 23 }, (_, i) => ({ group: 'a', n: (i * 7) % 23, label: `a${i}` })),
    ...Array.from({ length: 5 }, (_, i) => ({ group: 'b', n: i, label: `b${i}` })),
  ]);
});
afterAll(() => db.drop());

type Row = { n: number; label?: string; group?: string };
const ORDER = { n: -1 } as const;

it('pages taken one after another add up to the whole list, in order, each with the total', async () => {
  const seen: number[] = [];
  for (let skip = 0; skip < 23; skip += 10) {
    const page = await findPage<Row>(Probe, { group: 'a' }, { sort: ORDER, skip, limit: 10 });
    expect(page.total).toBe(23);
    expect(page.items).toHaveLength(Math.min(10, 23 - skip));
    seen.push(...page.items.map((r) => r.n));
  }
  expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => 22 - i));
});

it('a page past the end is empty and still says how many there are; no match is an empty page of 0', async () => {
  expect(await findPage<Row>(Probe, { group: 'a' }, { sort: ORDER, skip: 40, limit: 10 })).toEqual({
    items: [],
    total: 23,
  });
  expect(await findPage<Row>(Probe, { group: 'none' }, { sort: ORDER, limit: 10 })).toEqual({
    items: [],
    total: 0,
  });
});

it('a projection shapes the rows, and another facet over the same matches comes back by name', async () => {
  const page = await findPage<Row, { sum: mongoose.PipelineStage.FacetPipelineStage[] }>(
    Probe,
    { group: 'b' },
    { sort: ORDER, limit: 2, projection: { _id: 0, n: 1 } },
    { sum: [{ $group: { _id: null, n: { $sum: '$n' } } }] },
  );
  expect(page.items).toEqual([{ n: 4 }, { n: 3 }]);
  expect(page.total).toBe(5);
  expect(page.sum).toEqual([{ _id: null, n: 10 }]);
});

describe('a count that stops (countUpTo)', () => {
  const upTo = (skip: number, countUpTo: number) =>
    findPage<Row>(Probe, { group: 'a' }, { sort: ORDER, skip, limit: 5, countUpTo });

  it('says "at least" past its bound, with the same rows as an exact count, and exact once it is not reached', async () => {
    const exact = await findPage<Row>(Probe, { group: 'a' }, { sort: ORDER, limit: 5 });
    const capped = await upTo(0, 10);
    expect(capped).toEqual({ items: exact.items, total: 10, totalCapped: true });
    expect(await upTo(0, 23)).toEqual({ items: exact.items, total: 23 }); // 23 matches, counted up to 23: exact
    expect(await upTo(0, 22)).toMatchObject({ total: 22, totalCapped: true });
  });

  it('a page past the bound is still served, and counts on to its own end', async () => {
    const seen: number[] = [];
    const totals: [number, boolean][] = [];
    for (let skip = 0; skip < 23; skip += 5) {
      const page = await upTo(skip, 8);
      seen.push(...page.items.map((r) => r.n));
      totals.push([page.total, page.totalCapped === true]);
    }
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => 22 - i)); // every row once, in order
    expect(totals).toEqual([
      [8, true],
      [10, true],
      [15, true],
      [20, true],
      [23, false],
    ]);
  });

  it('a list paged with find (findCounted) gives the same rows and counts the same way', async () => {
    const both = async (skip: number, bound: number) => {
      const page = { sort: ORDER, skip, limit: 5, countUpTo: bound };
      const { items, ...counted } = await findCounted<Row>(Probe, { group: 'a' }, page);
      expect(items).toEqual((await findPage<Row>(Probe, { group: 'a' }, page)).items);
      return counted;
    };
    expect(await both(0, 10)).toEqual({ total: 10, totalCapped: true });
    expect(await both(10, 10)).toEqual({ total: 15, totalCapped: true });
    expect(await both(0, 23)).toEqual({ total: 23 });
    expect(await both(20, 10)).toEqual({ total: 23 });
    // Without a bound it counts every match.
    expect(await findCounted<Row>(Probe, { group: 'a' }, { sort: ORDER, limit: 5 })).toMatchObject({
      total: 23,
    });
  });

  it('cuts the matches after the sort, before the $facet, so no page reads past it; refuses to cut under a sum', () => {
    const pipeline = pagePipeline({ group: 'a' }, { sort: ORDER, skip: 40, limit: 20, countUpTo: 10_000 });
    expect(pipeline.slice(0, 3)).toEqual([{ $match: { group: 'a' } }, { $sort: ORDER }, { $limit: 10_001 }]);
    expect(Object.keys(pipeline[3]!)).toEqual(['$facet']);
    expect(() =>
      pagePipeline({ group: 'a' }, { sort: ORDER, limit: 5, countUpTo: 10 }, { sum: [{ $count: 'n' }] }),
    ).toThrow(/countUpTo/);
  });
});

// The stand-in's planner is not mongod's: what it explains says nothing of what mongod does.
const onMongod = process.env.TEST_MONGODB_KIND !== 'secantusdb';
(onMongod ? it : it.skip)(
  'on mongod, the page walks the index for its order and sorts nothing itself',
  async () => {
    const explain = await Probe.aggregate(
      pagePipeline({ group: 'a' }, { sort: ORDER, skip: 10, limit: 10 }),
    ).explain();
    const stages = stagesOf(explain);
    expect(stages).toContain('IXSCAN');
    // A SORT plan stage sorts in memory; a $sort left in the pipeline (inside the $facet) was not given to the index.
    expect(stages).not.toContain('SORT');
    expect(stages).not.toContain('$sort');
  },
);

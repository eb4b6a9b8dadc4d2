/**
 * Indexes as a deploy step. In development and tests every instance builds the indexes its models declare
 * when it connects (autoIndex). In production (AUTO_INDEX=false) `portal migrate` builds them once, before a
 * rolling deploy, so new instances do not all start index builds at once on a live replica set; an
 * instance started against a database that lacks a declared index refuses to start and names it.
 * Indexes the schemas no longer declare are reported, never dropped: the version still running may use them.
 */
import mongoose from 'mongoose';

export type IndexPlan = { collection: string; missing: string[]; extra: string[] };

/** The name mongod gives an index of these keys when it is given none. */
export const indexName = (keys: Record<string, unknown>) =>
  Object.entries(keys)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');

/** Per collection of every registered model: declared indexes the database lacks, and ones it has beyond them. */
export async function indexPlan(): Promise<IndexPlan[]> {
  const plans: IndexPlan[] = [];
  for (const model of Object.values(mongoose.connection.models)) {
    const diff = await model.diffIndexes({ indexOptionsToCreate: true });
    plans.push({
      collection: model.collection.collectionName,
      missing: diff.toCreate.map(
        ([keys, options]: [Record<string, unknown>, { name?: string }]) => options.name ?? indexName(keys),
      ),
      extra: diff.toDrop,
    });
  }
  return plans.sort((a, b) => a.collection.localeCompare(b.collection));
}

/** Creates every missing declared index (collections too); returns the plan it carried out. */
export async function buildIndexes(
  onCollection: (p: IndexPlan) => void = () => undefined,
): Promise<IndexPlan[]> {
  const plans = await indexPlan();
  for (const model of Object.values(mongoose.connection.models)) {
    const plan = plans.find((p) => p.collection === model.collection.collectionName)!;
    if (plan.missing.length) {
      await model.createCollection().catch((e: { codeName?: string }) => {
        if (e.codeName !== 'NamespaceExists') throw e;
      });
      await model.createIndexes();
    }
    onCollection(plan);
  }
  return plans;
}

/** Throws naming the missing indexes, for an instance that must not build them itself. */
export async function assertIndexesBuilt(): Promise<void> {
  const missing = (await indexPlan()).flatMap((p) => p.missing.map((i) => `${p.collection}.${i}`));
  if (missing.length) {
    throw new Error(
      `the database lacks ${missing.length} declared index(es): ${missing.join(', ')}. Run the migrate step first ` +
        '(npm run cli -w server -- migrate; in the image: node server/dist/src/cli.js migrate).',
    );
  }
}

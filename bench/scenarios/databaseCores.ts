/**
 * databaseCores: how many cores the database can use. 1, 2, 4 and 12 clients, each on a connection of its
 * own, read 20 documents by an index as fast as they can; the database's CPU time over the wall time is the
 * cores it used, next to the reads a second. mongod's threads use every core the machine has; the SecantusDB
 * stand-in serves each connection on a Python thread and runs one at a time, so it levels off at one core, and
 * the `database ceiling` rows of the other scenarios divide one core by their database CPU per request.
 */
// The driver mongoose carries (the project does not depend on `mongodb` itself).
import { mongo } from 'mongoose';
import { dbName, roundTrips, round, type Metric, type Scenario } from '../lib';

const LEVELS = [1, 2, 4, 12];
const DOCS = 2_000;

export const databaseCores: Scenario = {
  name: 'databaseCores',
  summary: 'cores the database uses under 1, 2, 4 and 12 clients reading by an index (the stand-in: one)',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 5;
    const name = dbName('databaseCores');
    const clients = await Promise.all(
      Array.from({ length: Math.max(...LEVELS) }, () =>
        new mongo.MongoClient(process.env.TEST_MONGODB_URI!, { maxPoolSize: 1 }).connect(),
      ),
    );
    const items = (c: mongo.MongoClient) => c.db(name).collection<{ k: number; pad: string }>('items');
    try {
      await items(clients[0]).createIndex({ k: 1 });
      await items(clients[0]).insertMany(
        Array.from({ length: DOCS }, (_, k) => ({ k, pad: '户'.repeat(80) })),
      );
      const metrics: Metric[] = [];
      for (const n of LEVELS) {
        let reads = 0;
        const meter = roundTrips();
        const started = Date.now();
        const end = started + seconds * 1_000;
        await Promise.all(
          clients.slice(0, n).map(async (c) => {
            while (Date.now() < end) {
              const from = (reads * 37) % (DOCS - 20);
              await items(c)
                .find({ k: { $gte: from, $lt: from + 20 } })
                .toArray();
              reads += 1;
            }
          }),
        );
        const wallMs = Date.now() - started;
        const dbMs = meter.cpu(1).databaseMs;
        metrics.push({
          name: `${n} client${n > 1 ? 's' : ''}: reads/s`,
          value: round((reads * 1_000) / wallMs, 0),
          unit: '/s',
        });
        if (dbMs !== undefined)
          metrics.push({
            name: `${n} client${n > 1 ? 's' : ''}: database cores used`,
            value: round(dbMs / wallMs, 2),
            unit: 'cores',
          });
      }
      return { volume: { documents: DOCS, secondsPerLevel: seconds }, metrics };
    } finally {
      await clients[0]
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
      await Promise.all(clients.map((c) => c.close()));
    }
  },
};

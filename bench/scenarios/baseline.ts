/**
 * baseline: a bare Koa handler doing one indexed findOne on the same database, under the same load
 * tool and settings as the endpoint scenarios. Its requests/s is the denominator of every ratio.
 *
 * The baseline server stays up for the whole run on its own connection and database, so each ratio
 * scenario re-measures it right before its own load (`adjacentBaseline`): on a machine whose load
 * changes minute to minute, the ratio then compares two measurements taken under the same conditions.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { Mongoose, Schema } from 'mongoose';
import { countRoundTrips } from '../../server/src/platform/db/roundTrips';
import {
  cpuMetrics,
  dbName,
  load,
  roundTripMetric,
  type Baseline,
  type BenchContext,
  type CpuPer,
  type Scenario,
} from '../lib';

type ItemDoc = { key: string; name: string; amountFen: number };
const itemSchema = new Schema<ItemDoc>({
  key: { type: String, required: true, index: { unique: true } },
  name: String,
  amountFen: Number,
});

export const baselineConnections = (quick: boolean) => (quick ? 8 : 16);
export const baselineSeconds = (quick: boolean) => (quick ? 4 : 10);

type BaselineServer = { url: string; close(): Promise<void> };
let running: BaselineServer | undefined;

async function startBaselineServer(docs: number): Promise<BaselineServer> {
  // Its own Mongoose instance: the scenarios' mongoose.disconnect() closes every connection of the default one.
  const conn = await new Mongoose()
    .createConnection(process.env.TEST_MONGODB_URI!, {
      dbName: dbName('baseline'),
      maxPoolSize: 50,
      monitorCommands: true,
    })
    .asPromise();
  countRoundTrips(conn.getClient());
  const Item = conn.model<ItemDoc>('BenchBaselineItem', itemSchema, 'benchBaselineItems');
  await Item.init();
  for (let i = 0; i < docs; i += 1_000) {
    await Item.insertMany(
      Array.from({ length: Math.min(1_000, docs - i) }, (_, j) => ({
        key: `k${i + j}`,
        name: `户${i + j}`,
        amountFen: i + j,
      })),
    );
  }
  const app = new Koa();
  app.use(async (c) => {
    const doc = await Item.findOne({ key: `k${Math.floor(Math.random() * docs)}` }).lean<ItemDoc>();
    if (!doc) return c.throw(404);
    c.body = { key: doc.key, name: doc.name, amountFen: doc.amountFen };
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

async function measure(
  ctx: BenchContext,
): Promise<
  Baseline & { non2xx: number; errors: number; roundTripsPerRequest: number; cpuPerRequest: CpuPer }
> {
  running ??= await startBaselineServer(ctx.quick ? 1_000 : 10_000);
  const connections = baselineConnections(ctx.quick);
  const durationSeconds = baselineSeconds(ctx.quick);
  const r = await load({
    url: running.url,
    connections,
    durationSeconds,
    request: () => ({ path: '/item' }),
  });
  return {
    requestsPerSecond: r.requestsPerSecond,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    connections,
    durationSeconds,
    non2xx: r.non2xx,
    errors: r.errors,
    roundTripsPerRequest: r.roundTripsPerRequest,
    cpuPerRequest: r.cpuPerRequest,
  };
}

/**
 * The baseline measured again now, on this scenario's database (the server is rebuilt when the run gave the
 * scenario a fresh one); the run's first baseline if re-measuring fails. None when the baseline did not run.
 */
export async function adjacentBaseline(ctx: BenchContext): Promise<Baseline | undefined> {
  if (!ctx.baseline) return undefined;
  ctx.log('re-measuring the baseline right before this scenario');
  const b = await measure(ctx).catch(() => undefined);
  return b && b.requestsPerSecond > 0 ? b : ctx.baseline;
}

export async function stopBaselineServer(): Promise<void> {
  await running?.close().catch(() => undefined);
  running = undefined;
}

export const baseline: Scenario = {
  name: 'baseline',
  summary: 'bare Koa + one indexed findOne (the denominator of every ratio)',
  async run(ctx) {
    const b = await measure(ctx);
    if (b.non2xx || b.errors) ctx.log(`baseline: ${b.non2xx} non-2xx, ${b.errors} errors`);
    ctx.baseline = {
      requestsPerSecond: b.requestsPerSecond,
      p50Ms: b.p50Ms,
      p99Ms: b.p99Ms,
      connections: b.connections,
      durationSeconds: b.durationSeconds,
    };
    return {
      volume: {
        documents: ctx.quick ? 1_000 : 10_000,
        connections: b.connections,
        durationSeconds: b.durationSeconds,
      },
      metrics: [
        { name: 'requests/s', value: b.requestsPerSecond, unit: 'req/s' },
        { name: 'latency p50', value: b.p50Ms, unit: 'ms' },
        { name: 'latency p99', value: b.p99Ms, unit: 'ms' },
        roundTripMetric(b.roundTripsPerRequest),
        ...cpuMetrics(b.cpuPerRequest),
      ],
    };
  },
};

/**
 * baseline: a bare Koa handler doing one indexed findOne on the same database, under the same load
 * tool and settings as the endpoint scenarios. Its requests/s is the denominator of every ratio.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import mongoose, { Schema } from 'mongoose';
import { freshDb, load, type Scenario } from '../lib';

type ItemDoc = { key: string; name: string; amountFen: number };
const Item = mongoose.model<ItemDoc>(
  'BenchBaselineItem',
  new Schema<ItemDoc>({ key: { type: String, required: true, index: { unique: true } }, name: String, amountFen: Number }),
  'benchBaselineItems',
);

export const baselineConnections = (quick: boolean) => (quick ? 8 : 16);
export const baselineSeconds = (quick: boolean) => (quick ? 4 : 10);

export const baseline: Scenario = {
  name: 'baseline',
  summary: 'bare Koa + one indexed findOne (the denominator of every ratio)',
  async run(ctx) {
    const docs = ctx.quick ? 1_000 : 10_000;
    const db = await freshDb('baseline');
    const server = http.createServer();
    try {
      await Item.init();
      for (let i = 0; i < docs; i += 1_000) {
        await Item.insertMany(Array.from({ length: Math.min(1_000, docs - i) }, (_, j) => ({ key: `k${i + j}`, name: `户${i + j}`, amountFen: i + j })));
      }
      const app = new Koa();
      app.use(async (c) => {
        const doc = await Item.findOne({ key: `k${Math.floor(Math.random() * docs)}` }).lean<ItemDoc>();
        if (!doc) return c.throw(404);
        c.body = { key: doc.key, name: doc.name, amountFen: doc.amountFen };
      });
      server.on('request', app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const connections = baselineConnections(ctx.quick);
      const durationSeconds = baselineSeconds(ctx.quick);
      const r = await load({ url, connections, durationSeconds, request: () => ({ path: '/item' }) });
      if (r.non2xx || r.errors) ctx.log(`baseline: ${r.non2xx} non-2xx, ${r.errors} errors`);
      ctx.baseline = { requestsPerSecond: r.requestsPerSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms, connections, durationSeconds };
      return {
        volume: { documents: docs, connections, durationSeconds },
        metrics: [
          { name: 'requests/s', value: r.requestsPerSecond, unit: 'req/s' },
          { name: 'latency p50', value: r.p50Ms, unit: 'ms' },
          { name: 'latency p99', value: r.p99Ms, unit: 'ms' },
        ],
      };
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.drop();
    }
  },
};

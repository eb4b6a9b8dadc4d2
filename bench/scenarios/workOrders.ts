/**
 * Work orders (issue 6): an agent files orders over HTTP for customers of a district with a dispatch
 * rule and technicians on shift, each order auto-dispatched on creation (goal ≥ 200/s; ratio to baseline
 * reported too). Load helpers: server/test/workorders/load.ts.
 */
import {
  baselineMetric,
  ceilingNotes,
  cpuMetrics,
  need,
  ratioTo,
  round,
  roundTripMetric,
  roundTrips,
  startPortal,
  type Scenario,
} from '../lib';
import { adjacentBaseline } from './baseline';

type Load = typeof import('../../server/test/workorders/load');
const loadModule = () => import('../../server/test/workorders/load');

export const workOrders: Scenario = {
  name: 'workOrders',
  summary: 'POST /api/work-orders with auto-dispatch (goal ≥ 200/s, ratio to baseline reported)',
  needsBaseline: true,
  async run(ctx) {
    const prepare = await need<Load['prepareDispatchLoad']>(
      loadModule,
      'prepareDispatchLoad',
      'server/test/workorders/load.ts',
    );
    const create = await need<Load['createOrdersLoad']>(
      loadModule,
      'createOrdersLoad',
      'server/test/workorders/load.ts',
    );
    const count = ctx.quick ? 200 : 2_000;
    const accounts = ctx.quick ? 50 : 200;
    const technicians = ctx.quick ? 10 : 20;
    const concurrency = ctx.quick ? 8 : 16;
    const t = await startPortal('workOrders');
    try {
      const fx = await prepare(t.deps, { accounts, technicians });
      await create({ url: t.url, ...fx, count: Math.min(20, count), concurrency: 4 }); // warm-up
      const base = await adjacentBaseline(ctx);
      const trips = roundTrips();
      const r = await create({ url: t.url, ...fx, count, concurrency });
      const tripsPerOrder = trips.per(r.ok);
      const cpu = trips.cpu(r.ok);
      const perSecond = round(r.perSecond, 1);
      return {
        volume: { orders: count, accounts, technicians, concurrency },
        notes: ceilingNotes(cpu, 200, 'order'),
        metrics: [
          {
            name: 'orders/s',
            value: perSecond,
            unit: '/s',
            ratio: ratioTo(base, perSecond),
            goal: '≥ 200/s',
            pass: perSecond >= 200,
          },
          { name: 'auto-dispatched', value: r.dispatched, unit: `of ${r.ok}` },
          roundTripMetric(tripsPerOrder),
          ...cpuMetrics(cpu, 'order'),
          { name: 'failures', value: r.failures, unit: 'requests', goal: '0', pass: r.failures === 0 },
          ...baselineMetric(base),
        ],
        adjacentBaseline: base,
      };
    } finally {
      await t.close();
    }
  },
};

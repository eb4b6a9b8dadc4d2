/**
 * KPI cockpit (issues 10, 19): seeds orders, accounts and bills in bulk with seedKpiVolume (with their
 * roll-up rows), then times the cockpit's usual queries with benchKpis (warm, median of 5), and one run of the
 * per-minute roll-up after some of today's orders changed. Goal < 300 ms at 1M orders / 100k accounts.
 */
import { commandProfile } from '../../server/src/platform/db/roundTrips';
import { cpuMetrics, freshDb, need, round, roundTripMetric, roundTrips, timed, type Scenario } from '../lib';

type KpiBench = typeof import('../../server/src/bench/kpi');
const kpiBench = () => import('../../server/src/bench/kpi');

export const kpi: Scenario = {
  name: 'kpi',
  summary: 'cockpit KPI query latency (goal < 300 ms at 1M orders / 100k accounts)',
  async run(ctx) {
    const seedKpiVolume = await need<KpiBench['seedKpiVolume']>(
      kpiBench,
      'seedKpiVolume',
      'server/src/bench/kpi.ts',
    );
    const benchKpis = await need<KpiBench['benchKpis']>(kpiBench, 'benchKpis', 'server/src/bench/kpi.ts');
    await import('../../server/src/modules');
    // BENCH_KPI_ORDERS / BENCH_KPI_ACCOUNTS: another volume (the table says which, and that pass/miss is
    // indicative below the goal volume).
    const orders = Number(process.env.BENCH_KPI_ORDERS) || (ctx.quick ? 5_000 : 1_000_000);
    const accounts = Number(process.env.BENCH_KPI_ACCOUNTS) || (ctx.quick ? 2_000 : 100_000);
    const db = await freshDb('kpi');
    try {
      const now = new Date();
      ctx.log(`kpi: seeding ${orders} orders and ${accounts} accounts`);
      const days = ctx.quick ? 45 : 365;
      // Past 100k orders the source collections get the indexes the measured code reads through only
      // (seedKpiVolume's `indexes`): the others take the stand-in longer to build than the load itself.
      const indexes = orders > 100_000 ? 'cockpit' : 'all';
      const seeded = await timed(() =>
        seedKpiVolume({ orders, accounts, days, now, indexes, log: (m) => ctx.log(`kpi seed ${m}`) }),
      );
      const trips = roundTrips();
      const rows = await benchKpis(now);
      // benchKpis runs each query 1 + TIMED times (a warm-up, then the timed runs whose median it reports).
      const { TIMED } = await kpiBench();
      const tripsPerQuery = trips.per(rows.length * (1 + TIMED));
      const cpuPerQuery = trips.cpu(rows.length * (1 + TIMED));
      const benchTodayRollup = await need<KpiBench['benchTodayRollup']>(
        kpiBench,
        'benchTodayRollup',
        'server/src/bench/kpi.ts',
      );
      // BENCH_COMMANDS=1: the roll-up run's own commands, as notes (what a run spends its database time on).
      const rollupCommands = process.env.BENCH_COMMANDS ? commandProfile() : undefined;
      const rollup = await benchTodayRollup(now);
      const rollupProfile = rollupCommands?.().slice(0, 12) ?? [];
      const atGoal = orders >= 1_000_000 && accounts >= 100_000;
      return {
        volume: {
          orders,
          accounts,
          days,
          seedSeconds: round(seeded.ms / 1000, 1),
          seedOrdersPerSecond: round(orders / (seeded.ms / 1000), 0),
          seedSteps: Object.entries(seeded.value.ms)
            .map(([k, v]) => `${k} ${round(v / 1000, 1)} s`)
            .join(', '),
        },
        notes: [
          ...rollupProfile.map((c) => `roll-up run: ${c.command} ×${c.count}, ${c.ms} ms`),
          ...(indexes === 'cockpit'
            ? [
                'orders, clocks, bills and accounts carry the indexes a roll-up run reads through (by number, creation, change, period); roll-up rows all theirs',
              ]
            : []),
          ...(atGoal
            ? []
            : [
                `volume ${orders} orders / ${accounts} accounts (< 1M / 100k goal volume): pass/miss is indicative only`,
              ]),
        ],
        metrics: [
          ...rows.map((r) => ({
            name: `getKpis ${r.query}`,
            value: r.ms,
            unit: 'ms',
            goal: '< 300 ms',
            pass: r.ms < 300,
          })),
          roundTripMetric(tripsPerQuery, 'getKpis'),
          ...cpuMetrics(cpuPerQuery, 'getKpis'),
          {
            name: `roll-up run (${rollup.changed} orders changed: ${rollup.days} days, ${rollup.dayOrders} orders re-rolled)`,
            value: rollup.ms,
            unit: 'ms',
          },
        ],
      };
    } finally {
      await db.drop();
    }
  },
};

/**
 * `npm run bench [-- [--quick] [scenario...]]`: starts a MongoDB (MONGODB_URI, else mongod through
 * mongodb-memory-server, downloaded once, else the SecantusDB stand-in) and says which on its first line,
 * runs the scenarios one after another, each on a fresh database,
 * prints a table per scenario and a summary, and writes bench/results/<scenario>-<timestamp>.json.
 * Scenarios that compare with the baseline run it first in the same process.
 *
 * On the stand-in it started itself, each scenario after the first gets a fresh in-memory server (the
 * baseline server is rebuilt on it for the scenario's adjacent baseline): a shared one carries what earlier
 * scenarios left (its memory only grows) and once stalled mid-run. A scenario with no result after
 * BENCH_SCENARIO_MINUTES (20 quick, 240 full) is reported failed, and the run goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startMongo, type MongoKind, type RunningMongo } from '../server/src/platform/db/embeddedMongo';
import { commandProfile } from '../server/src/platform/db/roundTrips';
import {
  setDatabaseProcess,
  Skip,
  type BenchContext,
  type Metric,
  type Scenario,
  type ScenarioOutput,
} from './lib';
import { baseline, stopBaselineServer } from './scenarios/baseline';
import { createPayment, listBills, notify } from './scenarios/billing';
import { customer360 } from './scenarios/customer360';
import { workOrders } from './scenarios/workOrders';
import { noticeFanout } from './scenarios/noticeFanout';
import { chat } from './scenarios/chat';
import { kpi } from './scenarios/kpi';
import { importJob } from './scenarios/importJob';
import { databaseCores } from './scenarios/databaseCores';

const ALL: Scenario[] = [
  baseline,
  listBills,
  createPayment,
  notify,
  customer360,
  workOrders,
  noticeFanout,
  chat,
  kpi,
  importJob,
  databaseCores,
];
const ALIASES: Record<string, string> = {
  import: 'customer360',
  notices: 'noticeFanout',
  workorders: 'workOrders',
  billing: 'listBills,createPayment,notify',
};
const RESULTS = path.join(__dirname, 'results');

const DB_NOTES: Record<MongoKind, string> = {
  secantusdb:
    'SecantusDB stand-in (MongoDB wire-compatible, much slower than mongod): absolute figures are far below a real MongoDB; read the ratios, and run with MONGODB_URI=... for real numbers',
  mongod: 'local mongod (single-node replica set via mongodb-memory-server)',
  external: 'MongoDB from MONGODB_URI',
};

type Row = { scenario: string; status: 'ok' | 'skipped' | 'failed'; metric?: Metric; message?: string };

function parseArgs(argv: string[]): { quick: boolean; selected: Scenario[] } {
  const quick = argv.includes('--quick');
  const names = argv
    .filter((a) => !a.startsWith('--'))
    .flatMap((a) => (ALIASES[a] ?? ALIASES[a.toLowerCase()] ?? a).split(','));
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(
      `usage: npm run bench -- [--quick] [scenario...]\nscenarios:\n${ALL.map((s) => `  ${s.name.padEnd(14)} ${s.summary}`).join('\n')}`,
    );
    process.exit(0);
  }
  const unknown = names.filter((n) => !ALL.some((s) => s.name.toLowerCase() === n.toLowerCase()));
  if (unknown.length) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${ALL.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  let selected = names.length
    ? ALL.filter((s) => names.some((n) => n.toLowerCase() === s.name.toLowerCase()))
    : ALL;
  if (selected.some((s) => s.needsBaseline) && !selected.includes(baseline))
    selected = [baseline, ...selected];
  return { quick, selected };
}

const fmt = (n: number | undefined) =>
  n === undefined || Number.isNaN(n)
    ? ''
    : Number.isInteger(n)
      ? String(n)
      : Math.abs(n) < 0.1
        ? String(Number(n.toPrecision(2)))
        : n.toFixed(2);
const verdict = (m: Metric) => (m.pass === undefined ? '' : m.pass ? 'pass' : 'MISS');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function printScenario(name: string, out: ScenarioOutput, seconds: number): void {
  console.log(
    `\n${name}  (${Object.entries(out.volume)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}; ${seconds.toFixed(0)} s)`,
  );
  console.log(
    table([
      ['metric', 'value', 'unit', 'ratio', 'goal', 'result'],
      ...out.metrics.map((m) => [m.name, fmt(m.value), m.unit, fmt(m.ratio), m.goal ?? '', verdict(m)]),
    ]),
  );
  for (const n of out.notes ?? []) console.log(`  note: ${n}`);
}

/** `BENCH_COMMANDS=1`: the scenario's database commands, busiest first (the driver's wait, seeding included). */
function printCommands(rows: ReturnType<ReturnType<typeof commandProfile>>): void {
  console.log(
    table([
      ['command collection', 'count', 'ms', 'ms each'],
      ...rows
        .slice(0, 20)
        .map((r) => [r.command, String(r.count), String(r.ms), (r.ms / r.count).toFixed(2)]),
    ]),
  );
}

/** The scenario's result, or a failure once `ms` pass without one (its work is left to the stopped database). */
function withinLimit<T>(run: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const within = ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${within}: stopped`)), ms);
  });
  return Promise.race([run, limit]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  const { quick, selected } = parseArgs(process.argv.slice(2));
  const log = (m: string) => console.log(`  · ${m}`);
  // Quiet while choosing, so the first line says which database runs (a first-time download says so).
  // At goal volume the stand-in needs a bigger cache than its 1G: in memory, the data lives in it.
  const cacheSize = quick ? undefined : (process.env.BENCH_DB_CACHE ?? '8G');
  let mongo = await startMongo({ log: (m) => m.includes('downloading') && log(m), cacheSize });
  console.log(`database: ${mongo.kind} — ${mongo.description}`);
  const useDatabase = (db: RunningMongo) => {
    process.env.TEST_MONGODB_URI = db.uri;
    // The stand-in serves each connection on a Python thread, one running at a time: one core at most (12
    // clients hammering finds held it at 0.93 of a core on 2). mongod's threads use every core.
    setDatabaseProcess(
      db.pid ?? (Number(process.env.BENCH_DB_PID) || undefined),
      db.kind === 'secantusdb' ? 1 : undefined,
    );
  };
  useDatabase(mongo);
  // mongod is started by mongodb-memory-server the same way, but does not need it.
  const freshPerScenario = mongo.kind === 'secantusdb' && process.env.BENCH_SHARED_DB !== 'true';
  const limitMs = Number(process.env.BENCH_SCENARIO_MINUTES ?? (quick ? 20 : 240)) * 60_000;
  // A failed scenario can leave clients whose timers reject later: report them, keep running.
  process.on('unhandledRejection', (e) =>
    console.log(
      `  (late error from an earlier scenario: ${String((e as Error)?.message ?? e).slice(0, 200)})`,
    ),
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the database`);
      void mongo.stop().finally(() => process.exit(130));
    });
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const ctx: BenchContext = { quick, dbKind: mongo.kind, log };
  const database = { kind: mongo.kind, description: mongo.description, note: DB_NOTES[mongo.kind] };
  console.log(`  ${database.note}`);
  console.log(
    `bench${quick ? ' --quick (volumes scaled down)' : ''}: ${selected.map((s) => s.name).join(', ')}`,
  );
  fs.mkdirSync(RESULTS, { recursive: true });
  const summary: Row[] = [];
  try {
    for (const [i, s] of selected.entries()) {
      console.log(`\n▶ ${s.name}: ${s.summary}`);
      if (i > 0 && freshPerScenario) {
        await stopBaselineServer();
        await mongo.stop();
        mongo = await startMongo({ env: { EMBEDDED_DB: 'secantusdb' }, cacheSize });
        useDatabase(mongo);
        log('a fresh in-memory stand-in for this scenario');
      }
      const t0 = performance.now();
      const base = {
        scenario: s.name,
        timestamp: new Date().toISOString(),
        quick,
        database,
        node: process.version,
      };
      const commands = process.env.BENCH_COMMANDS ? commandProfile() : undefined;
      try {
        const out = await withinLimit(s.run(ctx), limitMs);
        const seconds = (performance.now() - t0) / 1000;
        printScenario(s.name, out, seconds);
        if (commands) printCommands(commands());
        const goals = out.metrics.filter((m) => m.pass !== undefined);
        const file = path.join(RESULTS, `${s.name}-${stamp}.json`);
        fs.writeFileSync(
          file,
          JSON.stringify(
            {
              ...base,
              seconds: Math.round(seconds),
              status: 'ok',
              volume: out.volume,
              baseline:
                s === baseline
                  ? undefined
                  : { runStart: ctx.baseline ?? null, adjacent: out.adjacentBaseline ?? null },
              metrics: out.metrics,
              notes: out.notes ?? [],
              pass: goals.length ? goals.every((m) => m.pass) : null,
            },
            null,
            2,
          ) + '\n',
        );
        console.log(`  → ${path.relative(process.cwd(), file)}`);
        for (const m of out.metrics)
          if (
            m.pass !== undefined ||
            m.ratio !== undefined ||
            m.name.startsWith('db round trips') ||
            m.name.startsWith('database CPU') ||
            m.name.startsWith('database ceiling') ||
            m.name.endsWith('database cores used') ||
            s === baseline
          )
            summary.push({ scenario: s.name, status: 'ok', metric: m });
      } catch (e) {
        const skipped = e instanceof Skip;
        const message = skipped
          ? (e as Error).message
          : ((e as Error).stack ?? String(e)).split('\n').slice(0, 4).join('\n');
        console.log(skipped ? `  skipped: ${message}` : `  failed: ${message}`);
        fs.writeFileSync(
          path.join(RESULTS, `${s.name}-${stamp}.json`),
          JSON.stringify({ ...base, status: skipped ? 'skipped' : 'failed', message }, null, 2) + '\n',
        );
        summary.push({
          scenario: s.name,
          status: skipped ? 'skipped' : 'failed',
          message: message.split('\n')[0],
        });
        // A failed scenario may leave mongoose connected to its database: the next one connects afresh. Bounded:
        // a stalled server may not answer the driver's goodbye.
        const mongoose = (await import('mongoose')).default;
        if (mongoose.connection.readyState !== 0)
          await withinLimit(mongoose.disconnect(), 10_000).catch(() => undefined);
      }
    }
  } finally {
    await stopBaselineServer();
    await mongo.stop();
  }
  console.log(
    `\n══ summary (database: ${mongo.kind}${quick ? ', --quick volumes' : ''}; baseline ${ctx.baseline ? `${fmt(ctx.baseline.requestsPerSecond)} req/s` : 'not run'})`,
  );
  console.log(
    table([
      ['scenario', 'metric', 'value', 'unit', 'ratio', 'goal', 'result'],
      ...summary.map((r) =>
        r.metric
          ? [
              r.scenario,
              r.metric.name,
              fmt(r.metric.value),
              r.metric.unit,
              fmt(r.metric.ratio),
              r.metric.goal ?? '',
              verdict(r.metric),
            ]
          : [r.scenario, r.status, '', '', '', '', r.message ?? ''],
      ),
    ]),
  );
  if (mongo.kind === 'secantusdb') console.log(`\nnote: ${DB_NOTES.secantusdb}.`);
  // Sandbox timers, sockets and pools may linger; the run is over.
  process.exit(summary.some((r) => r.status === 'failed') ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

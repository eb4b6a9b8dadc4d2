/**
 * Shared pieces of `npm run bench`: the scenario contract, a fresh database per scenario, the real
 * portal (optionally wired to the WeChat sandbox), an autocannon wrapper and percentile helpers.
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { Config } from '@portal/config';
import type { MongoKind } from '../server/src/platform/db/embeddedMongo';
import { startPayTest, type PayTest } from '../server/test/billing/payHarness';
import mongoose from 'mongoose';
import { connectDb } from '../server/src/platform/db/mongo';
import { roundTripsSoFar } from '../server/src/platform/db/roundTrips';
import { createTestDeps, startTestServer, testConfig, testMongoUri } from '../server/test/harness';

export type Metric = {
  name: string;
  value: number;
  unit: string;
  /** value / baseline requests per second of the same run (throughput scenarios). */
  ratio?: number;
  goal?: string;
  pass?: boolean;
};

export type ScenarioOutput = {
  volume: Record<string, number | string>;
  metrics: Metric[];
  notes?: string[];
  /** The baseline re-measured right before this scenario's load (the ratio's denominator). */
  adjacentBaseline?: Baseline;
};

export type Baseline = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU per baseline request (one indexed findOne); the database's when its process can be read. */
  cpuPerRequest?: CpuPer;
  connections: number;
  durationSeconds: number;
};

export type BenchContext = {
  quick: boolean;
  dbKind: MongoKind;
  /** Set once the baseline scenario has run in this process. */
  baseline?: Baseline;
  log(msg: string): void;
};

export type Scenario = {
  name: string;
  summary: string;
  /** Runs the baseline first when selected alone (its result is the ratio's denominator). */
  needsBaseline?: boolean;
  run(ctx: BenchContext): Promise<ScenarioOutput>;
};

/** Thrown when a scenario cannot run here (a module function it needs is missing). */
export class Skip extends Error {}

/** Loads a module and returns one export, or throws Skip naming what is missing. */
export async function need<T>(load: () => Promise<object>, name: string, where: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await load()) as Record<string, unknown>;
  } catch (e) {
    throw new Skip(`${where} could not be loaded (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof mod[name] !== 'function') throw new Skip(`${where} has no ${name}()`);
  return mod[name] as T;
}

export const dbName = (scenario: string) =>
  `bench_${scenario.replace(/\W/g, '_')}_${randomBytes(3).toString('hex')}`;

/**
 * A fresh database on the run's MongoDB (mongoose default connection, round trips counted: see
 * roundTrips()); drop() drops and disconnects.
 */
export async function freshDb(scenario: string): Promise<{ dbName: string; drop(): Promise<void> }> {
  const name = dbName(scenario);
  await connectDb(testMongoUri(), name, { monitorCommands: true });
  return {
    dbName: name,
    drop: async () => {
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    },
  };
}

/**
 * The database server's process, when it runs on this machine: the stand-in or mongod this run started,
 * or `BENCH_DB_PID` next to MONGODB_URI. Its CPU time is read from /proc (Linux), so each scenario can say
 * how much database work a request costs, next to the round trips that explain it.
 */
let databasePid: number | undefined;
/** The stand-in runs its Python one thread at a time: at most one core, whatever the machine has. */
let databaseCores: number | undefined;
export function setDatabaseProcess(pid: number | undefined, cores?: number): void {
  databasePid = pid;
  databaseCores = cores;
}

const TICKS_PER_SECOND = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/** CPU milliseconds the database process has used so far (user + system); undefined when it cannot be read. */
function databaseCpuMs(): number | undefined {
  if (!databasePid || process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${databasePid}/stat`, 'utf8');
    // After "pid (comm) ", utime and stime are the 12th and 13th fields (proc(5): fields 14 and 15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU per request, message or call: the database server's, and this process's (portal, load tool, sandbox). */
export type CpuPer = { databaseMs?: number; benchMs: number };

/**
 * Counts database round trips from now (every command the driver sends: find, getMore, update,
 * aggregate...); `per(n)` divides them by n requests, messages or calls, and `cpu(n)` the CPU time the
 * database server and this process spent meanwhile. Background work in the same process (workers) is
 * counted too, which is what a request's real cost includes.
 */
export function roundTrips(): { count(): number; per(n: number): number; cpu(n: number): CpuPer } {
  const start = roundTripsSoFar();
  const cpuStart = process.cpuUsage();
  const dbStart = databaseCpuMs();
  const count = () => roundTripsSoFar() - start;
  return {
    count,
    per: (n) => (n > 0 ? round(count() / n, 1) : NaN),
    cpu: (n) => {
      const used = process.cpuUsage(cpuStart);
      const db = databaseCpuMs();
      return {
        databaseMs: db === undefined || dbStart === undefined ? undefined : round((db - dbStart) / n, 2),
        benchMs: round((used.user + used.system) / 1000 / n, 2),
      };
    },
  };
}

/** A CPU meter started and ended by code the bench calls (a phase inside a helper), per `units`. */
export function cpuBracket(units: number): { start(): void; end(): void; result(): CpuPer } {
  let meter: ReturnType<typeof roundTrips> | undefined;
  let used: CpuPer = { benchMs: NaN };
  return {
    start: () => void (meter = roundTrips()),
    end: () => void (used = meter ? meter.cpu(units) : used),
    result: () => used,
  };
}

/**
 * The CPU rows next to the round trips: the database server's CPU per request (when its process can be
 * read), and this process's, which holds the portal, the load tool and the WeChat sandbox.
 */
/**
 * The most this database could serve were everything else free: its cores ÷ its CPU per request. Known only for
 * a database whose cores are bounded (the stand-in: one); a goal above it is out of the portal's reach.
 */
const databaseCeiling = (c: CpuPer): number | undefined =>
  c.databaseMs && databaseCores ? Math.round((databaseCores * 1000) / c.databaseMs) : undefined;

export const cpuMetrics = (c: CpuPer, per = 'request'): Metric[] => {
  const ceiling = databaseCeiling(c);
  return [
    ...(c.databaseMs === undefined ? [] : [{ name: `database CPU/${per}`, value: c.databaseMs, unit: 'ms' }]),
    ...(ceiling === undefined
      ? []
      : [
          {
            name: `database ceiling (${databaseCores} core${databaseCores === 1 ? '' : 's'})`,
            value: ceiling,
            unit: `${per}/s`,
          },
        ]),
    { name: `bench process CPU/${per}`, value: c.benchMs, unit: 'ms' },
  ];
};

/**
 * A note when a throughput goal is above the database's ceiling (cpuMetrics): no change to the portal can meet it
 * on this database, only a database that costs less per request or has more cores.
 */
export function ceilingNotes(c: CpuPer, goalPerSecond: number | undefined, per = 'request'): string[] {
  const ceiling = databaseCeiling(c);
  if (ceiling === undefined || !goalPerSecond) return [];
  return ceiling < goalPerSecond
    ? [
        `goal ${Math.round(goalPerSecond)}/s is above the database's ceiling of ${ceiling}/s (${databaseCores} core ÷ ${c.databaseMs} ms of its CPU per ${per}): out of the portal's reach on this database`,
      ]
    : [];
}

/** The metric row of round trips per request, next to the throughput it explains. */
export const roundTripMetric = (perRequest: number, per = 'request'): Metric => ({
  name: `db round trips/${per}`,
  value: perRequest,
  unit: 'round trips',
});

/** The real portal (every feature, workers off) on a fresh database. */
export async function startPortal(
  scenario: string,
  env: Record<string, string> = {},
  extra: { config?: (c: Config) => void } = {},
) {
  const config = testConfig(env);
  extra.config?.(config);
  return startTestServer({ deps: createTestDeps(config), db: await freshDb(scenario) });
}

export type SandboxPortal = PayTest;

/** The portal wired to a WeChat sandbox (pay notifications delivered to the portal over HTTP), as the billing tests run it. */
export async function startSandboxPortal(
  scenario: string,
  env: Record<string, string> = {},
): Promise<SandboxPortal> {
  return startPayTest({ env, db: await freshDb(scenario) });
}

export type LoadResult = {
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Database round trips during the load ÷ responses. */
  roundTripsPerRequest: number;
  /** CPU during the load ÷ responses. */
  cpuPerRequest: CpuPer;
};

/**
 * autocannon against `url`: either for `durationSeconds` or exactly `amount` requests. `request(i)`
 * builds the i-th request (method, path, headers, body); throughput counts 2xx responses only.
 */
export async function load(o: {
  url: string;
  connections: number;
  durationSeconds?: number;
  amount?: number;
  request: (i: number) => {
    method?: 'GET' | 'POST' | 'PUT';
    path: string;
    headers?: Record<string, string>;
    body?: string;
  };
}): Promise<LoadResult> {
  let i = 0;
  const first = o.request(0);
  const trips = roundTrips();
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    // A run of `amount` requests stops at autocannon's next sample tick (every second by default): 120 orders
    // done in 3.2 s read as 4 s. Ticks every 50 ms keep that error small.
    ...(o.amount ? { amount: o.amount, sampleInt: 50 } : { duration: o.durationSeconds ?? 10 }),
    timeout: 30,
    requests: [
      {
        method: first.method ?? 'GET',
        path: first.path,
        setupRequest: (req) => {
          const q = o.request(i++);
          return { ...req, method: q.method ?? 'GET', path: q.path, headers: { ...q.headers }, body: q.body };
        },
      },
    ],
  });
  const ok = r['2xx'];
  return {
    requestsPerSecond: round(ok / r.duration),
    ok,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    seconds: round(r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    roundTripsPerRequest: trips.per(ok + r.non2xx),
    cpuPerRequest: trips.cpu(ok + r.non2xx),
  };
}

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(s.at(-1) ?? NaN) };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Ratio to a baseline's requests per second (undefined without a baseline). */
export const ratioTo = (base: Baseline | undefined, rps: number) =>
  base?.requestsPerSecond ? round(rps / base.requestsPerSecond) : undefined;

/** The metric row showing the denominator used for this scenario's ratio. */
export const baselineMetric = (base: Baseline | undefined): Metric[] =>
  base
    ? [
        { name: 'baseline req/s (measured just before)', value: base.requestsPerSecond, unit: 'req/s' },
        ...(base.cpuPerRequest?.databaseMs === undefined
          ? []
          : [{ name: 'baseline database CPU/request', value: base.cpuPerRequest.databaseMs, unit: 'ms' }]),
      ]
    : [];

export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: round(performance.now() - t0, 1) };
}

/** Runs fn(i) for i < n with `concurrency` in flight. */
export async function pool(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

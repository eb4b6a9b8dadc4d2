/**
 * Builds a real portal for a test file: its own database on the run's MongoDB, the real Koa app
 * listening on a free port, real HTTP through fetch.
 *
 *   const t = await startTestServer();
 *   afterAll(() => t.close());
 *   const res = await t.api('POST', '/api/accounts/bind', { token, body: {...} });
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig, type Config } from '@portal/config';
import { createApp, type App } from '../src/app';
import type { AppDeps, Clock } from '../src/deps';
import { createSessionTokens } from '../src/platform/auth/auth';
import { connectDb } from '../src/platform/db/mongo';
import { createLogger } from '../src/platform/log';
import { createWechatClients } from '../src/platform/wechat';
import { createFileStore } from '../src/platform/storage/fileStore';
import type { Feature } from '../src/platform/feature';
import { features as allFeatures } from '../src/modules';
import { declaredStatuses } from '../src/platform/http/openapi';
import { httpRequestDuration } from '../src/platform/metrics';

export function testDbName(): string {
  const file = path
    .basename(expect.getState().testPath ?? 'x', '.test.ts')
    .replace(/[^\w]/g, '_')
    .slice(0, 30);
  return `t_${file}_${randomBytes(4).toString('hex')}`;
}

/** The database server for this jest worker (globalSetup starts one per worker for the stand-in). */
export function testMongoUri(): string {
  const uri =
    process.env[`TEST_MONGODB_URI_${process.env.JEST_WORKER_ID ?? ''}`] ?? process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error('TEST_MONGODB_URI is not set: run tests through jest (globalSetup starts the database)');
  return uri;
}

/**
 * Connects mongoose (default connection) to a fresh database for this test file. `monitorCommands`:
 * the driver reports every command (round-trip budgets, roundTripBudget.ts).
 */
export async function connectTestDb(
  dbName = testDbName(),
  opts: { monitorCommands?: boolean } = {},
): Promise<{ dbName: string; drop(): Promise<void> }> {
  const uri = testMongoUri();
  await connectDb(uri, dbName, { monitorCommands: opts.monitorCommands });
  return {
    dbName,
    drop: async () => {
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATA_DIR: path.join(os.tmpdir(), `portal-test-${process.pid}`),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      QR_SECRET: randomBytes(32).toString('hex'),
      WORKERS: 'false',
      DEMO_SEED: 'false',
      ...overrides,
    },
    process.cwd(),
  );
}

/** A clock tests can move. */
export function testClock(start = new Date()): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d) => void (now = d.getTime()),
    advance: (ms) => void (now += ms),
  };
}

export function createTestDeps(config: Config = testConfig(), extra: Partial<AppDeps> = {}): AppDeps {
  return {
    config,
    logger: createLogger(config.LOG_LEVEL),
    secrets: { session: config.SESSION_SECRET!, qr: config.QR_SECRET! },
    tokens: createSessionTokens(config.SESSION_SECRET!, config.SESSION_TTL_SECONDS),
    clock: { now: () => new Date() },
    wechat: createWechatClients(config, extra.clock ?? { now: () => new Date() }),
    files: createFileStore(config),
    ...extra,
  };
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type TestServer = {
  url: string;
  app: App;
  deps: AppDeps;
  dbName: string;
  api<T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
};

export async function startTestServer(
  opts: { deps?: AppDeps; features?: Feature[]; db?: { dbName: string; drop(): Promise<void> } } = {},
): Promise<TestServer> {
  const db = opts.db ?? (await connectTestDb());
  const deps = opts.deps ?? createTestDeps();
  const app = createApp(deps, opts.features);
  const server = http.createServer(app.callback());
  const attached = (opts.features ?? allFeatures).flatMap((f) => (f.attach ? [f.attach(server, deps)] : []));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    deps,
    dbName: db.dbName,
    api: (method, p, o = {}) => request(url, method, p, o),
    close: async () => {
      await Promise.all(attached.map((a) => a.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.drop();
      await expectAnswersDeclared(app);
    },
  };
}

/**
 * Fails with every answer this process sent whose status the operation does not declare in /openapi.json: a
 * client generated from the document, or Schemathesis, would not expect it. Each test file is checked when its
 * server (or, in the browser tests, its portal) closes, so the whole suite keeps the document honest, not only
 * the fuzzer.
 */
export async function expectAnswersDeclared(app: Pick<App, 'routes'>): Promise<void> {
  const undeclared = await undeclaredAnswers(app);
  if (undeclared.length)
    throw new Error(
      `answers /openapi.json does not declare (add them to the route's errors):\n${undeclared.join('\n')}`,
    );
}

/** Those answers, as `METHOD operationId: status`. */
export async function undeclaredAnswers(app: Pick<App, 'routes'>): Promise<string[]> {
  const declared = new Map(app.routes.map((r) => [r.spec.operationId, declaredStatuses(r)]));
  return (await answersSent()).flatMap(({ operationId, method, status }) => {
    const statuses = declared.get(operationId);
    // A 500 is a crash, never declared: a fault a test injects, or a bug the fuzz gate fails on.
    return statuses && status !== 500 && !statuses.has(status) ? [`${method} ${operationId}: ${status}`] : [];
  });
}

/** Every answer this process's portals have sent so far, by operation, method and status (the request metrics). */
export async function answersSent(): Promise<
  { operationId: string; method: string; status: number; count: number }[]
> {
  const { values } = await httpRequestDuration.get();
  return values
    .filter((v) => v.metricName?.endsWith('_count'))
    .map(({ labels, value }) => ({
      operationId: String(labels.operation_id),
      method: String(labels.method),
      status: Number(labels.status),
      count: value,
    }));
}

export async function request<T = any>(
  base: string,
  method: string,
  p: string,
  o: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | Buffer | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + p, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

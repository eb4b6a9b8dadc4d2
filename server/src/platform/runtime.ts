/**
 * Starting and stopping a whole portal process: database, optional WeChat sandbox, HTTP server,
 * workers. main.ts (the demo and production) and the end-to-end tests both use it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '@portal/config';
import { createApp } from '../app';
import { systemClock, type AppDeps, type Clock } from '../deps';
import { features } from '../modules';
import { createSessionTokens } from './auth/auth';
import { closeDb, connectDb } from './db/mongo';
import { listen } from './http/listen';
import { startMetricsServer } from './http/metricsRoutes';
import { assertIndexesBuilt } from './db/indexes';
import { startMongo, type RunningMongo } from './db/embeddedMongo';
import { createLogger, type Logger } from './log';
import { cjkFontPath } from './pdfFont';
import { ensureSchedule } from './outbox/outbox';
import { outboxRetentionFeature } from './outbox/retention';
import type { Feature } from './feature';
import { createWorker, type JobHandler, type Worker } from './outbox/worker';
import { resolveSecrets } from './secrets';
import { createWechatClients } from './wechat';
import { createFileStore } from './storage/fileStore';
import path from 'node:path';

export type Hooks = {
  /** Starts the WeChat sandbox and returns config overrides pointing the clients at it. */
  startSandbox?: (
    config: Config,
    logger: Logger,
    clock?: Clock,
  ) => Promise<{ config: Partial<Config>; stop(): Promise<void> }>;
  seed?: (deps: AppDeps) => Promise<void>;
  /** The portal's clock (default: the system clock). The end-to-end tests inject one. */
  clock?: Clock;
};

export type Running = {
  url: string;
  deps: AppDeps;
  server: http.Server;
  worker?: Worker;
  mongo: RunningMongo;
  /** `discardData`: the database's files are deleted next (a test's copy): see RunningMongo.stop. */
  stop(opts?: { discardData?: boolean }): Promise<void>;
};

export function buildDeps(config: Config, logger: Logger, clock: Clock = systemClock): AppDeps {
  const secrets = resolveSecrets(config);
  return {
    config,
    logger,
    secrets,
    clock,
    tokens: createSessionTokens(secrets.session, config.SESSION_TTL_SECONDS),
    wechat: createWechatClients(config, clock, logger),
    files: createFileStore(config),
  };
}

/** Platform work that runs like a feature's: the outbox's own retention sweep. */
const platformFeatures: Feature[] = [outboxRetentionFeature];

export function featureJobs(deps: AppDeps): Record<string, JobHandler> {
  return Object.assign({}, ...[...platformFeatures, ...features].map((f) => f.jobs?.(deps) ?? {}));
}

export async function startPortal(initial: Config, hooks: Hooks = {}): Promise<Running> {
  const logger = createLogger(initial.LOG_LEVEL);
  const mongo = await startMongo({
    storageDir: initial.MONGODB_URI ? undefined : path.join(initial.dataDir, 'db'),
    env: {
      MONGODB_URI: initial.MONGODB_URI,
      EMBEDDED_DB: initial.EMBEDDED_DB,
      EMBEDDED_DB_PROBE_MS: String(initial.EMBEDDED_DB_PROBE_MS),
    },
    log: (m) => logger.info(m),
  });
  let sandbox: Awaited<ReturnType<NonNullable<Hooks['startSandbox']>>> | undefined;
  let config = initial;
  let deps: AppDeps;
  /** A start that fails leaves nothing behind: the sandbox and the database this process started go with it. */
  const releaseStarted = async () => {
    await sandbox?.stop().catch(() => undefined);
    await closeDb().catch(() => undefined);
    await mongo.stop().catch(() => undefined);
  };
  try {
    await connectDb(mongo.uri, initial.MONGODB_URI ? undefined : 'portal', { autoIndex: initial.autoIndex });
    if (!initial.autoIndex) await assertIndexesBuilt();
    sandbox =
      config.sandbox && hooks.startSandbox
        ? await hooks.startSandbox(config, logger, hooks.clock)
        : undefined;
    if (sandbox) config = { ...config, ...sandbox.config };
    deps = buildDeps(config, logger, hooks.clock);
    if (config.seedDemo && hooks.seed) await hooks.seed(deps);
  } catch (e) {
    await releaseStarted();
    throw e;
  }

  const app = createApp(deps);
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  const attached = features.flatMap((f) => (f.attach ? [f.attach(server, deps)] : []));
  let metrics: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    await listen(server, config.PORT, config.HOST, 'PORT');
    if (config.METRICS_PORT !== undefined)
      metrics = await startMetricsServer(config.METRICS_HOST, config.METRICS_PORT);
  } catch (e) {
    // A port that cannot be had (listen.ts).
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    await Promise.all(attached.map((a) => a.close().catch(() => undefined)));
    await releaseStarted();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  if (metrics) logger.info({ url: metrics.url }, 'metrics served');
  if (!cjkFontPath(config))
    logger.warn(
      'no font with Chinese glyphs: PDF receipts and QR sheets cannot print Chinese (apt-get install fonts-noto-cjk, or set PDF_FONT_PATH)',
    );

  let worker: Worker | undefined;
  if (config.WORKERS) {
    for (const f of [...platformFeatures, ...features]) {
      for (const [kind, every] of Object.entries(f.schedules?.(deps) ?? {}))
        await ensureSchedule(kind, every);
    }
    worker = createWorker({
      handlers: featureJobs(deps),
      onError: (e, err) => logger.warn({ kind: e.kind, err }, 'job failed'),
    });
    worker.start();
  }

  let stopping: Promise<void> | undefined;
  const stop = (opts: { discardData?: boolean } = {}) =>
    (stopping ??= (async () => {
      // Stop accepting at once, close the attached sockets (chat), let in-flight requests finish
      // (bounded), then close the database. The listener closes first: the chat's close writes to the
      // database and may take seconds on a busy machine, and a load balancer must see the port refused
      // from the moment the signal arrives. server.close's callback still waits for every connection,
      // the chat's upgraded sockets included.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all(attached.map((a) => a.close()));
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_MS).unref());
      await Promise.race([closed, timeout]);
      server.closeAllConnections();
      await worker?.stop();
      await metrics?.close();
      await sandbox?.stop();
      await closeDb();
      await mongo.stop({ discardData: opts.discardData });
    })());
  return { url, deps, server, worker, mongo, stop };
}

/**
 * Starting and stopping a whole portal process: database, optional WeChat sandbox, HTTP server,
 * workers. main.ts (the demo and production) and the end-to-end tests both use it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '@portal/config';
import { createApp } from '../app';
import { systemClock, type AppDeps } from '../deps';
import { features } from '../modules';
import { createSessionTokens } from './auth/auth';
import { closeDb, connectDb } from './db/mongo';
import { startMongo, type RunningMongo } from './db/embeddedMongo';
import { createLogger, type Logger } from './log';
import { ensureSchedule } from './outbox/outbox';
import { createWorker, type JobHandler, type Worker } from './outbox/worker';
import { resolveSecrets } from './secrets';
import { createWechatClients } from './wechat';
import path from 'node:path';

export type Hooks = {
  /** Starts the WeChat sandbox and returns config overrides pointing the clients at it. */
  startSandbox?: (config: Config, logger: Logger) => Promise<{ config: Partial<Config>; stop(): Promise<void> }>;
  seed?: (deps: AppDeps) => Promise<void>;
};

export type Running = {
  url: string;
  deps: AppDeps;
  server: http.Server;
  worker?: Worker;
  mongo: RunningMongo;
  stop(): Promise<void>;
};

export function buildDeps(config: Config, logger: Logger): AppDeps {
  const secrets = resolveSecrets(config);
  return {
    config,
    logger,
    secrets,
    clock: systemClock,
    tokens: createSessionTokens(secrets.session, config.SESSION_TTL_SECONDS),
    wechat: createWechatClients(config, systemClock, logger),
  };
}

export function featureJobs(deps: AppDeps): Record<string, JobHandler> {
  return Object.assign({}, ...features.map((f) => f.jobs?.(deps) ?? {}));
}

export async function startPortal(initial: Config, hooks: Hooks = {}): Promise<Running> {
  const logger = createLogger(initial.LOG_LEVEL);
  const mongo = await startMongo({
    storageDir: initial.MONGODB_URI ? undefined : path.join(initial.dataDir, 'db'),
    env: { MONGODB_URI: initial.MONGODB_URI },
    log: (m) => logger.info(m),
  });
  await connectDb(mongo.uri, initial.MONGODB_URI ? undefined : 'portal');
  let config = initial;
  const sandbox = config.sandbox && hooks.startSandbox ? await hooks.startSandbox(config, logger) : undefined;
  if (sandbox) config = { ...config, ...sandbox.config };
  const deps = buildDeps(config, logger);
  if (config.seedDemo && hooks.seed) await hooks.seed(deps);

  const app = createApp(deps);
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  const attached = features.flatMap((f) => (f.attach ? [f.attach(server, deps)] : []));
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;

  let worker: Worker | undefined;
  if (config.WORKERS) {
    for (const f of features) {
      for (const [kind, every] of Object.entries(f.schedules?.(deps) ?? {})) await ensureSchedule(kind, every);
    }
    worker = createWorker({ handlers: featureJobs(deps), onError: (e, err) => logger.warn({ kind: e.kind, err }, 'job failed') });
    worker.start();
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish (bounded), then close the database.
      await Promise.all(attached.map((a) => a.close()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_MS).unref());
      await Promise.race([closed, timeout]);
      server.closeAllConnections();
      await worker?.stop();
      await sandbox?.stop();
      await closeDb();
      await mongo.stop();
    })());
  return { url, deps, server, worker, mongo, stop };
}

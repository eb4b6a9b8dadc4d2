/**
 * A feature module plugs into the app through one object: its routes, its outbox job handlers and
 * its schedules. modules/index.ts lists them; nothing else needs to know a feature exists.
 */
import type http from 'node:http';
import type Koa from 'koa';
import type { AppDeps } from '../deps';
import type { JobHandler } from './outbox/worker';
import type { RouteDef } from './http/route';

export type Feature = {
  name: string;
  routes?: (deps: AppDeps) => RouteDef[];
  /** Extra raw Koa middleware mounted before the API routes (static files, websockets are elsewhere). */
  middleware?: (deps: AppDeps) => Koa.Middleware[];
  jobs?: (deps: AppDeps) => Record<string, JobHandler>;
  /** Recurring jobs: kind → interval in ms. Their handlers must be in `jobs`. */
  schedules?: (deps: AppDeps) => Record<string, number>;
  /** Attaches to the listening HTTP server (the chat WebSocket at /ws); close() runs on shutdown. */
  attach?: (server: http.Server, deps: AppDeps) => { close(): Promise<void> };
  /**
   * `portal migrate`'s data step, after the indexes: fields this version derives that an older one did not write.
   * Idempotent, so it runs again once the older version has stopped. Returns lines for the log.
   */
  migrate?: () => Promise<string[]>;
};

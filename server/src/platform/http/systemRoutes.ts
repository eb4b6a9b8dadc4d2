/** /healthz (process up), /readyz (database reachable), /openapi.json. */
import { Health, Readiness } from '@portal/types';
import { errors } from './errors';
import { isDbReady } from '../db/mongo';
import { access, collectRoutes, type RouteDef } from './route';

export function systemRoutes(openApi: () => object): RouteDef[] {
  const started = Date.now();
  return collectRoutes((r) => {
    r.get(
      '/healthz',
      {
        operationId: 'getHealth',
        summary: 'Process is up',
        tags: ['system'],
        access: access.public,
        response: Health,
      },
      () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - started) / 1000) }),
    );
    r.get(
      '/readyz',
      {
        operationId: 'getReadiness',
        summary: 'Database is reachable',
        tags: ['system'],
        access: access.public,
        response: Readiness,
        errors: { 503: '数据库不可达' },
      },
      async () => {
        if (!(await isDbReady())) throw errors.databaseUnavailable();
        return { status: 'ok' as const };
      },
    );
    r.get(
      '/openapi.json',
      {
        operationId: 'getOpenApi',
        summary: 'This document',
        tags: ['system'],
        access: access.public,
        raw: { contentType: 'application/json' },
      },
      ({ ctx }) => {
        ctx.body = openApi();
      },
    );
  });
}

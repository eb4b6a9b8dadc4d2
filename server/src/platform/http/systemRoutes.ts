/** /healthz (process up), /readyz (database reachable), /openapi.json. */
import { Health } from '@portal/types';
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
        raw: { contentType: 'application/json', description: '200 ready, 503 not ready' },
      },
      async ({ ctx }) => {
        const ready = await isDbReady();
        ctx.status = ready ? 200 : 503;
        ctx.body = { status: ready ? 'ok' : 'unavailable' };
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

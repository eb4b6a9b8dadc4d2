/** Public, signature-checked webhook from the external work-order system, and its wire contract. */
import type Koa from 'koa';
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { errors } from '../../../platform/http/errors';
import { access, collectRoutes } from '../../../platform/http/route';
import { externalContract } from './contract';
import { applyExternalEvent, verifyWebhook } from './gateway';

export const externalRoutes = (deps: AppDeps) => {
  // The signature is checked over the exact bytes before the body is even validated.
  const signed: Koa.Middleware = async (ctx, next) => {
    const raw = (ctx.request as unknown as { rawBody?: string }).rawBody;
    if (typeof raw !== 'string') throw errors.badSignature();
    verifyWebhook(deps, ctx.headers, raw);
    await next();
  };
  return collectRoutes((r) => {
    r.post(
      '/api/external/work-orders/events',
      {
        operationId: 'receiveExternalWorkOrderEvent',
        summary: '外部工单系统状态回调',
        description:
          'HMAC-signed (see getExternalWorkOrderContract). Idempotent by eventId; an event older than the newest applied one changes nothing.',
        tags: ['workorders-external'],
        access: access.public,
        before: [signed],
        body: T.ExternalEvent,
        response: T.ExternalEventAck,
        errors: { 401: '签名无效', 404: '工单不存在' },
      },
      async ({ body }) => ({ ok: true as const, ...(await applyExternalEvent(deps, body)) }),
    );
    r.get(
      '/api/external/work-orders/contract.json',
      {
        operationId: 'getExternalWorkOrderContract',
        summary: '外部工单系统对接协议(OpenAPI)',
        tags: ['workorders-external'],
        access: access.public,
        response: T.ExternalContract,
      },
      () => externalContract,
    );
  });
};

/**
 * A minimal WeChat Pay notify endpoint for the wechat tests: verifies each notification over the raw
 * bytes with the portal's real pay client (as the payments feature does) and records what it accepted
 * or refused.
 */
import type { WechatClients } from '../../src/platform/wechat';
import type { Feature } from '../../src/platform/feature';
import { access, collectRoutes } from '../../src/platform/http/route';

export type ProbeEntry = {
  eventType: string;
  outTradeNo: string;
  amount: number;
  serial: string;
  status?: string;
};

export function notifyProbe(path: string, wechat: () => WechatClients) {
  const received: ProbeEntry[] = [];
  const rejected: string[] = [];
  const feature: Feature = {
    name: 'test-notify',
    routes: () =>
      collectRoutes((r) => {
        r.post(
          path,
          {
            operationId: 'testWechatPayNotify',
            summary: 'test',
            access: access.public,
            raw: { contentType: 'application/json', ownErrors: true },
            status: 204,
          },
          async ({ ctx }) => {
            const raw = (ctx.request as unknown as { rawBody: string }).rawBody;
            try {
              type Resource = {
                out_trade_no: string;
                amount: { total: number; refund?: number };
                refund_status?: string;
              };
              const n = await wechat().pay().verifyNotification<Resource>(raw, ctx.headers);
              received.push({
                eventType: n.eventType,
                outTradeNo: n.resource.out_trade_no,
                amount: n.resource.amount.refund ?? n.resource.amount.total,
                serial: n.serial,
                ...(n.resource.refund_status ? { status: n.resource.refund_status } : {}),
              });
              ctx.status = 204;
            } catch (e) {
              rejected.push((e as { code?: string }).code ?? 'ERROR');
              ctx.status = 401;
              ctx.body = { code: 'FAIL', message: '验签失败' };
            }
          },
        );
      }),
  };
  return { feature, received, rejected };
}

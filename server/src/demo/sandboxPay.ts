/**
 * Demo-only: stands in for the WeChat pay sheet outside WeChat. The resident's H5 page calls this after
 * createPayment; it asks the sandbox to pay the order as the resident's confirmation would, and the
 * portal then learns of it the production way (a signed notification). Mounted only in sandbox mode.
 */
import { Ok, PaymentParams } from '@portal/types';
import type { Feature } from '../platform/feature';
import { errors } from '../platform/http/errors';
import { access, collectRoutes } from '../platform/http/route';
import { SandboxClient } from '../../sandbox/client';
import { isPaymentOf } from '../modules/billing';

export const demoFeature: Feature = {
  name: 'demo',
  routes: (deps) =>
    deps.config.sandbox
      ? collectRoutes((r) => {
          r.post(
            '/api/demo/sandbox-pay/:outTradeNo',
            {
              operationId: 'sandboxConfirmPayment',
              summary: '演示:在沙箱中确认支付(代替微信支付弹窗)',
              description: 'Only in sandbox mode. Production residents confirm in WeChat’s own pay sheet.',
              tags: ['demo'],
              access: access.resident,
              params: PaymentParams,
              response: Ok,
              errors: { 404: '订单不存在' },
            },
            async ({ params, auth }) => {
              if (!(await isPaymentOf(auth.userId, params.outTradeNo))) throw errors.paymentNotFound();
              await new SandboxClient(deps.config.WECHAT_PAY_API_BASE).payOrder(params.outTradeNo);
              return { ok: true as const };
            },
          );
        })
      : [],
};

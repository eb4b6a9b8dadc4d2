/**
 * Demo-only: stands in for the WeChat pay sheet outside WeChat. The resident's H5 page calls this after
 * createPayment with the wx.requestPayment parameters it was given; the sandbox checks them as the pay sheet
 * does and pays the order as the resident's confirmation would, and the portal then learns of it the
 * production way (a signed notification). Mounted only in sandbox mode.
 */
import { Ok, PaymentParams, RequestPaymentParams } from '@portal/types';
import type { Feature } from '../platform/feature';
import { errors } from '../platform/http/errors';
import { access, collectRoutes } from '../platform/http/route';
import { SandboxClient, SandboxError } from '../../sandbox/client';
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
              body: RequestPaymentParams,
              response: Ok,
              errors: {
                404: '订单不存在',
                409: '订单已支付、已关闭或已过期,或支付参数校验失败',
                503: '沙箱暂时不可用',
              },
            },
            async ({ params, auth, body }) => {
              if (!(await isPaymentOf(auth.userId, params.outTradeNo))) throw errors.paymentNotFound();
              // The parameters the page was given for wx.requestPayment, checked as WeChat's pay sheet checks
              // them (paySign included): a wrong signature fails here as it would in WeChat.
              try {
                await new SandboxClient(deps.config.WECHAT_PAY_API_BASE).payOrder(params.outTradeNo, {
                  requestPayment: body,
                });
              } catch (e) {
                if (e instanceof SandboxError && e.status === 404) throw errors.paymentNotFound();
                if (e instanceof SandboxError && e.status < 500) throw errors.paySheetRefused(e.code);
                // The sandbox did not answer, or failed: WeChat's pay sheet would not have opened.
                deps.logger.warn({ err: e, outTradeNo: params.outTradeNo }, 'sandbox pay sheet failed');
                throw errors.paymentUnavailable();
              }
              return { ok: true as const };
            },
          );
        })
      : [],
};

/**
 * The portal's WeChat clients, built from configuration alone: `WECHAT_API_BASE` /
 * `WECHAT_PAY_API_BASE` point them at real WeChat (defaults) or at the sandbox.
 */
import type { Config } from '@portal/config';
import type { Clock } from '../../deps';
import type { Logger } from '../log';
import { WechatApi } from './wechatApi';
import { WechatPayError } from './errors';
import { WechatPay } from './wechatPay';

export { WechatApi, type WechatTemplateInfo } from './wechatApi';
export {
  isOrderPaid,
  WechatPay,
  type PlatformCertificate,
  type RequestPaymentParams,
  type Transaction,
  type RefundResult,
  type TradeBillTicket,
} from './wechatPay';
export { WechatApiError, WechatPayError, WechatPayNotifyError } from './errors';
export type { PayNotification } from './payNotify';

export type WechatClients = {
  api: WechatApi;
  /** Throws when the merchant is not configured (WECHAT_PAY_* missing). */
  pay(): WechatPay;
};

/** `logger` hears of platform certificates close to expiry (event `wechatpay.certificate.expiring`). */
export function createWechatClients(config: Config, clock: Clock, logger?: Logger): WechatClients {
  const app = (appid?: string, secret?: string) => (appid && secret ? { appid, secret } : undefined);
  const api = new WechatApi({
    baseUrl: config.WECHAT_API_BASE,
    mp: app(config.WECHAT_MP_APPID, config.WECHAT_MP_SECRET),
    oa: app(config.WECHAT_OA_APPID, config.WECHAT_OA_SECRET),
    clock,
    timeoutMs: config.WECHAT_HTTP_TIMEOUT_MS,
  });
  let pay: WechatPay | undefined;
  return {
    api,
    pay: () => {
      if (pay) return pay;
      const c = config;
      const missing = (
        [
          'WECHAT_MP_APPID',
          'WECHAT_PAY_MCHID',
          'WECHAT_PAY_SERIAL',
          'WECHAT_PAY_PRIVATE_KEY_PATH',
          'WECHAT_PAY_CERT_PATH',
          'WECHAT_PAY_APIV3_KEY',
          'WECHAT_PAY_NOTIFY_URL',
        ] as const
      ).filter((k) => !c[k]);
      if (missing.length)
        throw new WechatPayError(
          undefined,
          'NOT_CONFIGURED',
          `WeChat Pay is not configured: ${missing.join(', ')}`,
          'config',
        );
      pay = WechatPay.fromFiles({
        apiBase: c.WECHAT_PAY_API_BASE,
        appid: c.WECHAT_MP_APPID!,
        mchid: c.WECHAT_PAY_MCHID!,
        serial: c.WECHAT_PAY_SERIAL!,
        privateKeyPath: c.WECHAT_PAY_PRIVATE_KEY_PATH!,
        certPath: c.WECHAT_PAY_CERT_PATH!,
        apiV3Key: c.WECHAT_PAY_APIV3_KEY!,
        notifyUrl: c.WECHAT_PAY_NOTIFY_URL!,
        publicKey:
          c.WECHAT_PAY_PUBLIC_KEY_ID && c.WECHAT_PAY_PUBLIC_KEY_PATH
            ? { id: c.WECHAT_PAY_PUBLIC_KEY_ID, path: c.WECHAT_PAY_PUBLIC_KEY_PATH }
            : undefined,
        notifyWindowSeconds: c.WECHAT_PAY_NOTIFY_WINDOW_SECONDS,
        timeoutMs: c.WECHAT_HTTP_TIMEOUT_MS,
        certificateWarnDays: c.WECHAT_PAY_CERT_WARN_DAYS,
        onCertificateExpiring: (cert) =>
          logger?.warn(
            {
              event: 'wechatpay.certificate.expiring',
              serial: cert.serial,
              expiresAt: cert.expiresAt.toISOString(),
              daysLeft: cert.daysLeft,
            },
            'WeChat Pay platform certificate expires soon: switch to the WeChat Pay public key or deploy the new certificate',
          ),
        now: () => clock.now(),
      });
      return pay;
    },
  };
}

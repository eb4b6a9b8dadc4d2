/**
 * The portal's WeChat Pay v3 client, built on wechatpay-node-v3 (request signing, paySign). The
 * library hard-codes api.mch.weixin.qq.com; its pluggable HTTP service rebases every call onto the
 * configured base URL, so only configuration tells production from the sandbox. The library returns
 * `{status, error}` instead of throwing: every call here throws WechatPayError instead.
 */
import fs from 'node:fs';
import WxPay from 'wechatpay-node-v3';
import { PayRequest } from 'wechatpay-node-v3/dist/lib/pay-request';
import { rfc3339 } from '../time';
import { WechatPayError } from './errors';
import { verifyPayNotification, type PayNotification, type PayVerifierOptions } from './payNotify';

const WECHAT_PAY_ORIGIN = 'https://api.mch.weixin.qq.com';

export type WechatPayOptions = {
  apiBase: string;
  appid: string;
  mchid: string;
  serial: string;
  privateKeyPem: string;
  certPem: string;
  apiV3Key: string;
  notifyUrl: string;
  /** WeChat Pay public key mode: its PUB_KEY_ID_… and PEM. */
  publicKey?: { id: string; pem: string };
  notifyWindowSeconds: number;
  now: () => Date;
};

/** What Taro.requestPayment / wx.requestPayment take. */
export type RequestPaymentParams = {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
};

export type Transaction = {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  trade_state_desc?: string;
  success_time?: string;
  attach?: string;
  payer?: { openid: string };
  amount: { total: number; payer_total?: number; currency: string };
};

export type RefundResult = {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  status: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  success_time?: string;
  amount: { total: number; refund: number; currency: string };
};

type LibResult = { status?: number; data?: any; error?: string };

class RebasedRequest extends PayRequest {
  constructor(private base: string) {
    super();
  }
  private rebase(url: string): string {
    return url.startsWith(WECHAT_PAY_ORIGIN) ? this.base.replace(/\/$/, '') + url.slice(WECHAT_PAY_ORIGIN.length) : url;
  }
  override post(url: string, params: Record<string, any>, headers: Record<string, any>): Promise<any> {
    return super.post(this.rebase(url), params, headers);
  }
  override get(url: string, headers: Record<string, any>): Promise<any> {
    return super.get(this.rebase(url), headers);
  }
}

export class WechatPay {
  readonly lib: WxPay;
  constructor(readonly opts: WechatPayOptions) {
    this.lib = new WxPay({
      appid: opts.appid,
      mchid: opts.mchid,
      serial_no: opts.serial,
      publicKey: Buffer.from(opts.certPem),
      privateKey: Buffer.from(opts.privateKeyPem),
      key: opts.apiV3Key,
    });
    this.lib.createHttp(new RebasedRequest(opts.apiBase));
  }

  static fromFiles(o: Omit<WechatPayOptions, 'privateKeyPem' | 'certPem' | 'publicKey'> & {
    privateKeyPath: string;
    certPath: string;
    publicKey?: { id: string; path: string };
  }): WechatPay {
    const { privateKeyPath, certPath, publicKey, ...rest } = o;
    return new WechatPay({
      ...rest,
      privateKeyPem: fs.readFileSync(privateKeyPath, 'utf8'),
      certPem: fs.readFileSync(certPath, 'utf8'),
      publicKey: publicKey && { id: publicKey.id, pem: fs.readFileSync(publicKey.path, 'utf8') },
    });
  }

  private ok<T>(api: string, r: LibResult, expect: number[] = [200]): T {
    if (r.status !== undefined && expect.includes(r.status)) return r.data as T;
    let code = 'UNREACHABLE';
    let message = r.error ?? 'no response';
    try {
      const body = JSON.parse(r.error ?? '') as { code?: string; message?: string };
      code = body.code ?? (r.status ? `HTTP_${r.status}` : code);
      message = body.message ?? message;
    } catch {
      if (r.status) code = `HTTP_${r.status}`;
    }
    throw new WechatPayError(r.status, code, message, api);
  }

  /** JSAPI / mini-program prepay; returns the parameters the resident's wx.requestPayment needs. */
  async createJsapiOrder(o: {
    outTradeNo: string;
    description: string;
    amountFen: number;
    openid: string;
    attach?: string;
    timeExpire?: Date;
    appid?: string;
  }): Promise<RequestPaymentParams> {
    const r = (await this.lib.transactions_jsapi({
      ...(o.appid ? { appid: o.appid } : {}),
      description: o.description,
      out_trade_no: o.outTradeNo,
      notify_url: this.opts.notifyUrl,
      amount: { total: o.amountFen, currency: 'CNY' },
      payer: { openid: o.openid },
      ...(o.attach ? { attach: o.attach } : {}),
      ...(o.timeExpire ? { time_expire: rfc3339(o.timeExpire) } : {}),
    } as never)) as LibResult;
    return this.ok<RequestPaymentParams>('jsapi', r);
  }

  async queryByOutTradeNo(outTradeNo: string): Promise<Transaction> {
    return this.ok('query', (await this.lib.query({ out_trade_no: outTradeNo })) as LibResult);
  }

  async queryByTransactionId(transactionId: string): Promise<Transaction> {
    return this.ok('query', (await this.lib.query({ transaction_id: transactionId })) as LibResult);
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    this.ok('close', (await this.lib.close(outTradeNo)) as LibResult, [200, 204]);
  }

  async refund(o: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason?: string; notifyUrl?: string }): Promise<RefundResult> {
    const r = (await this.lib.refunds({
      out_trade_no: o.outTradeNo,
      out_refund_no: o.outRefundNo,
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.notifyUrl ? { notify_url: o.notifyUrl } : {}),
      amount: { refund: o.refundFen, total: o.totalFen, currency: 'CNY' },
    } as never)) as LibResult;
    return this.ok('refund', r);
  }

  async queryRefund(outRefundNo: string): Promise<RefundResult> {
    return this.ok('refund.query', (await this.lib.find_refunds(outRefundNo)) as LibResult);
  }

  /** Platform certificates (certificate mode), decrypted: serial → public key PEM. */
  private async fetchCertificates(): Promise<Record<string, string>> {
    try {
      const list = (await this.lib.get_certificates(this.opts.apiV3Key)) as Array<{ serial_no: string; publicKey: string }>;
      return Object.fromEntries(list.map((c) => [c.serial_no, c.publicKey]));
    } catch (e) {
      throw new WechatPayError(undefined, 'CERTIFICATES_UNAVAILABLE', (e as Error).message, 'certificates');
    }
  }

  private certCache: Record<string, string> = {};
  private certFetchedAt = 0;
  private certFetch?: Promise<void>;
  /**
   * Verifies a notification over the exact body received, then decrypts its resource. Throws
   * WechatPayNotifyError for anything forged, stale or undecryptable.
   */
  async verifyNotification<R = Transaction>(raw: string, headers: Record<string, string | string[] | undefined>): Promise<PayNotification<R>> {
    const verifier: PayVerifierOptions = {
      apiV3Key: this.opts.apiV3Key,
      windowSeconds: this.opts.notifyWindowSeconds,
      now: this.opts.now,
      publicKey: this.opts.publicKey,
      platformKey: async (serial) => {
        // An unknown serial refetches the certificates, at most once a minute (forgers cannot make us hammer WeChat).
        // Concurrent notifications wait for the one fetch in flight instead of failing meanwhile.
        if (!this.certCache[serial] && !this.certFetch && Date.now() - this.certFetchedAt > 60_000) {
          this.certFetchedAt = Date.now();
          this.certFetch = this.fetchCertificates()
            .then((certs) => void (this.certCache = { ...this.certCache, ...certs }))
            .catch(() => undefined)
            .finally(() => (this.certFetch = undefined));
        }
        if (!this.certCache[serial] && this.certFetch) await this.certFetch;
        return this.certCache[serial];
      },
    };
    return verifyPayNotification<R>(raw, headers, verifier);
  }
}


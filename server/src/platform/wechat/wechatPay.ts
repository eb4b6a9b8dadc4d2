/**
 * The portal's WeChat Pay v3 client. wechatpay-node-v3 builds each request's Authorization header
 * and the resident's paySign; everything on the wire is ours (`PayTransport`): the configured base
 * URL (only configuration tells production from the sandbox), a timeout on every call, and the
 * signature check on every answer, which wechatpay-node-v3 does not do at all. An answer whose
 * signature does not verify is refused as the official SDKs refuse it (WechatPayError
 * RESPONSE_UNVERIFIED); so is an error answer, whose code (ORDER_PAID, RESOURCE_NOT_EXISTS...) the
 * portal would otherwise act on. Platform certificates are downloaded and verified here too (the
 * library's download checks nothing), refreshed by `refreshCertificates()`, and one about to expire
 * is reported. The library returns `{status, error}` instead of throwing: every call here throws
 * WechatPayError instead.
 */
import { createDecipheriv, createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import WxPay from 'wechatpay-node-v3';
import { rfc3339 } from '../time';
import { WechatPayError } from './errors';
import { verifyPayNotification, type PayNotification, type PayVerifierOptions } from './payNotify';
import { checkWechatpaySignature, PayTransport, type PayHttpResult } from './payTransport';
import { privateKeyOf } from './rsaKeys';

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
  /** Every call gives up after this long (default 10 s). */
  timeoutMs?: number;
  /** Report platform certificates this many days before they expire (default 30). */
  certificateWarnDays?: number;
  /** Told, at each certificate download, of every platform certificate close to expiry. */
  onCertificateExpiring?: (c: PlatformCertificate & { daysLeft: number }) => void;
  now: () => Date;
};

/** A platform certificate as downloaded, decrypted and checked. */
export type PlatformCertificate = { serial: string; expiresAt: Date; publicKeyPem: string };

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

/** Closing a paid order: `ORDER_PAID` (v3), `ORDERPAID` (older documents); both mean "settle it instead". */
/** The answer to 申请交易账单. */
export type TradeBillTicket = { hash_type: string; hash_value: string; download_url: string };

export const isOrderPaid = (e: unknown): e is WechatPayError =>
  e instanceof WechatPayError && (e.payCode === 'ORDER_PAID' || e.payCode === 'ORDERPAID');

const CERTIFICATES_PATH = '/v3/certificates';
const BILL_DOWNLOAD_PATH = '/v3/billdownload/file';

export class WechatPay {
  readonly lib: WxPay;
  private certs = new Map<string, PlatformCertificate>();
  private certsFetchedAt = 0;
  private certsFetch?: Promise<void>;

  constructor(readonly opts: WechatPayOptions) {
    this.lib = new WxPay({
      appid: opts.appid,
      mchid: opts.mchid,
      serial_no: opts.serial,
      publicKey: Buffer.from(opts.certPem),
      // Parsed once: the library only hands it to crypto's sign and privateDecrypt, which take a KeyObject as they
      // take a PEM (whose parsing would otherwise cost two thirds of every signature).
      privateKey: privateKeyOf(opts.privateKeyPem) as unknown as Buffer,
      key: opts.apiV3Key,
    });
    const transport = new PayTransport({
      apiBase: opts.apiBase,
      timeoutMs: opts.timeoutMs ?? 10_000,
      now: opts.now,
      requestSerial: () => this.verifyingSerial(),
      keyFor: (serial) => this.keyFor(serial),
      // The certificate download bootstraps its own keys; a bill download is unsigned (its SHA1 proves it).
      selfVerified: (path) => path === CERTIFICATES_PATH || path === BILL_DOWNLOAD_PATH,
    });
    this.lib.createHttp(transport as never);
  }

  static fromFiles(
    o: Omit<WechatPayOptions, 'privateKeyPem' | 'certPem' | 'publicKey'> & {
      privateKeyPath: string;
      certPath: string;
      publicKey?: { id: string; path: string };
    },
  ): WechatPay {
    const { privateKeyPath, certPath, publicKey, ...rest } = o;
    return new WechatPay({
      ...rest,
      privateKeyPem: fs.readFileSync(privateKeyPath, 'utf8'),
      certPem: fs.readFileSync(certPath, 'utf8'),
      publicKey: publicKey && { id: publicKey.id, pem: fs.readFileSync(publicKey.path, 'utf8') },
    });
  }

  private ok<T>(api: string, r: PayHttpResult, expect: number[] = [200]): T {
    if (r.unverified) throw new WechatPayError(r.status, 'RESPONSE_UNVERIFIED', r.unverified, api);
    if (r.status !== undefined && expect.includes(r.status)) return r.data as T;
    let code = r.timedOut ? 'TIMEOUT' : 'UNREACHABLE';
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
    } as never)) as PayHttpResult;
    return this.ok<RequestPaymentParams>('jsapi', r);
  }

  async queryByOutTradeNo(outTradeNo: string): Promise<Transaction> {
    return this.ok('query', (await this.lib.query({ out_trade_no: outTradeNo })) as PayHttpResult);
  }

  async queryByTransactionId(transactionId: string): Promise<Transaction> {
    return this.ok('query', (await this.lib.query({ transaction_id: transactionId })) as PayHttpResult);
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    this.ok('close', (await this.lib.close(outTradeNo)) as PayHttpResult, [200, 204]);
  }

  async refund(o: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason?: string;
    notifyUrl?: string;
  }): Promise<RefundResult> {
    const r = (await this.lib.refunds({
      out_trade_no: o.outTradeNo,
      out_refund_no: o.outRefundNo,
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.notifyUrl ? { notify_url: o.notifyUrl } : {}),
      amount: { refund: o.refundFen, total: o.totalFen, currency: 'CNY' },
    } as never)) as PayHttpResult;
    return this.ok('refund', r);
  }

  async queryRefund(outRefundNo: string): Promise<RefundResult> {
    return this.ok('refund.query', (await this.lib.find_refunds(outRefundNo)) as PayHttpResult);
  }

  /** 申请交易账单: where to download one day's trade bill, and the SHA1 it must have. */
  async applyTradeBill(
    billDate: string,
    billType: 'ALL' | 'SUCCESS' | 'REFUND' = 'ALL',
  ): Promise<TradeBillTicket> {
    const r = (await this.lib.tradebill({
      bill_date: billDate,
      bill_type: billType,
    } as never)) as PayHttpResult;
    return this.ok<TradeBillTicket>('tradebill', r);
  }

  /**
   * 下载账单: the bill's text, refused unless its SHA1 is the one the signed application answer gave (the
   * download itself is unsigned; wechatpay-go and wechatpay-java check the digest the same way).
   */
  async downloadTradeBill(ticket: TradeBillTicket): Promise<string> {
    const r = (await this.lib.downloadBill(ticket.download_url)) as PayHttpResult;
    if (r.status !== 200) this.ok('billdownload', { ...r, unverified: undefined });
    const text = r.raw ?? '';
    if (ticket.hash_type.toUpperCase() !== 'SHA1')
      throw new WechatPayError(r.status, 'UNSUPPORTED_HASH', ticket.hash_type, 'billdownload');
    const digest = createHash('sha1').update(Buffer.from(text, 'utf8')).digest('hex');
    if (digest !== ticket.hash_value.toLowerCase())
      throw new WechatPayError(
        r.status,
        'BILL_HASH_MISMATCH',
        `SHA1 ${digest} ≠ ${ticket.hash_value}`,
        'billdownload',
      );
    return text;
  }

  /**
   * The serial sent as Wechatpay-Serial: the public key when the portal has one (WeChat then signs its
   * answers with it, no certificate needed), else the newest platform certificate known.
   */
  private verifyingSerial(): string | undefined {
    if (this.opts.publicKey) return this.opts.publicKey.id;
    let newest: PlatformCertificate | undefined;
    for (const c of this.certs.values()) if (!newest || c.expiresAt > newest.expiresAt) newest = c;
    return newest?.serial;
  }

  /** The public key a Wechatpay-Serial names: the configured public key, or a platform certificate (downloaded when unknown). */
  private async keyFor(serial: string): Promise<string | undefined> {
    if (serial.startsWith('PUB_KEY_ID_'))
      return this.opts.publicKey?.id === serial ? this.opts.publicKey.pem : undefined;
    if (!this.certs.has(serial.toUpperCase())) await this.downloadOnce().catch(() => undefined);
    return this.certs.get(serial.toUpperCase())?.publicKeyPem;
  }

  /**
   * Downloads the certificates for an unknown serial at most once a minute (a forger cannot make the
   * portal hammer WeChat); concurrent callers wait for the one download in flight.
   */
  private downloadOnce(): Promise<void> {
    if (this.certsFetch) return this.certsFetch;
    if (Date.now() - this.certsFetchedAt < 60_000) return Promise.resolve();
    this.certsFetchedAt = Date.now();
    this.certsFetch = this.refreshCertificates()
      .then(() => undefined)
      .finally(() => (this.certsFetch = undefined));
    return this.certsFetch;
  }

  /**
   * GET /v3/certificates: decrypts each certificate with the APIv3 key and verifies the answer's
   * signature with a key the portal already trusts (the public key, a known certificate) or, on the
   * first download, with the downloaded certificate it names: only WeChat, which holds the APIv3 key,
   * can encrypt a certificate that decrypts (AES-GCM authenticates it). Reports certificates close to
   * expiry. Run on a schedule (as the official SDKs refresh theirs) and whenever an unknown serial
   * shows up.
   */
  async refreshCertificates(): Promise<PlatformCertificate[]> {
    const url = `https://api.mch.weixin.qq.com${CERTIFICATES_PATH}`;
    // The library's own download verifies nothing: only its request signing is used here.
    const lib = this.lib as unknown as {
      getHeaders(auth: string): Record<string, string>;
      buildAuthorization(method: string, url: string): string;
      httpService: PayTransport;
    };
    const r = await lib.httpService.get(url, lib.getHeaders(lib.buildAuthorization('GET', url)));
    type Listed = {
      serial_no: string;
      encrypt_certificate: { ciphertext: string; associated_data: string; nonce: string };
    };
    const body = this.ok<{ data?: Listed[] }>('certificates', r);
    const downloaded = new Map<string, PlatformCertificate>();
    for (const item of body.data ?? []) {
      let cert: X509Certificate;
      try {
        const e = item.encrypt_certificate;
        cert = new X509Certificate(
          decryptResource(this.opts.apiV3Key, e.ciphertext, e.associated_data, e.nonce),
        );
      } catch (e) {
        throw new WechatPayError(
          r.status,
          'RESPONSE_UNVERIFIED',
          `certificate ${item.serial_no} does not decrypt: ${(e as Error).message}`,
          'certificates',
        );
      }
      const serial = cert.serialNumber.toUpperCase();
      downloaded.set(serial, {
        serial,
        expiresAt: new Date(cert.validTo),
        publicKeyPem: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
    }
    const signer = (r.headers?.['wechatpay-serial'] ?? '').toUpperCase();
    const key = signer.startsWith('PUB_KEY_ID_')
      ? this.opts.publicKey?.id.toUpperCase() === signer
        ? this.opts.publicKey.pem
        : undefined
      : (this.certs.get(signer) ?? downloaded.get(signer))?.publicKeyPem;
    const unverified = checkWechatpaySignature(
      r.headers ?? {},
      r.raw ?? '',
      key,
      Math.floor(this.opts.now().getTime() / 1000),
    );
    if (unverified) throw new WechatPayError(r.status, 'RESPONSE_UNVERIFIED', unverified, 'certificates');
    this.certs = new Map([...this.certs, ...downloaded]);
    const warnMs = (this.opts.certificateWarnDays ?? 30) * 86_400_000;
    const now = this.opts.now().getTime();
    for (const c of downloaded.values()) {
      const left = c.expiresAt.getTime() - now;
      if (left < warnMs) this.opts.onCertificateExpiring?.({ ...c, daysLeft: Math.floor(left / 86_400_000) });
    }
    return [...downloaded.values()];
  }

  /**
   * Verifies a notification over the exact body received, then decrypts its resource. Throws
   * WechatPayNotifyError for anything forged, stale or undecryptable.
   */
  async verifyNotification<R = Transaction>(
    raw: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<PayNotification<R>> {
    const verifier: PayVerifierOptions = {
      apiV3Key: this.opts.apiV3Key,
      windowSeconds: this.opts.notifyWindowSeconds,
      now: this.opts.now,
      publicKey: this.opts.publicKey,
      platformKey: (serial) => this.keyFor(serial),
    };
    return verifyPayNotification<R>(raw, headers, verifier);
  }
}

/** AEAD_AES_256_GCM with the APIv3 key: base64(ciphertext ‖ 16-byte tag). */
function decryptResource(
  apiV3Key: string,
  ciphertext: string,
  associatedData: string,
  nonce: string,
): string {
  const data = Buffer.from(ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(associatedData ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

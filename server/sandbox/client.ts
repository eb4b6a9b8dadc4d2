/** TypeScript client of the sandbox's control API, for tests and the demo. */
import type { LooseBody } from './http';
import type { FaultSpec, ApiName } from './faults';
import type {
  NotificationRecord,
  RefundPlan,
  RefundStatus,
  SentMessage,
  Template,
  VerificationMode,
} from './state';
import type { OaPushRecord } from './oa';
import type { RequestPayment } from './paySheet';
import type { SandboxSms } from './tencentSms';
import type { WecomDelivery } from './wecom';

/** The sandbox refused a control call: its status and WeChat's error code (ORDERPAID, PAYSIGN_INVALID...). */
export class SandboxError extends Error {
  constructor(
    what: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(`${what}: ${status} ${code}`);
    this.name = 'SandboxError';
  }
}

export class SandboxClient {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new SandboxError(`sandbox ${method} ${path}`, res.status, json.error ?? '');
    return json;
  }

  info() {
    return this.call<{
      appid: string;
      oaAppid: string;
      mchid: string;
      platformSerial: string;
      publicKeyId: string;
    }>('GET', '/__sandbox/info');
  }

  /**
   * What wx.login would give the mini-program (app 'mp') or the OAuth redirect (app 'oa', with the scope
   * the user went through: snsapi_base by default, whose exchange carries no unionid).
   */
  mintLoginCode(
    o: {
      openid?: string;
      unionid?: string;
      app?: 'mp' | 'oa';
      scope?: 'snsapi_base' | 'snsapi_userinfo';
    } = {},
  ) {
    return this.call<{ code: string; openid: string; unionid: string }>('POST', '/__sandbox/login-codes', o);
  }

  /**
   * The utility picking a library template into the mini-program (`tid` + `kidList`) or the official
   * account (`tid` = template_id_short + `keywordNames`); every keyword when neither is given.
   */
  addTemplate(o: {
    tid: string;
    kidList?: number[];
    keywordNames?: string[];
    templateId?: string;
    app?: 'mp' | 'oa';
  }) {
    return this.call<{ templateId: string; keywords: Template['keywords'] }>(
      'POST',
      '/__sandbox/templates',
      o,
    );
  }

  /** The resident accepting Taro.requestSubscribeMessage: one send per accept (or long-term). */
  grantSubscription(o: { openid: string; templateIds: string[]; longTerm?: boolean }) {
    return this.call<Record<string, string>>('POST', '/__sandbox/subscriptions', o);
  }

  /** The resident following (or leaving) the official account; pushed to the portal when a server URL is set. */
  follow(openid: string, follow = true, o: { unionid?: string } = {}) {
    return this.call<{ ok: true; push?: OaPushRecord }>('POST', '/__sandbox/followers', {
      openid,
      follow,
      ...o,
    });
  }

  /** The OA console's 服务器配置: URL + Token, verified by WeChat's echostr handshake before it is kept. */
  configureOaServer(o: { url: string; token: string }) {
    return this.call<{ ok: true }>('POST', '/__sandbox/oa/server', o);
  }

  /** Pushes a follow event again as WeChat would (`copies` > 1: delivered more than once; `createTime` to reorder). */
  pushOaEvent(o: {
    openid: string;
    event: 'subscribe' | 'unsubscribe';
    createTime?: number;
    copies?: number;
  }) {
    return this.call<OaPushRecord>('POST', '/__sandbox/oa/push', o);
  }

  listOaPushes() {
    return this.call<OaPushRecord[]>('GET', '/__sandbox/oa/pushes');
  }

  setFollowerPageSize(size: number) {
    return this.call('POST', '/__sandbox/oa/follower-page-size', { size });
  }

  /** What the mini-program's getPhoneNumber button gives after the resident consents (e.detail.code). */
  mintPhoneCode(phone: string) {
    return this.call<{ code: string }>('POST', '/__sandbox/phone-codes', { phone });
  }

  /** An approved SMS template / signature, as registered in Tencent Cloud's console. */
  addSmsTemplate(o: { templateId: string; text: string }) {
    return this.call('POST', '/__sandbox/sms/templates', o);
  }

  /** Members in the WeCom application's visible range (their userids as the utility's WeCom admin set them). */
  addWecomMembers(userids: string[]) {
    return this.call<{ members: string[] }>('POST', '/__sandbox/wecom/members', { userids });
  }

  /** What WeCom accepted (every request, duplicates marked), or what reached one member's phone. */
  listWecomMessages(userid?: string) {
    return this.call<WecomDelivery[]>(
      'GET',
      `/__sandbox/wecom/messages${userid ? `?userid=${encodeURIComponent(userid)}` : ''}`,
    );
  }

  /** Every WeCom access token expires now (the next call with one gets 42001). */
  expireWecomTokens() {
    return this.call<{ expired: number }>('POST', '/__sandbox/wecom/expire-tokens');
  }

  addSmsSign(name: string) {
    return this.call('POST', '/__sandbox/sms/signs', { name });
  }

  blacklistPhone(phone: string) {
    return this.call('POST', '/__sandbox/sms/blacklist', { phone });
  }

  /** SMS Tencent Cloud (the sandbox) accepted, with the text the phone shows. */
  listSms(phone?: string) {
    return this.call<SandboxSms[]>(
      'GET',
      `/__sandbox/sms${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`,
    );
  }

  listMessages(q: { touser?: string; templateId?: string; kind?: 'subscribe' | 'template' } = {}) {
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]);
    return this.call<SentMessage[]>('GET', `/__sandbox/messages?${qs}`);
  }

  expireTokens(appid?: string) {
    return this.call<{ expired: number }>('POST', '/__sandbox/tokens/expire', { appid });
  }

  revokeTokens(o: { appid?: string; token?: string } = {}) {
    return this.call<{ revoked: number }>('POST', '/__sandbox/tokens/revoke', o);
  }

  getOrder(outTradeNo: string) {
    return this.call<LooseBody>('GET', `/__sandbox/orders/${encodeURIComponent(outTradeNo)}`);
  }

  /**
   * The resident confirming payment in WeChat: marks the order paid and notifies the portal. `paidAt`
   * records it at an earlier moment (for a past day's trade bill). `requestPayment`: what the merchant
   * gave wx.requestPayment, checked as WeChat's pay sheet checks it (a bad paySign: PAYSIGN_INVALID).
   */
  payOrder(outTradeNo: string, opts: { paidAt?: Date; requestPayment?: RequestPayment } = {}) {
    const body = {
      ...(opts.paidAt ? { paidAt: opts.paidAt.toISOString() } : {}),
      ...(opts.requestPayment ? { requestPayment: opts.requestPayment } : {}),
    };
    return this.call<{ transactionId: string }>(
      'POST',
      `/__sandbox/orders/${encodeURIComponent(outTradeNo)}/pay`,
      Object.keys(body).length ? body : undefined,
    );
  }

  /** The next `times` trade-bill downloads are damaged (one digit changed): the SHA1 check must refuse them. */
  tamperTradeBills(times = 1) {
    return this.call('POST', '/__sandbox/trade-bills/tamper', { times });
  }

  /** How new refunds end: an outcome after a delay, or held PROCESSING until `settleRefund`. */
  setRefundPlan(plan: RefundPlan) {
    return this.call('POST', '/__sandbox/refund-plan', plan);
  }

  settleRefund(outRefundNo: string, outcome: Exclude<RefundStatus, 'PROCESSING'>) {
    return this.call('POST', `/__sandbox/refunds/${encodeURIComponent(outRefundNo)}/settle`, { outcome });
  }

  /** The merchant's available balance (null: unlimited): refunds beyond it answer 403 NOT_ENOUGH. */
  setMerchantBalance(fen: number | null) {
    return this.call('POST', '/__sandbox/merchant-balance', { fen });
  }

  /** Re-issues the platform certificate to expire at `notAfter` (a certificate about to run out). */
  reissuePlatformCertificate(notAfter: Date) {
    return this.call('POST', '/__sandbox/platform-certificate', { notAfter: notAfter.toISOString() });
  }

  listNotifications(outTradeNo?: string) {
    return this.call<NotificationRecord[]>(
      'GET',
      `/__sandbox/notifications${outTradeNo ? `?outTradeNo=${encodeURIComponent(outTradeNo)}` : ''}`,
    );
  }

  releaseHeldNotifications() {
    return this.call('POST', '/__sandbox/notifications/release-held');
  }

  /** Resolves once every pending notification is delivered, dropped or given up. */
  settleNotifications() {
    return this.call('POST', '/__sandbox/notifications/settle');
  }

  injectFault(spec: FaultSpec) {
    return this.call<{ id: number }>('POST', '/__sandbox/faults', spec);
  }

  /** The faults still to fire (one that fired its `times` is gone). */
  listFaults() {
    return this.call<Array<FaultSpec & { id: number; left: number | 'always' }>>('GET', '/__sandbox/faults');
  }

  clearFaults(id?: number) {
    return this.call('DELETE', `/__sandbox/faults${id ? `?id=${id}` : ''}`);
  }

  /** How many calls each API received; `reset` zeroes the counters after reading. */
  callCounts(reset = false) {
    return this.call<Partial<Record<ApiName, number>>>('GET', `/__sandbox/calls${reset ? '?reset=1' : ''}`);
  }

  setRateLimit(api: ApiName, perSecond: number | null) {
    return this.call('POST', '/__sandbox/rate-limits', { api, perSecond });
  }

  setVerification(mode: VerificationMode) {
    return this.call('POST', '/__sandbox/verification', { mode });
  }
}

/** Reads back what a sandbox wxacode encodes (its QR text). */
export function parseWxaCodeContent(text: string): {
  appid: string;
  page: string;
  scene: string;
  envVersion: string;
} {
  const u = new URL(text);
  return {
    appid: u.searchParams.get('appid') ?? '',
    page: u.searchParams.get('page') ?? '',
    scene: u.searchParams.get('scene') ?? '',
    envVersion: u.searchParams.get('env_version') ?? '',
  };
}

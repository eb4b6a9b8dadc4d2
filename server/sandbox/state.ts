/** Everything the sandbox remembers: in memory, per sandbox instance. */
import type { FieldRule } from './fields';
import type { SandboxKeys } from './keys';
import { FaultBook } from './faults';
import { createOaState, type OaSandboxState } from './oa';
import { createSmsState, type SmsSandboxState } from './tencentSms';
import { createWecomState, type WecomSandboxState } from './wecom';
import { createTradeBillState, type TradeBillState } from './tradeBill';
import type { SandboxPages } from './pages';

export type VerificationMode = 'certificate' | 'publicKey' | 'switch';

export type SandboxOptions = {
  keys: SandboxKeys;
  /**
   * How the simulated merchant verifies WeChat Pay: platform certificates, the WeChat Pay public
   * key (PUB_KEY_ID_…; /v3/certificates answers 403), or a switch-over that signs each
   * notification with one or the other at random.
   */
  verification: VerificationMode;
  /** Multiplies WeChat's notification retry delays (1 = real 15s…6h schedule; tests use ~0.001). */
  notifyRetryScale: number;
  /** Seconds an access token lives (WeChat: 7200). */
  tokenTtlSeconds: number;
  /** Official-account template messages allowed per account per day (WeChat: 100,000 by default). */
  templateDailyQuota: number;
  /**
   * Pages the released mini-program has (messages' page, wxacode with check_path): the built app.json's in
   * the demo, the page contract's by default. `'any'` only where a test asks for leniency by name.
   */
  pages: SandboxPages;
  /**
   * The official account's 网页授权域名: hosts (`host` or `host:port`, as `URL.host` spells them) an
   * OAuth redirect_uri may point to. WeChat refuses any other host, subdomains included (10003); with
   * none configured, every redirect is refused.
   */
  oauthDomains: string[];
  /**
   * Where the sandbox is knowingly kinder than WeChat, each asked for by name (WeChat behaves as if
   * the set were empty). `httpNotifyUrl`: a notify_url on http://localhost / 127.0.0.1 is accepted,
   * because a portal on a developer's machine or in a test has no TLS certificate (WeChat: https only).
   */
  leniency: ReadonlySet<Leniency>;
  now: () => Date;
};

export type Leniency = 'httpNotifyUrl';

/** A login code works once, for 5 minutes (wx.login and OAuth alike). */
export const CODE_TTL_MS = 5 * 60_000;
export type OauthScope = 'snsapi_base' | 'snsapi_userinfo';
/** A login code: wx.login (mini-program) or H5 OAuth (official account, with the scope the user granted). */
export type LoginCode = {
  appid: string;
  openid: string;
  unionid?: string;
  scope?: OauthScope;
  used: boolean;
  expiresAt: number;
};
export type AccessToken = { appid: string; token: string; expiresAt: number; revoked: boolean };
/** A template the utility picked from the library into one of its accounts. */
export type Template = {
  appid: string;
  templateId: string;
  title: string;
  /** The library template it was picked from (tid, or template_id_short for the official account). */
  tid: string;
  /** The picked keywords in order, each named `${rule}${kid}`. */
  keywords: Array<{ key: string; name: string; rule: FieldRule; example: string }>;
};
export type SentMessage = {
  msgid: string;
  kind: 'subscribe' | 'template';
  appid: string;
  touser: string;
  templateId: string;
  page?: string;
  url?: string;
  data: Record<string, { value: string }>;
  sentAt: string;
};

export type Order = {
  /** The JSON body exactly as the merchant sent it (for idempotency). */
  request: Record<string, unknown>;
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  attach?: string;
  totalFen: number;
  openid: string;
  prepayId: string;
  /** A prepay_id is valid for 2 hours; a JSAPI call after that gets a new one. */
  prepayExpiresAt: Date;
  /** The order's time_expire: WeChat refuses payment after it (the order itself stays NOTPAY until closed). */
  timeExpire?: Date;
  createdAt: Date;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId?: string;
  successTime?: Date;
};

export type Refund = {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason?: string;
  notifyUrl?: string;
  status: RefundStatus;
  createdAt: Date;
  successTime?: Date;
};

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
/** How a new refund ends: `outcome` after `afterMs`, or `hold` (PROCESSING until settled through the control API). */
export type RefundPlan = { outcome: Exclude<RefundStatus, 'PROCESSING'>; afterMs: number } | { hold: true };

export type NotificationAttempt = { at: string; status?: number; error?: string };
export type NotificationRecord = {
  id: string;
  eventType: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.CLOSED' | 'REFUND.ABNORMAL';
  url: string;
  outTradeNo: string;
  serial: string;
  /** The exact JSON body sent. */
  body: string;
  /** What was encrypted into `resource`. */
  resource: Record<string, unknown>;
  faults: string[];
  attempts: NotificationAttempt[];
  state: 'pending' | 'held' | 'delivered' | 'dropped' | 'gaveUp';
};

export type SandboxState = {
  options: SandboxOptions;
  faults: FaultBook;
  codes: Map<string, LoginCode>;
  /** unionid per openid (per app), as WeChat links identities across appids. */
  unionids: Map<string, string>;
  tokens: Map<string, AccessToken>;
  /** Current stable token per appid. */
  stable: Map<string, string>;
  /** stable_token force_refresh calls per appid: WeChat allows 20 a day, 30 s apart. */
  forcedRefresh: Map<string, { day: string; count: number; lastAt: number }>;
  templates: Map<string, Template>;
  /** `${appid}|${openid}|${templateId}` → remaining one-time grants (Infinity for long-term). */
  grants: Map<string, number>;
  /** `${appid}|${openid}` of users who follow the official account. */
  followers: Set<string>;
  /** `${appid}|${openid}` of every user WeChat knows for an app (logged in, authorised, followed): others are 40003. */
  users: Set<string>;
  /** Official-account template messages sent today, per account (appid). */
  templateQuota: Map<string, { day: string; count: number }>;
  messages: SentMessage[];
  orders: Map<string, Order>;
  refunds: Map<string, Refund>;
  /** What new refunds do (default: SUCCESS at once). */
  refundPlan: RefundPlan;
  /** The merchant's available balance in fen: refunds beyond it answer 403 NOT_ENOUGH (undefined: unlimited). */
  merchantBalanceFen?: number;
  notifications: NotificationRecord[];
  /** Official-account message push, follower list, phone-number codes (oa.ts). */
  oa: OaSandboxState;
  /** Tencent Cloud SMS (tencentSms.ts). */
  sms: SmsSandboxState;
  /** WeCom application messages to staff (wecom.ts). */
  wecom: WecomSandboxState;
  /** Trade bills applied for, by download token (tradeBill.ts). */
  tradeBills: TradeBillState;
};

export function createState(options: SandboxOptions): SandboxState {
  return {
    options,
    faults: new FaultBook(),
    codes: new Map(),
    unionids: new Map(),
    tokens: new Map(),
    stable: new Map(),
    forcedRefresh: new Map(),
    templates: new Map(),
    grants: new Map(),
    followers: new Set(),
    users: new Set(),
    templateQuota: new Map(),
    messages: [],
    orders: new Map(),
    refunds: new Map(),
    refundPlan: { outcome: 'SUCCESS', afterMs: 0 },
    notifications: [],
    oa: createOaState(),
    sms: createSmsState(),
    wecom: createWecomState(),
    tradeBills: createTradeBillState(),
  };
}

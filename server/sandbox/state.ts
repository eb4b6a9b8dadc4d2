/** Everything the sandbox remembers: in memory, per sandbox instance. */
import type { SandboxKeys } from './keys';
import { FaultBook } from './faults';
import { createOaState, type OaSandboxState } from './oa';
import { createSmsState, type SmsSandboxState } from './tencentSms';
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
  /** Official-account template messages allowed per template per day. */
  templateDailyQuota: number;
  /**
   * Pages the released mini-program has (messages' page, wxacode with check_path): the built app.json's in
   * the demo, the page contract's by default. `'any'` only where a test asks for leniency by name.
   */
  pages: SandboxPages;
  now: () => Date;
};

export type LoginCode = { appid: string; openid: string; unionid?: string; used: boolean; expiresAt: number };
export type AccessToken = { appid: string; token: string; expiresAt: number; revoked: boolean };
export type Template = { appid: string; templateId: string; keys: string[]; title: string };
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
  status: 'PROCESSING' | 'SUCCESS';
  createdAt: Date;
  successTime?: Date;
};

export type NotificationAttempt = { at: string; status?: number; error?: string };
export type NotificationRecord = {
  id: string;
  eventType: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS';
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
  templates: Map<string, Template>;
  /** `${appid}|${openid}|${templateId}` → remaining one-time grants (Infinity for long-term). */
  grants: Map<string, number>;
  /** `${appid}|${openid}` of users who follow the official account. */
  followers: Set<string>;
  templateQuota: Map<string, { day: string; count: number }>;
  messages: SentMessage[];
  orders: Map<string, Order>;
  refunds: Map<string, Refund>;
  notifications: NotificationRecord[];
  /** Official-account message push, follower list, phone-number codes (oa.ts). */
  oa: OaSandboxState;
  /** Tencent Cloud SMS (tencentSms.ts). */
  sms: SmsSandboxState;
};

export function createState(options: SandboxOptions): SandboxState {
  return {
    options,
    faults: new FaultBook(),
    codes: new Map(),
    unionids: new Map(),
    tokens: new Map(),
    stable: new Map(),
    templates: new Map(),
    grants: new Map(),
    followers: new Set(),
    templateQuota: new Map(),
    messages: [],
    orders: new Map(),
    refunds: new Map(),
    notifications: [],
    oa: createOaState(),
    sms: createSmsState(),
  };
}

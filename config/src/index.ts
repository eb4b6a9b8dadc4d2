/**
 * The one place that reads process.env. Every setting the portal has is declared here with its
 * default for the embedded demo; production mode refuses to start on a missing or bad value.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { PAGE_NAMES, RESIDENT_PAGES, type PagePath } from '@portal/types/src/pages';
import { productionProblems } from './productionChecks';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

/** Pages a mini-program code may open: those of the page contract that read the code's `scene`. */
function scenePages(): [PagePath, ...PagePath[]] {
  const pages = PAGE_NAMES.filter((n) => 'scene' in RESIDENT_PAGES[n].query).map(
    (n) => RESIDENT_PAGES[n].path,
  );
  return pages as [PagePath, ...PagePath[]];
}

/** Settings that production must set explicitly (the demo generates or defaults them). */
const REQUIRED_IN_PRODUCTION = [
  'MONGODB_URI',
  'PUBLIC_BASE_URL',
  'SESSION_SECRET',
  'QR_SECRET',
  'WECHAT_MP_APPID',
  'WECHAT_MP_SECRET',
  'WECHAT_PAY_MCHID',
  'WECHAT_PAY_SERIAL',
  'WECHAT_PAY_PRIVATE_KEY_PATH',
  'WECHAT_PAY_CERT_PATH',
  'WECHAT_PAY_APIV3_KEY',
  'WECHAT_PAY_NOTIFY_URL',
] as const;

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port.default(3000),
  /** Public https origin residents reach; used for notify_url, QR URLs and H5 links. */
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the demo keeps its database, generated keys and uploads. */
  DATA_DIR: z.string().default('.data'),
  /** A real MongoDB (replica set in production). Unset in the demo: an embedded server is started. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Without MONGODB_URI: 'auto' runs mongod (mongodb-memory-server, downloaded once) when it can be had, else the stand-in. */
  EMBEDDED_DB: z.enum(['auto', 'mongod', 'secantusdb']).default('auto'),
  /** How long 'auto' waits for the mongod download to answer before it starts the stand-in. */
  EMBEDDED_DB_PROBE_MS: z.coerce.number().int().positive().default(3_000),
  /** Build declared indexes when an instance connects; default off in production, where `portal migrate` builds them before a deploy. */
  AUTO_INDEX: bool.optional(),
  /** Max JSON/form body size. */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('1mb'),
  /** Graceful shutdown: how long in-flight requests may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Prometheus /metrics on a port of its own (not exposed by the load balancer), on METRICS_HOST. */
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** /metrics also on the public port, for this bearer token only (≥ 16 chars). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Trust X-Forwarded-* headers (behind nginx). */
  TRUST_PROXY: bool.default(false),
  /** With TRUST_PROXY: how many proxies append to X-Forwarded-For; the client IP is taken that many from the right. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),

  /** HMAC secret for session tokens (≥ 32 chars). Demo: generated into DATA_DIR. */
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 3600),
  REFRESH_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  /** Absolute session lifetime from the login, however often it is refreshed: staff (hours), residents (days). */
  STAFF_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  RESIDENT_SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  /** Staff reads of personal data (360°, search, exports) per staff member per minute, and the hourly count that alerts admins. */
  STAFF_READS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  STAFF_READS_ALERT_PER_HOUR: z.coerce.number().int().positive().default(300),
  /** Failed console logins one client address may make in 15 minutes, across all usernames. */
  STAFF_LOGIN_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  /** HMAC secret for 一户一码 QR tokens (≥ 32 chars), and its version digit. */
  QR_SECRET: z.string().min(32).optional(),
  QR_KEY_VERSION: z.coerce.number().int().min(0).max(9).default(1),

  /** Start the WeChat sandbox in-process and point the WeChat clients at it (the demo's default). */
  WECHAT_SANDBOX: bool.optional(),
  SANDBOX_PORT: port.default(3100),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_PAY_API_BASE: z.url().default('https://api.mch.weixin.qq.com'),
  WECHAT_MP_APPID: z.string().min(1).optional(),
  WECHAT_MP_SECRET: z.string().min(1).optional(),
  WECHAT_OA_APPID: z.string().min(1).optional(),
  WECHAT_OA_SECRET: z.string().min(1).optional(),
  WECHAT_PAY_MCHID: z.string().min(1).optional(),
  /** Serial number of the merchant API certificate. */
  WECHAT_PAY_SERIAL: z.string().min(1).optional(),
  WECHAT_PAY_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  WECHAT_PAY_CERT_PATH: z.string().min(1).optional(),
  /** 32-byte APIv3 key used to decrypt notification resources. */
  WECHAT_PAY_APIV3_KEY: z.string().length(32).optional(),
  /** WeChat Pay public key mode (merchants since late 2024): PEM path and its PUB_KEY_ID_… id. */
  WECHAT_PAY_PUBLIC_KEY_PATH: z.string().min(1).optional(),
  WECHAT_PAY_PUBLIC_KEY_ID: z
    .string()
    .regex(/^PUB_KEY_ID_/)
    .optional(),
  WECHAT_PAY_NOTIFY_URL: z.url().optional(),
  /** Seconds a notification timestamp may differ from now. */
  WECHAT_PAY_NOTIFY_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
  /** Every call to WeChat and WeChat Pay gives up after this many milliseconds. */
  WECHAT_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Warn this many days before a WeChat Pay platform certificate expires. */
  WECHAT_PAY_CERT_WARN_DAYS: z.coerce.number().int().positive().default(30),

  /** Seed demo data on first start of an empty database. */
  DEMO_SEED: bool.optional(),
  DEMO_ACCOUNTS: z.coerce.number().int().min(0).default(300),
  /** Largest account import file (xlsx/csv) the console accepts, in MB. */
  IMPORT_MAX_MB: z.coerce.number().int().positive().default(50),

  /** Run background workers (outbox, scheduled jobs) in this process. */
  WORKERS: bool.default(true),
  /** The service hotline until an admin sets it in the console (服务设置); then the saved one applies. */
  SERVICE_HOTLINE: z.string().default('95158'),
  /**
   * 人工费率: what an hour of field work costs, in fen (工单成本 = 用料 + 工时 × 费率), until an admin saves
   * another in 服务设置. 8000 = 80 元/小时.
   */
  LABOUR_RATE_FEN: z.coerce.number().int().min(0).max(1_000_000).default(8000),
  /** Work orders: handled by the built-in engine, or forwarded to the utility's field-service system. */
  WORK_ORDER_ENGINE: z.enum(['builtin', 'external']).default('builtin'),
  /** Comma list of order types forwarded in external mode (empty: all). */
  EXTERNAL_WO_TYPES: z.string().optional(),
  EXTERNAL_WO_BASE_URL: z.url().optional(),
  /** HMAC secret shared with the external work-order system (both directions). */
  EXTERNAL_WO_SECRET: z.string().min(16).optional(),
  /** Booked visits still ahead that one account may hold at once. */
  MAX_OPEN_BOOKINGS_PER_ACCOUNT: z.coerce.number().int().min(1).default(3),
  /** Share of rated orders (not low-rated) that also get a 回访 task, in percent. */
  FOLLOW_UP_SAMPLE_PERCENT: z.coerce.number().int().min(0).max(100).default(10),
  /**
   * 回访 sampling per order type, in percent of the completed orders of that type ("type:percent,..."; types
   * not named use FOLLOW_UP_SAMPLE_PERCENT). Default: every 报装/通气/投诉, 30% of 报修, 20% of 安检.
   */
  FOLLOW_UP_SAMPLE_RATES: z
    .string()
    .regex(/^(\s*[a-zA-Z]+\s*:\s*\d{1,3}\s*)(,\s*[a-zA-Z]+\s*:\s*\d{1,3}\s*)*$|^$/, 'type:percent,...')
    .default('installation:100,activation:100,complaint:100,repair:30,inspection:20'),
  /** A 回访 score at or below this (1–5) reopens the order. */
  FOLLOW_UP_REOPEN_MAX_SCORE: z.coerce.number().int().min(0).max(5).default(2),
  /** Chat service hours, Asia/Shanghai, daily ("00:00-24:00" = always); outside them chats get the auto-reply. */
  CHAT_SERVICE_HOURS: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'HH:mm-HH:mm')
    .default('08:00-20:00'),
  /** Server pings sockets this often; a socket silent for 2× this long is closed (4408). */
  CHAT_HEARTBEAT_MS: z.coerce.number().int().min(100).default(25_000),
  /** Largest frame answered with an error frame; frames over 4× this close the socket (1009). */
  CHAT_MAX_FRAME_BYTES: z.coerce.number().int().min(256).default(16_384),
  /** Frames waiting to be handled per socket (more are refused), and messages a resident may send per minute (staff: 4×). */
  CHAT_MAX_QUEUED_FRAMES: z.coerce.number().int().min(1).default(32),
  CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /**
   * How chat frames reach sockets held by other processes: MongoDB change streams, or polling the chat
   * collections every CHAT_POLL_MS. `auto` opens a change stream at startup and polls only when the
   * database refuses it (a standalone mongod, a server without change streams).
   */
  CHAT_BUS: z.enum(['auto', 'changeStream', 'polling']).default('auto'),
  CHAT_POLL_MS: z.coerce.number().int().min(10).default(150),
  /** Out of hours: how long after the resident's last message the left message becomes a 咨询 ticket. */
  CHAT_LEAVE_MESSAGE_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * 60_000),
  /** Billing: days from issue to due date; reminder N days before it; meter reading plausibility factor × 12-month average. */
  BILL_DUE_DAYS: z.coerce.number().int().min(1).max(90).default(15),
  BILL_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(30).default(3),
  METER_READING_MAX_FACTOR: z.coerce.number().positive().default(3),
  /**
   * 过户/销户 approved without a supervisor when the household owes nothing: the kinds, comma-separated
   * ("close", "transfer,close"); empty (the default) sends every application to a supervisor.
   */
  ACCOUNT_CHANGE_AUTO_APPROVE: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['transfer', 'close']))),
  /**
   * 报停/复供 approved without a supervisor when the household owes nothing: the kinds, comma-separated.
   * heatingSuspend: a heating season suspended before HEATING_SUSPEND_CUTOFF; suspend: gas/water 报停;
   * resume: 复供. Empty sends every application to a supervisor.
   */
  SUPPLY_CHANGE_AUTO_APPROVE: z
    .string()
    .default('heatingSuspend')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['heatingSuspend', 'suspend', 'resume']))),
  /** 供暖季: the day heating starts (MM-DD, Asia/Shanghai); the season ends on HEATING_SEASON_END next year. */
  HEATING_SEASON_START: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .default('11-15'),
  HEATING_SEASON_END: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .default('03-15'),
  /** Heating 报停 for a season is accepted up to this day (MM-DD) of the season's first year. */
  HEATING_SUSPEND_CUTOFF: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .default('10-31'),
  /** 供热基本费: the share (%) of the full season's heating fee a suspended household still pays. */
  HEATING_BASE_FEE_PERCENT: z.coerce.number().int().min(0).max(100).default(30),
  /** Payments: order lifetime (time_expire, then closed), when reconciliation queries a silent order, how often it runs. */
  PAYMENT_EXPIRE_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
  PAYMENT_RECONCILE_AFTER_MINUTES: z.coerce.number().int().min(0).default(5),
  PAYMENT_RECONCILE_EVERY_SECONDS: z.coerce.number().int().min(5).default(60),
  /** 一户一码: public lookups per minute per client IP and per token; the mini-program page the code opens (a contract page that reads `scene`). */
  QR_RATE_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(60),
  QR_RATE_PER_TOKEN_PER_MINUTE: z.coerce.number().int().positive().default(30),
  QR_MP_PAGE: z.enum(scenePages()).default(RESIDENT_PAGES.qrPay.path),
  /**
   * 一户一码 payers who are not bound: how long their order holds the household's bills ("paying"), and how
   * many such orders one payer may start for one household in 24 hours. A bound resident may always take
   * over bills a QR payer holds.
   */
  QR_PAY_HOLD_MINUTES: z.coerce.number().int().min(5).max(120).default(10),
  QR_PAY_HOLDS_PER_DAY: z.coerce.number().int().positive().default(5),
  /** Where uploaded photos live, shared by every instance: GridFS in MONGODB_URI's database, or an S3-compatible store. */
  FILE_STORAGE: z.enum(['gridfs', 's3']).default('gridfs'),
  /** S3-compatible store (FILE_STORAGE=s3): MinIO, Tencent COS, Alibaba OSS, AWS S3. */
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** Path-style URLs (MinIO and most self-hosted stores); COS, OSS and AWS use virtual-hosted style. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Unset: the SDK's default credential chain (environment, instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Put before every object key, for a bucket shared with other systems (e.g. "portal/"). */
  S3_PREFIX: z
    .string()
    .regex(/^([\w.-]+\/)*$/, 'path segments ending in /')
    .default(''),
  /** A TTF/OTF with Chinese glyphs for printed PDFs (QR sheets); without it only ASCII text is printed. */
  PDF_FONT_PATH: z.string().optional(),
  /** Who issues PDF receipts: printed on them and around their seal (收费专用章). */
  RECEIPT_ISSUER: z.string().trim().min(2).max(24).default('燃气水暖服务平台'),
  /** 电子发票: the utility's invoicing system (HMAC-signed requests sent by the outbox); the demo runs a sandbox double. */
  INVOICING_BASE_URL: z.url().optional(),
  INVOICING_SECRET: z.string().min(16).optional(),
  INVOICING_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** 销账: the utility's billing system of record, told of each payment and refund (signed webhook sent by the outbox). */
  WRITEOFF_WEBHOOK_URL: z.url().optional(),
  WRITEOFF_WEBHOOK_SECRET: z.string().min(16).optional(),
  WRITEOFF_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Finance voucher export (金蝶 / 用友): the subjects a day's WeChat receipts are booked to, "code name". */
  FINANCE_CASH_SUBJECT: z.string().trim().min(1).default('1012.03 其他货币资金-微信支付'),
  FINANCE_RECEIVABLE_SUBJECT: z.string().trim().min(1).default('1122 应收账款'),

  /** Messaging: template ids per event, JSON {"outageNotice":{"subscribe":"…","official":"…"}} (demo: built-in ids). */
  WECHAT_TEMPLATE_IDS: z
    .string()
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as Record<string, { subscribe?: string; official?: string }>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .optional(),
  /** Sends per second per WeChat API (subscribe / template), shared by every worker process; WeChat allows far more. */
  WECHAT_SEND_RATE_PER_SECOND: z.coerce.number().int().positive().default(200),
  SMS_SEND_RATE_PER_SECOND: z.coerce.number().int().positive().default(20),
  /**
   * Where SMS goes: 'tencent' (Tencent Cloud SMS, official SDK), 'sandbox' (a development double recording them in
   * the database; refused in production), 'none' (no SMS).
   */
  SMS_PROVIDER: z.enum(['tencent', 'sandbox', 'none']).default('sandbox'),
  /** The approved SMS signature (签名), without 【】: the provider adds it to every message. */
  SMS_SIGNATURE: z.string().min(2).max(20).default('公用事业服务'),
  /** SMS template ids per template name, JSON {"outageNotice":"1234567",...} (the provider's approved templates; demo: sandbox ids). */
  SMS_TEMPLATE_IDS: z
    .string()
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as Record<string, string>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .optional(),
  /** A provider call taking longer is abandoned and retried (after asking whether the provider took it). */
  SMS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** After an SMS call that timed out, how long the provider's status report may take to show the message was taken. */
  SMS_STATUS_SETTLE_MS: z.coerce.number().int().min(0).default(120_000),
  /** Tencent Cloud SMS: API key pair (CAM), the SMS application's SdkAppId, region, API endpoint (the sandbox in the demo). */
  TENCENT_SMS_SECRET_ID: z.string().min(1).optional(),
  TENCENT_SMS_SECRET_KEY: z.string().min(1).optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().regex(/^\d+$/, 'digits (SdkAppId, e.g. 1400006666)').optional(),
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  TENCENT_SMS_ENDPOINT: z.url().default('https://sms.tencentcloudapi.com'),
  /**
   * WeCom (企业微信) application messages for staff alerts (new orders, escalations): the utility's 企业ID
   * (corpid), the self-built application's AgentId and Secret, and the API base (the sandbox in the demo).
   * Unset: staff alerts go by SMS only.
   */
  WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{6,40}$/, '企业ID, e.g. ww1234567890abcdef')
    .optional(),
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_AGENT_SECRET: z.string().min(8).optional(),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  /** Official-account message push (服务器配置): the Token entered in the OA console; WeChat signs each push with it. */
  WECHAT_OA_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, '3–32 letters or digits')
    .optional(),
  /** How often the official account's follower list is read back (user/get + user/info/batchget); 0 turns it off. */
  OA_FOLLOWER_SYNC_EVERY_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 3600),
  /** Backoff for WeChat 5xx, timeouts and 45009 (exponential with jitter, capped). */
  MESSAGE_RETRY_BASE_MS: z.coerce.number().int().positive().default(2_000),
  MESSAGE_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  /** Retention: done outbox entries and finished message deliveries are deleted this many days after creation, by a sweep this often. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** Failed and cancelled outbox entries (nothing retries them) are deleted after this many days. */
  OUTBOX_FAILED_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).default(180),
  RETENTION_SWEEP_EVERY_MINUTES: z.coerce.number().int().min(1).default(60),
  /** Chat messages are deleted this many days after they were sent (the session records stay). */
  CHAT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /** A photo uploaded but never put on an order, a reading or a chat message is deleted after this many days. */
  UNUSED_UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  /** Audit entries are kept this long; at least 180 (网络安全法 第二十一条: network logs kept six months or more). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180).default(730),
  /** Outage notices: how long before a planned outage it must be published (hours). */
  NOTICE_LEAD_HOURS_GAS: z.coerce.number().min(0).default(48),
  NOTICE_LEAD_HOURS_WATER: z.coerce.number().min(0).default(24),
  NOTICE_LEAD_HOURS_HEATING: z.coerce.number().min(0).default(24),

  /**
   * Staff lists that grow without end (work orders, hazards, 未入户, customers, meter readings, the audit log): a page counts its matches up to
   * this many, and says "more than" beyond it, so that no page view reads a million orders to count them.
   */
  LIST_COUNT_UP_TO: z.coerce.number().int().min(1).default(10_000),

  /** KPI cockpit: how often closed days are rolled up, how often repair spikes are checked, and the spike rule (> mean + σ·std of 28 days, and ≥ min count in 24 h). */
  KPI_ROLLUP_EVERY_SECONDS: z.coerce.number().int().min(5).default(60),
  KPI_ALERT_EVERY_SECONDS: z.coerce.number().int().min(5).default(900),
  KPI_ALERT_SIGMA: z.coerce.number().positive().default(3),
  KPI_ALERT_MIN_COUNT: z.coerce.number().int().min(1).default(10),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Env & {
  isProduction: boolean;
  isDemo: boolean;
  dataDir: string;
  sandbox: boolean;
  seedDemo: boolean;
  autoIndex: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse settings from an environment (default: process.env plus an optional .env file).
 * Throws ConfigError naming every bad or missing variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = readProcessEnv(),
  cwd: string = process.cwd(),
): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction) {
    const missing = REQUIRED_IN_PRODUCTION.filter((k) => e[k] === undefined);
    if (e.WECHAT_SANDBOX) missing.push('WECHAT_SANDBOX' as never);
    const problems = missing.map((k) =>
      k === ('WECHAT_SANDBOX' as never)
        ? 'WECHAT_SANDBOX: must not be true in production'
        : `${k}: required in production`,
    );
    problems.push(...smsProblems(e), ...productionProblems(e));
    if (problems.length) throw new ConfigError(problems);
  }
  if (e.FILE_STORAGE === 's3' && !e.S3_BUCKET)
    throw new ConfigError(['S3_BUCKET: required when FILE_STORAGE=s3']);
  // WeCom is all or nothing: a half-configured one would silently send staff alerts by SMS only.
  const wecom = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_AGENT_SECRET'] as const;
  if (wecom.some((k) => e[k] !== undefined) && wecom.some((k) => e[k] === undefined))
    throw new ConfigError(
      wecom.filter((k) => e[k] === undefined).map((k) => `${k}: required with the other WECOM_ settings`),
    );
  if (e.OUTBOX_FAILED_RETENTION_DAYS < e.OUTBOX_RETENTION_DAYS)
    throw new ConfigError(['OUTBOX_FAILED_RETENTION_DAYS: must be at least OUTBOX_RETENTION_DAYS']);
  if (e.DELIVERY_RETENTION_DAYS < e.OUTBOX_RETENTION_DAYS) {
    // A delivery is the sent-marker of its outbox entry: it must outlive the entry.
    throw new ConfigError(['DELIVERY_RETENTION_DAYS: must be at least OUTBOX_RETENTION_DAYS']);
  }
  const sandbox = e.WECHAT_SANDBOX ?? !isProduction;
  return {
    ...e,
    isProduction,
    isDemo: !isProduction && e.MONGODB_URI === undefined,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    sandbox,
    seedDemo: e.DEMO_SEED ?? (!isProduction && e.NODE_ENV !== 'test'),
    autoIndex: e.AUTO_INDEX ?? !isProduction,
  };
}

/** Production SMS: a real provider, fully configured (the sandbox double would swallow every message). */
function smsProblems(e: Env): string[] {
  if (e.SMS_PROVIDER === 'sandbox')
    return [
      "SMS_PROVIDER: the sandbox double is not allowed in production (set 'tencent', or 'none' for no SMS)",
    ];
  if (e.SMS_PROVIDER !== 'tencent') return [];
  const needed = [
    'TENCENT_SMS_SECRET_ID',
    'TENCENT_SMS_SECRET_KEY',
    'TENCENT_SMS_SDK_APP_ID',
    'SMS_TEMPLATE_IDS',
  ] as const;
  return needed.filter((k) => e[k] === undefined).map((k) => `${k}: required with SMS_PROVIDER=tencent`);
}

function readProcessEnv(): Record<string, string | undefined> {
  const file = path.resolve(process.cwd(), '.env');
  const fromFile = fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

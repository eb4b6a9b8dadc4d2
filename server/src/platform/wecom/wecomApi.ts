/**
 * The portal's client for WeCom (企业微信, qyapi.weixin.qq.com): application messages to staff.
 *
 *   const wecom = createWecomApi(config, clock);          // undefined when WeCom is not set up
 *   await wecom.sendTextCard({ touser: ['zhangsan'], title, description, url, btntxt: '详情' });
 *
 * The access token (GET /cgi-bin/gettoken?corpid&corpsecret) is cached in memory and shared with the other
 * processes in the database (WeCom answers the same token while it is valid, so two processes fetching it
 * at once is harmless); a token WeCom refuses (40014 invalid, 42001 expired, 40001) is fetched again once and
 * the message resent. Every send asks WeCom's duplicate check (`enable_duplicate_check`): the same request
 * within the interval reaches nobody twice, which closes the outbox's at-least-once window (a worker that
 * sent and died before recording it sends the identical request again).
 */
import type { Config } from '@portal/config';
import type { Clock } from '../../deps';
import { WechatTokenModel } from '../wechat/accessToken.model';

/** The token errcodes: refetch once and retry. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** Refresh this long before WeCom says the token expires. */
const EARLY_REFRESH_MS = 5 * 60_000;
/** WeCom's longest duplicate-check interval (4 hours). */
export const DUPLICATE_CHECK_SECONDS = 4 * 3600;

/** WeCom answered with a non-zero errcode, or could not be reached (errcode -1). */
export class WecomError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeCom ${errcode}: ${errmsg}`);
    this.name = 'WecomError';
  }
  /** None of the recipients is a member the application can reach: sending again will not help. */
  get noRecipient(): boolean {
    return this.errcode === 81013;
  }
  /** Frequency limits: try again later. */
  get rateLimited(): boolean {
    return this.errcode === 45009 || this.errcode === 45033;
  }
  /** Busy, unreachable or 5xx: try again later. Anything else is a setup or content mistake. */
  get transient(): boolean {
    return this.errcode === -1 || this.rateLimited;
  }
}

export type TextCard = {
  /** WeCom userids (at most 1000). */
  touser: string[];
  /** ≤ 128 bytes. */
  title: string;
  /** ≤ 512 bytes; WeCom's own tags: <div class="gray|normal|highlight">. */
  description: string;
  url: string;
  btntxt?: string;
};

export type WecomApi = {
  agentId: number;
  sendTextCard(card: TextCard): Promise<{ msgid: string; invaliduser: string[] }>;
};

type Reply = { errcode?: number; errmsg?: string } & Record<string, unknown>;

export function createWecomApi(config: Config, clock: Clock): WecomApi | undefined {
  const { WECOM_CORP_ID: corpId, WECOM_AGENT_ID: agentId, WECOM_AGENT_SECRET: secret } = config;
  if (!corpId || !agentId || !secret) return undefined;
  const base = config.WECOM_API_BASE;
  const key = `wecom:${corpId}:${agentId}`;
  let memo: { token: string; expiresAt: number } | undefined;

  async function call(path: string, query: Record<string, string>, body?: unknown): Promise<Reply> {
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new WecomError(-1, (e as Error).message);
    }
    if (!res.ok) throw new WecomError(-1, `HTTP ${res.status}`);
    return (await res.json().catch(() => ({ errcode: -1, errmsg: 'not JSON' }))) as Reply;
  }

  const fresh = (t: { token: string; expiresAt: number } | undefined, rejected?: string) =>
    !!t && t.token !== rejected && t.expiresAt - EARLY_REFRESH_MS > clock.now().getTime();

  async function accessToken(rejected?: string): Promise<string> {
    if (fresh(memo, rejected)) return memo!.token;
    const doc = await WechatTokenModel.findOne({ appid: key }, { token: 1, expiresAt: 1 }).lean();
    const shared = doc?.token ? { token: doc.token, expiresAt: doc.expiresAt!.getTime() } : undefined;
    if (fresh(shared, rejected)) return (memo = shared)!.token;
    const b = await call('/cgi-bin/gettoken', { corpid: corpId!, corpsecret: secret! });
    if (b.errcode) throw new WecomError(b.errcode, String(b.errmsg ?? ''));
    memo = {
      token: String(b.access_token),
      expiresAt: clock.now().getTime() + Number(b.expires_in ?? 7200) * 1000,
    };
    await WechatTokenModel.updateOne(
      { appid: key },
      { $set: { token: memo.token, expiresAt: new Date(memo.expiresAt) } },
      { upsert: true },
    );
    return memo.token;
  }

  async function send(body: Record<string, unknown>): Promise<Reply> {
    let token = await accessToken();
    for (let attempt = 0; ; attempt++) {
      const b = await call('/cgi-bin/message/send', { access_token: token }, body);
      if (!b.errcode) return b;
      if (attempt > 0 || !TOKEN_ERRCODES.has(b.errcode))
        throw new WecomError(b.errcode, String(b.errmsg ?? ''));
      memo = undefined;
      token = await accessToken(token);
    }
  }

  return {
    agentId,
    async sendTextCard(card) {
      const b = await send({
        touser: card.touser.join('|'),
        msgtype: 'textcard',
        agentid: agentId,
        textcard: {
          title: card.title,
          description: card.description,
          url: card.url,
          ...(card.btntxt ? { btntxt: card.btntxt } : {}),
        },
        enable_duplicate_check: 1,
        duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
      });
      const invalid = String(b.invaliduser ?? '');
      return { msgid: String(b.msgid ?? ''), invaliduser: invalid ? invalid.split('|') : [] };
    },
  };
}

/**
 * The portal's client for api.weixin.qq.com: login (code2session, H5 OAuth), access tokens cached
 * per appid and shared through the database, subscribe and template messages, wxacode. Only the base
 * URL and credentials decide whether it talks to WeChat or to the sandbox.
 */
import { randomUUID } from 'node:crypto';
import type { PageLink, PagePath } from '@portal/types';
import type { Clock } from '../../deps';
import { httpCall, isOk, type HttpAnswer } from '../httpClient';
import { TOKEN_ERRCODES, WechatApiError } from './errors';
import { WechatTokenModel } from './accessToken.model';

export type WechatApp = { appid: string; secret: string };
export type WechatApiOptions = {
  baseUrl: string;
  mp?: WechatApp;
  oa?: WechatApp;
  clock: Clock;
  timeoutMs?: number;
};
export type MessageData = Record<string, string>;
/** A template in one of the utility's accounts: its id and its keywords in order. */
export type WechatTemplateInfo = {
  templateId: string;
  title: string;
  keywords: Array<{ keyword: string; name: string }>;
};

type WxReply = { errcode?: number; errmsg?: string } & Record<string, unknown>;
/** A WeChat answer as it came, or, once its JSON is read (withToken reads it for the errcode), the reply read. */
type Answer = HttpAnswer | { res: HttpAnswer; reply: WxReply };

/** WeChat's JSON reply; its msgid is a 64-bit integer, which read as a JSON number would lose its last digits. */
function parseReply(text: string): WxReply {
  try {
    return JSON.parse(text.replace(/("msgid"\s*:\s*)(\d+)/, '$1"$2"')) as WxReply;
  } catch {
    return { errcode: -1, errmsg: 'not JSON' };
  }
}

/** Refresh a token this long before WeChat says it expires. */
const EARLY_REFRESH_MS = 5 * 60_000;
/** How long a refresh lease lasts if its holder dies (longer than the stable_token timeout). */
const TOKEN_LEASE_MS = 15_000;
/** How often a caller waiting for another process's refresh reads the shared token. */
const TOKEN_POLL_MS = 50;

export class WechatApi {
  private memo = new Map<string, { token: string; expiresAt: number }>();
  private inflight = new Map<string, Promise<string>>();
  /** This client's name on the refresh lease. */
  private readonly id = randomUUID();
  constructor(private opts: WechatApiOptions) {}

  private app(which: 'mp' | 'oa'): WechatApp {
    const app = this.opts[which];
    if (!app)
      throw new WechatApiError(-1, `WECHAT_${which.toUpperCase()}_APPID/SECRET not configured`, 'config');
    return app;
  }

  private async call(
    api: string,
    path: string,
    init: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<HttpAnswer> {
    const url = new URL(path, this.opts.baseUrl);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    try {
      return await httpCall(url, {
        headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        timeoutMs: this.opts.timeoutMs ?? 10_000,
      });
    } catch (e) {
      throw new WechatApiError(-1, (e as Error).message, api);
    }
  }

  private async json(api: string, answer: Answer): Promise<WxReply> {
    const res = 'reply' in answer ? answer.res : answer;
    if (!isOk(res)) throw new WechatApiError(-1, `HTTP ${res.status}`, api);
    const body = 'reply' in answer ? answer.reply : parseReply(res.body.toString('utf8'));
    if (body.errcode) throw new WechatApiError(body.errcode, body.errmsg ?? '', api);
    return body;
  }

  /** wx.login code → openid (+ unionid). session_key stays on the server. */
  async code2session(code: string): Promise<{ openid: string; unionid?: string; sessionKey: string }> {
    const app = this.app('mp');
    const res = await this.call('jscode2session', '/sns/jscode2session', {
      query: { appid: app.appid, secret: app.secret, js_code: code, grant_type: 'authorization_code' },
    });
    const b = await this.json('jscode2session', res);
    return {
      openid: String(b.openid),
      unionid: b.unionid as string | undefined,
      sessionKey: String(b.session_key),
    };
  }

  /** Official-account H5 OAuth code → openid (+ unionid, which WeChat gives only for snsapi_userinfo). */
  async oauthOpenid(code: string): Promise<{ openid: string; unionid?: string }> {
    const app = this.app('oa');
    const res = await this.call('oauth2', '/sns/oauth2/access_token', {
      query: { appid: app.appid, secret: app.secret, code, grant_type: 'authorization_code' },
    });
    const b = await this.json('oauth2', res);
    return { openid: String(b.openid), unionid: b.unionid as string | undefined };
  }

  /**
   * The app's access token: memory, then the shared copy in the database, then stable_token, refreshed
   * by one caller across every process: callers in this process share one refresh in flight, and
   * across processes the refresh lease on the token document picks the one that calls WeChat while
   * the others poll the document for the token it writes. `rejected`: a token WeChat just refused
   * (40001/42001), never handed out again even if the database still says it is valid.
   */
  async accessToken(which: 'mp' | 'oa', opts: { rejected?: string } = {}): Promise<string> {
    const app = this.app(which);
    const mem = this.memo.get(app.appid);
    if (this.fresh(mem, opts.rejected)) return mem!.token;
    for (let round = 0; ; round++) {
      let flight = this.inflight.get(app.appid);
      if (!flight) {
        flight = this.sharedToken(app, opts.rejected).finally(() => this.inflight.delete(app.appid));
        this.inflight.set(app.appid, flight);
      }
      const token = await flight;
      // A refresh that was already in flight for another reason may have returned the token this caller saw refused.
      if (token !== opts.rejected || round > 0) return token;
    }
  }

  private fresh(
    t: { token?: string | null; expiresAt?: number } | null | undefined,
    rejected?: string,
  ): t is { token: string; expiresAt: number } {
    return (
      !!t?.token && t.expiresAt! - EARLY_REFRESH_MS > this.opts.clock.now().getTime() && t.token !== rejected
    );
  }

  /** The shared token from the database, refreshing it under the lease when it is stale or rejected. */
  private async sharedToken(app: WechatApp, rejected?: string): Promise<string> {
    for (;;) {
      const doc = await WechatTokenModel.findOne({ appid: app.appid }).lean();
      const shared = doc?.token ? { token: doc.token, expiresAt: doc.expiresAt!.getTime() } : undefined;
      if (this.fresh(shared, rejected)) {
        this.memo.set(app.appid, shared);
        return shared.token;
      }
      const leaseFree = !doc?.leaseUntil || doc.leaseUntil.getTime() <= Date.now();
      if (leaseFree && (await this.takeLease(app.appid, doc))) return this.refresh(app);
      await new Promise((r) => setTimeout(r, TOKEN_POLL_MS));
    }
  }

  /**
   * Takes the refresh lease if nobody holds an unexpired one and the stored token is still the one this
   * caller found unusable (the document is created when missing). Without that second condition a caller
   * that read the stale token just before another process refreshed it and released the lease would take
   * the lease next and call stable_token a second time.
   */
  private async takeLease(
    appid: string,
    seen: { token?: string | null; expiresAt?: Date | null } | null,
  ): Promise<boolean> {
    const now = new Date();
    const unchanged = {
      token: seen?.token ?? { $exists: false },
      expiresAt: seen?.expiresAt ?? { $exists: false },
    };
    try {
      const r = await WechatTokenModel.updateOne(
        { appid, leaseUntil: { $not: { $gt: now } }, ...unchanged },
        { $set: { leaseOwner: this.id, leaseUntil: new Date(now.getTime() + TOKEN_LEASE_MS) } },
        { upsert: true },
      );
      return r.modifiedCount + r.upsertedCount === 1;
    } catch (e) {
      // Another process holds the lease or has refreshed the token: the upsert found the document taken.
      if ((e as { code?: number }).code === 11000) return false;
      throw e;
    }
  }

  /** Under the lease: calls stable_token, shares the token and releases the lease in one write. */
  private async refresh(app: WechatApp): Promise<string> {
    const mine = { appid: app.appid, leaseOwner: this.id };
    try {
      const res = await this.call('stable_token', '/cgi-bin/stable_token', {
        body: { grant_type: 'client_credential', appid: app.appid, secret: app.secret, force_refresh: false },
      });
      const b = await this.json('stable_token', res);
      const entry = {
        token: String(b.access_token),
        expiresAt: this.opts.clock.now().getTime() + Number(b.expires_in) * 1000,
      };
      this.memo.set(app.appid, entry);
      await WechatTokenModel.updateOne(mine, {
        $set: { token: entry.token, expiresAt: new Date(entry.expiresAt) },
        $unset: { leaseOwner: 1, leaseUntil: 1 },
      });
      return entry.token;
    } catch (e) {
      await WechatTokenModel.updateOne(mine, { $unset: { leaseOwner: 1, leaseUntil: 1 } }).catch(
        () => undefined,
      );
      throw e;
    }
  }

  /**
   * Calls an access_token API; on 40001/42001 fetches a new token once and retries. A JSON answer is read here, once,
   * to see its errcode (a clone read twice cost every message send a body tee), and handed on read.
   */
  private async withToken(which: 'mp' | 'oa', api: string, path: string, body: unknown): Promise<Answer> {
    let token = await this.accessToken(which);
    for (let attempt = 0; ; attempt++) {
      const res = await this.call(api, path, { query: { access_token: token }, body });
      if (attempt > 0 || !(res.headers['content-type'] ?? '').includes('json')) return res;
      const reply = parseReply(res.body.toString('utf8'));
      if (!reply.errcode || !TOKEN_ERRCODES.has(reply.errcode)) return { res, reply };
      this.memo.delete(this.app(which).appid);
      token = await this.accessToken(which, { rejected: token });
    }
  }

  /** Mini-program subscribe message: one accepted grant = one send. */
  async sendSubscribeMessage(m: {
    touser: string;
    templateId: string;
    data: MessageData;
    /** A page of the contract (`pageLink(...)`); WeChat refuses an unknown one with 41030. */
    page?: PageLink;
    miniprogramState?: 'developer' | 'trial' | 'formal';
  }): Promise<{ msgid: string }> {
    const res = await this.withToken('mp', 'subscribe.send', '/cgi-bin/message/subscribe/send', {
      touser: m.touser,
      template_id: m.templateId,
      page: m.page,
      data: wrapData(m.data),
      miniprogram_state: m.miniprogramState ?? 'formal',
      lang: 'zh_CN',
    });
    const b = await this.json('subscribe.send', res);
    return { msgid: String(b.msgid) };
  }

  /** Official-account template message (the user must follow the account). */
  async sendTemplateMessage(m: {
    touser: string;
    templateId: string;
    data: MessageData;
    url?: string;
    miniprogram?: { appid: string; pagepath: PageLink };
  }): Promise<{ msgid: string }> {
    const res = await this.withToken('oa', 'template.send', '/cgi-bin/message/template/send', {
      touser: m.touser,
      template_id: m.templateId,
      url: m.url,
      miniprogram: m.miniprogram,
      data: wrapData(m.data),
    });
    const b = await this.json('template.send', res);
    return { msgid: String(b.msgid) };
  }

  /**
   * The templates the utility picked into the mini-program (subscribe messages: gettemplate) or the
   * official account (template messages: get_all_private_template), each with its keywords in order
   * as WeChat names them (`户号:{{character_string1.DATA}}` → character_string1, 户号).
   */
  async listTemplates(which: 'mp' | 'oa'): Promise<WechatTemplateInfo[]> {
    const [api, path] =
      which === 'mp'
        ? ['templates', '/wxaapi/newtmpl/gettemplate']
        : ['templates', '/cgi-bin/template/get_all_private_template'];
    const b = await this.json(api, await this.withToken(which, api, path, undefined));
    type Listed = { priTmplId?: string; template_id?: string; title?: string; content?: string };
    const list = ((which === 'mp' ? b.data : b.template_list) ?? []) as Listed[];
    return list.map((t) => ({
      templateId: String(t.priTmplId ?? t.template_id ?? ''),
      title: String(t.title ?? ''),
      keywords: [
        ...String(t.content ?? '').matchAll(/([^\n{}:：]*)[:：]?\s*\{\{\s*([a-z_]+\d+)\.DATA\s*\}\}/g),
      ].map((m) => ({ keyword: m[2], name: m[1].trim() })),
    }));
  }

  /**
   * 一户一码: a permanent mini-program code for `page` (no query: parameters travel in `scene`, ≤ 32 chars).
   * With check_path (the default) WeChat refuses a page the released version lacks (41030). JPEG bytes.
   */
  async getUnlimitedWxaCode(o: {
    scene: string;
    page?: PagePath;
    checkPath?: boolean;
    envVersion?: 'release' | 'trial' | 'develop';
    width?: number;
  }): Promise<Buffer> {
    const res = await this.withToken('mp', 'wxacode', '/wxa/getwxacodeunlimit', {
      scene: o.scene,
      page: o.page,
      check_path: o.checkPath ?? true,
      env_version: o.envVersion ?? 'release',
      width: o.width ?? 430,
    });
    if (!('reply' in res) && (res.headers['content-type'] ?? '').startsWith('image/')) return res.body;
    await this.json('wxacode', res);
    throw new WechatApiError(-1, 'no image returned', 'wxacode');
  }

  /** Official-account followers, 10000 a page in follow order; `next` is the last openid of the previous page. */
  async listFollowers(next?: string): Promise<{ total: number; openids: string[]; next: string }> {
    const get = async (token: string) =>
      this.json(
        'user.get',
        await this.call('user.get', '/cgi-bin/user/get', {
          query: { access_token: token, ...(next ? { next_openid: next } : {}) },
        }),
      );
    const token = await this.accessToken('oa');
    const b = await get(token).catch(async (e: unknown) => {
      if (!(e instanceof WechatApiError) || !TOKEN_ERRCODES.has(e.errcode)) throw e;
      this.memo.delete(this.app('oa').appid);
      return get(await this.accessToken('oa', { rejected: token }));
    });
    const data = b.data as { openid?: string[] } | undefined;
    return { total: Number(b.total ?? 0), openids: data?.openid ?? [], next: String(b.next_openid ?? '') };
  }

  /** Up to 100 official-account users: follows or not, since when, and the unionid linking them to the mini-program. */
  async batchGetUserInfo(
    openids: string[],
  ): Promise<Array<{ openid: string; follows: boolean; unionid?: string; subscribedAt?: Date }>> {
    const res = await this.withToken('oa', 'user.info.batchget', '/cgi-bin/user/info/batchget', {
      user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })),
    });
    const b = await this.json('user.info.batchget', res);
    const list = (b.user_info_list ?? []) as Array<{
      openid: string;
      subscribe: number;
      unionid?: string;
      subscribe_time?: number;
    }>;
    return list.map((u) => ({
      openid: u.openid,
      follows: u.subscribe === 1,
      unionid: u.unionid || undefined,
      subscribedAt: u.subscribe_time ? new Date(u.subscribe_time * 1000) : undefined,
    }));
  }

  /** The getPhoneNumber button's code (single use, 5 minutes) → the number the resident consented to share. */
  async getPhoneNumber(code: string): Promise<{ phone: string; countryCode: string }> {
    const res = await this.withToken('mp', 'phonenumber', '/wxa/business/getuserphonenumber', { code });
    const b = await this.json('phonenumber', res);
    const info = (b.phone_info ?? {}) as { purePhoneNumber?: string; countryCode?: string };
    if (!info.purePhoneNumber) throw new WechatApiError(-1, 'no phone_info returned', 'phonenumber');
    return { phone: info.purePhoneNumber, countryCode: info.countryCode ?? '86' };
  }
}

const wrapData = (data: MessageData) =>
  Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }]));

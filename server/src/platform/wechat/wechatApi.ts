/**
 * The portal's client for api.weixin.qq.com: login (code2session, H5 OAuth), access tokens cached
 * per appid and shared through the database, subscribe and template messages, wxacode. Only the base
 * URL and credentials decide whether it talks to WeChat or to the sandbox.
 */
import type { Clock } from '../../deps';
import { TOKEN_ERRCODES, WechatApiError } from './errors';
import { WechatTokenModel } from './accessToken.model';

export type WechatApp = { appid: string; secret: string };
export type WechatApiOptions = { baseUrl: string; mp?: WechatApp; oa?: WechatApp; clock: Clock; timeoutMs?: number };
export type MessageData = Record<string, string>;

type WxReply = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/** Refresh a token this long before WeChat says it expires. */
const EARLY_REFRESH_MS = 5 * 60_000;

export class WechatApi {
  private memo = new Map<string, { token: string; expiresAt: number }>();
  constructor(private opts: WechatApiOptions) {}

  private app(which: 'mp' | 'oa'): WechatApp {
    const app = this.opts[which];
    if (!app) throw new WechatApiError(-1, `WECHAT_${which.toUpperCase()}_APPID/SECRET not configured`, 'config');
    return app;
  }

  private async call(api: string, path: string, init: { query?: Record<string, string>; body?: unknown } = {}): Promise<Response> {
    const url = new URL(path, this.opts.baseUrl);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    try {
      return await fetch(url, {
        method: init.body === undefined ? 'GET' : 'POST',
        headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new WechatApiError(-1, (e as Error).message, api);
    }
  }

  private async json(api: string, res: Response): Promise<WxReply> {
    if (!res.ok) throw new WechatApiError(-1, `HTTP ${res.status}`, api);
    const body = (await res.json().catch(() => ({ errcode: -1, errmsg: 'not JSON' }))) as WxReply;
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
    return { openid: String(b.openid), unionid: b.unionid as string | undefined, sessionKey: String(b.session_key) };
  }

  /** Official-account H5 OAuth (snsapi_base) code → openid (+ unionid). */
  async oauthOpenid(code: string): Promise<{ openid: string; unionid?: string }> {
    const app = this.app('oa');
    const res = await this.call('oauth2', '/sns/oauth2/access_token', {
      query: { appid: app.appid, secret: app.secret, code, grant_type: 'authorization_code' },
    });
    const b = await this.json('oauth2', res);
    return { openid: String(b.openid), unionid: b.unionid as string | undefined };
  }

  /** The app's access token: memory, then the shared copy in the database, then stable_token. */
  async accessToken(which: 'mp' | 'oa', opts: { rejected?: string } = {}): Promise<string> {
    const app = this.app(which);
    const now = this.opts.clock.now().getTime();
    const fresh = (t?: { token: string; expiresAt: number } | null) =>
      t && t.expiresAt - EARLY_REFRESH_MS > now && t.token !== opts.rejected ? t.token : undefined;
    const mem = this.memo.get(app.appid);
    if (fresh(mem)) return mem!.token;
    const shared = await WechatTokenModel.findOne({ appid: app.appid }).lean();
    const sharedToken = shared && { token: shared.token, expiresAt: shared.expiresAt.getTime() };
    if (sharedToken && fresh(sharedToken)) {
      this.memo.set(app.appid, sharedToken);
      return sharedToken.token;
    }
    const res = await this.call('stable_token', '/cgi-bin/stable_token', {
      body: { grant_type: 'client_credential', appid: app.appid, secret: app.secret, force_refresh: false },
    });
    const b = await this.json('stable_token', res);
    const entry = { token: String(b.access_token), expiresAt: now + Number(b.expires_in) * 1000 };
    this.memo.set(app.appid, entry);
    await WechatTokenModel.updateOne(
      { appid: app.appid },
      { $set: { token: entry.token, expiresAt: new Date(entry.expiresAt) } },
      { upsert: true },
    );
    return entry.token;
  }

  /** Calls an access_token API; on 40001/42001 fetches a new token once and retries. */
  private async withToken(which: 'mp' | 'oa', api: string, path: string, body: unknown): Promise<Response> {
    let token = await this.accessToken(which);
    for (let attempt = 0; ; attempt++) {
      const res = await this.call(api, path, { query: { access_token: token }, body });
      if (attempt > 0 || !(res.headers.get('content-type') ?? '').includes('json')) return res;
      const peek = (await res.clone().json().catch(() => ({}))) as WxReply;
      if (!peek.errcode || !TOKEN_ERRCODES.has(peek.errcode)) return res;
      this.memo.delete(this.app(which).appid);
      token = await this.accessToken(which, { rejected: token });
    }
  }

  /** Mini-program subscribe message: one accepted grant = one send. */
  async sendSubscribeMessage(m: {
    touser: string;
    templateId: string;
    data: MessageData;
    page?: string;
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
    miniprogram?: { appid: string; pagepath: string };
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

  /** 一户一码: a permanent mini-program code for `page` carrying `scene` (≤ 32 chars). PNG bytes. */
  async getUnlimitedWxaCode(o: { scene: string; page?: string; checkPath?: boolean; envVersion?: 'release' | 'trial' | 'develop'; width?: number }): Promise<Buffer> {
    const res = await this.withToken('mp', 'wxacode', '/wxa/getwxacodeunlimit', {
      scene: o.scene,
      page: o.page,
      check_path: o.checkPath ?? true,
      env_version: o.envVersion ?? 'release',
      width: o.width ?? 430,
    });
    if ((res.headers.get('content-type') ?? '').startsWith('image/')) return Buffer.from(await res.arrayBuffer());
    await this.json('wxacode', res);
    throw new WechatApiError(-1, 'no image returned', 'wxacode');
  }
}

const wrapData = (data: MessageData) => Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }]));

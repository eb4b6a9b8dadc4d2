/**
 * Mini-program and official-account APIs (api.weixin.qq.com): code2session, OAuth, access tokens,
 * subscribe / template messages, wxacode. Errors are WeChat's: HTTP 200 with an errcode.
 */
import { createHash } from 'node:crypto';
import type Router from '@koa/router';
import { renderQrPng } from '../src/platform/qrPng';
import { dayOf } from '@portal/types/src/time';
import sharp from 'sharp';
import { checkFields } from './fields';
import { randomId, withFaults, wxError, type SandboxCtx } from './http';
import { keywordKey, OFFICIAL_LIBRARY, SUBSCRIBE_LIBRARY, templateContent } from './library';
import { pageExists } from './pages';
import type { AccessToken, SandboxState, Template } from './state';

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
/** stable_token hands out a new token once the current one has this little left (both work meanwhile). */
const STABLE_RENEW_MS = 5 * 60_000;

/** The text a sandbox wxacode's QR encodes; `decodeWxaCode` in the client reads it back. */
export const wxaCodeContent = (appid: string, page: string, scene: string, envVersion: string) =>
  `https://sandbox.weixin.qq.com/wxacode?appid=${appid}&page=${encodeURIComponent(page)}&scene=${encodeURIComponent(scene)}&env_version=${envVersion}`;

function appSecret(state: SandboxState, appid: string): string | undefined {
  const k = state.options.keys;
  if (appid === k.appid) return k.appSecret;
  if (appid === k.oaAppid) return k.oaAppSecret;
  return undefined;
}

/** unionid per openid: stable, shared by the mini-program and the official account of one person. */
export function unionidFor(state: SandboxState, openid: string, given?: string): string {
  const existing = state.unionids.get(openid);
  if (existing) return existing;
  const unionid = given ?? `o${createHash('sha256').update(openid).digest('base64url').slice(0, 27)}`;
  state.unionids.set(openid, unionid);
  return unionid;
}

/**
 * A utility picking a library template into one of its accounts: the mini-program by tid and keyword
 * ids (kidList, 2–5 of them, in display order), the official account by template_id_short and keyword
 * names. Returns the private template, or WeChat's errcode.
 */
export function pickTemplate(
  state: SandboxState,
  o: { app: 'mp' | 'oa'; tid: string; kidList?: number[]; keywordNames?: string[]; templateId?: string },
): Template | { errcode: number; errmsg: string } {
  const library = o.app === 'mp' ? SUBSCRIBE_LIBRARY : OFFICIAL_LIBRARY;
  const source = library.find((t) => t.tid === o.tid);
  if (!source) return { errcode: o.app === 'mp' ? 200014 : 40037, errmsg: 'template tid not exist' };
  const picked = o.kidList
    ? o.kidList.map((kid) => source.keywords.find((k) => k.kid === kid))
    : o.keywordNames
      ? o.keywordNames.map((name) => source.keywords.find((k) => k.name === name))
      : source.keywords;
  const count = picked.length;
  if (
    picked.some((k) => !k) ||
    new Set(picked).size !== count ||
    count < 1 ||
    (o.app === 'mp' && (count < 2 || count > 5))
  ) {
    return { errcode: o.app === 'mp' ? 200020 : 40246, errmsg: 'invalid kidList / keyword_name_list' };
  }
  const appid = o.app === 'mp' ? state.options.keys.appid : state.options.keys.oaAppid;
  const templateId = o.templateId ?? randomId(43);
  const template: Template = {
    appid,
    templateId,
    title: source.title,
    tid: source.tid,
    keywords: picked.map((k) => ({ key: keywordKey(k!), name: k!.name, rule: k!.rule, example: k!.example })),
  };
  state.templates.set(templateId, template);
  return template;
}

/**
 * A msgid no other send has had: 17 digits (the time in ms, then a 4-digit sequence), strictly increasing.
 * (Random digits after the time repeated within a burst of sends in one millisecond.)
 */
let lastMsgid = 0n;
export const sentMsgid = (): string => {
  const fromClock = BigInt(Date.now()) * 10_000n;
  lastMsgid = fromClock > lastMsgid ? fromClock : lastMsgid + 1n;
  return String(lastMsgid);
};
/** WeChat's answer to a send: msgid as a JSON number with every digit (wider than a double, as WeChat's are). */
const sentBody = (ctx: SandboxCtx, msgid: string) => {
  ctx.type = 'application/json';
  ctx.body = `{"errcode":0,"errmsg":"ok","msgid":${msgid}}`;
};

function issueToken(state: SandboxState, appid: string): { access_token: string; expires_in: number } {
  const ttl = state.options.tokenTtlSeconds;
  const token = `sbx_${randomId(24)}_${randomId(24)}`;
  state.tokens.set(token, {
    appid,
    token,
    expiresAt: state.options.now().getTime() + ttl * 1000,
    revoked: false,
  });
  return { access_token: token, expires_in: ttl };
}

/** The appid behind a valid access_token query parameter, or an errcode already written. */
function authorize(state: SandboxState, ctx: SandboxCtx): string | undefined {
  const token = String(ctx.query.access_token ?? '');
  if (!token) return void wxError(ctx, 41001, 'access_token missing');
  const t = state.tokens.get(token);
  if (!t || t.revoked)
    return void wxError(ctx, 40001, 'invalid credential, access_token is invalid or not latest');
  if (t.expiresAt <= state.options.now().getTime()) return void wxError(ctx, 42001, 'access_token expired');
  return t.appid;
}

/** Like `authorize`, and the token must be the given app's (a mini-program API refuses an OA token). */
function authorizeApp(state: SandboxState, ctx: SandboxCtx, app: 'mp' | 'oa'): string | undefined {
  const appid = authorize(state, ctx);
  if (!appid) return undefined;
  if (appid !== (app === 'mp' ? state.options.keys.appid : state.options.keys.oaAppid))
    return void wxError(ctx, 48001, 'api unauthorized');
  return appid;
}

export function mpRoutes(router: Router, state: SandboxState): void {
  const now = () => state.options.now();

  const login = (expectedAppid: 'mp' | 'oa') => (ctx: SandboxCtx) => {
    const q = ctx.query as Record<string, string | undefined>;
    const appid = q.appid ?? '';
    const secret = appSecret(state, appid);
    const wanted = expectedAppid === 'mp' ? state.options.keys.appid : state.options.keys.oaAppid;
    if (!secret || appid !== wanted) return wxError(ctx, 40013, 'invalid appid');
    if (q.secret !== secret) return wxError(ctx, 40125, 'invalid appsecret');
    const code = q[expectedAppid === 'mp' ? 'js_code' : 'code'] ?? '';
    const entry = state.codes.get(code);
    if (!entry || entry.appid !== appid || entry.expiresAt <= now().getTime())
      return wxError(ctx, 40029, 'invalid code');
    if (entry.used) return wxError(ctx, 40163, 'code been used');
    entry.used = true;
    const unionid = unionidFor(state, entry.openid, entry.unionid);
    // The official account's unionid comes only with snsapi_userinfo (the consent page); snsapi_base is openid alone.
    const scope = entry.scope ?? 'snsapi_base';
    ctx.body =
      expectedAppid === 'mp'
        ? { openid: entry.openid, session_key: Buffer.from(randomId(16)).toString('base64'), unionid }
        : {
            ...issueToken(state, appid),
            refresh_token: randomId(32),
            openid: entry.openid,
            scope,
            ...(scope === 'snsapi_userinfo' ? { unionid } : {}),
          };
  };
  router.get('/sns/jscode2session', withFaults(state, 'jscode2session', 'wx', login('mp')));
  router.get('/sns/oauth2/access_token', withFaults(state, 'oauth2', 'wx', login('oa')));

  router.get(
    '/cgi-bin/token',
    withFaults(state, 'token', 'wx', (ctx) => {
      const { appid = '', secret } = ctx.query as Record<string, string>;
      if (ctx.query.grant_type !== 'client_credential') return wxError(ctx, 40002, 'invalid grant_type');
      if (!appSecret(state, appid)) return wxError(ctx, 40013, 'invalid appid');
      if (secret !== appSecret(state, appid)) return wxError(ctx, 40125, 'invalid appsecret');
      ctx.body = issueToken(state, appid);
    }),
  );

  /**
   * Normal mode: the current token while more than 5 minutes are left, then a new one, the old staying
   * valid until it runs out (the 5-minute overlap). force_refresh: the previous token stops working at
   * once; at most 20 a day, and one within 30 s of the last returns the current token unchanged.
   */
  router.post(
    '/cgi-bin/stable_token',
    withFaults(state, 'stable_token', 'wx', (ctx) => {
      const b = (ctx.state.json ?? {}) as {
        grant_type?: string;
        appid?: string;
        secret?: string;
        force_refresh?: boolean;
      };
      if (b.grant_type !== 'client_credential') return wxError(ctx, 40002, 'invalid grant_type');
      const appid = b.appid ?? '';
      if (!appSecret(state, appid)) return wxError(ctx, 40013, 'invalid appid');
      if (b.secret !== appSecret(state, appid)) return wxError(ctx, 40125, 'invalid appsecret');
      const t = now().getTime();
      const current = state.tokens.get(state.stable.get(appid) ?? '');
      const left = current && !current.revoked ? current.expiresAt - t : 0;
      const reply = (token: AccessToken) =>
        void (ctx.body = { access_token: token.token, expires_in: Math.floor((token.expiresAt - t) / 1000) });
      if (b.force_refresh) {
        const log = state.forcedRefresh.get(appid);
        const day = dayOf(new Date(t)); // China time, as the quota counts
        if (current && log && left > 0 && t - log.lastAt < 30_000) return reply(current);
        const count = log?.day === day ? log.count : 0;
        if (count >= 20) return wxError(ctx, 45009, 'reach max api daily quota limit');
        state.forcedRefresh.set(appid, { day, count: count + 1, lastAt: t });
        if (current) current.revoked = true;
      } else if (current && left > STABLE_RENEW_MS) {
        return reply(current);
      }
      const issued = issueToken(state, appid);
      state.stable.set(appid, issued.access_token);
      reply(state.tokens.get(issued.access_token)!);
    }),
  );

  router.post(
    '/cgi-bin/message/subscribe/send',
    withFaults(state, 'subscribe.send', 'wx', (ctx) => {
      const appid = authorize(state, ctx);
      if (!appid) return;
      const b = (ctx.state.json ?? {}) as {
        touser?: string;
        template_id?: string;
        page?: string;
        data?: unknown;
      };
      if (!b.touser || !state.users.has(`${appid}|${b.touser}`)) return wxError(ctx, 40003, 'invalid openid');
      const tpl = state.templates.get(b.template_id ?? '');
      if (!tpl || tpl.appid !== appid) return wxError(ctx, 40037, 'invalid template_id');
      if (b.page !== undefined && !pageExists(state.options.pages, String(b.page)))
        return wxError(ctx, 41030, 'invalid page');
      const grantKey = `${appid}|${b.touser}|${tpl.templateId}`;
      const left = state.grants.get(grantKey) ?? 0;
      if (left <= 0) return wxError(ctx, 43101, 'user refuse to accept the msg');
      const problem = checkFields(
        tpl.keywords.map((k) => k.key),
        b.data,
      );
      if (problem)
        return wxError(ctx, 47003, `argument invalid! data.${problem.key}.value ${problem.problem}`);
      state.grants.set(grantKey, left - 1);
      const msgid = sentMsgid();
      state.messages.push({
        msgid,
        kind: 'subscribe',
        appid,
        touser: b.touser,
        templateId: tpl.templateId,
        page: b.page,
        data: b.data as Record<string, { value: string }>,
        sentAt: now().toISOString(),
      });
      sentBody(ctx, msgid);
    }),
  );

  router.post(
    '/cgi-bin/message/template/send',
    withFaults(state, 'template.send', 'wx', (ctx) => {
      const appid = authorize(state, ctx);
      if (!appid) return;
      const b = (ctx.state.json ?? {}) as {
        touser?: string;
        template_id?: string;
        url?: string;
        miniprogram?: { appid?: string; pagepath?: string };
        data?: unknown;
      };
      if (!b.touser || !state.users.has(`${appid}|${b.touser}`)) return wxError(ctx, 40003, 'invalid openid');
      const tpl = state.templates.get(b.template_id ?? '');
      if (!tpl || tpl.appid !== appid) return wxError(ctx, 40037, 'invalid template_id');
      if (!state.followers.has(`${appid}|${b.touser}`)) return wxError(ctx, 43004, 'require subscribe');
      const pagepath = b.miniprogram?.pagepath;
      if (pagepath !== undefined && !pageExists(state.options.pages, String(pagepath)))
        return wxError(ctx, 41030, 'invalid page');
      const problem = checkFields(
        tpl.keywords.map((k) => k.key),
        b.data,
      );
      if (problem)
        return wxError(ctx, 47003, `argument invalid! data.${problem.key}.value ${problem.problem}`);
      // The daily quota is the account's, shared by all its templates; it resets at midnight China time.
      const day = dayOf(now());
      const quota = state.templateQuota.get(appid);
      const used = quota?.day === day ? quota.count : 0;
      if (used >= state.options.templateDailyQuota)
        return wxError(ctx, 45009, 'reach max api daily quota limit');
      state.templateQuota.set(appid, { day, count: used + 1 });
      const msgid = sentMsgid();
      state.messages.push({
        msgid,
        kind: 'template',
        appid,
        touser: b.touser,
        templateId: tpl.templateId,
        url: b.url,
        page: b.miniprogram?.pagepath,
        data: b.data as Record<string, { value: string }>,
        sentAt: now().toISOString(),
      });
      sentBody(ctx, msgid);
    }),
  );

  // The utility's own templates: picked from the library, listed with their keywords.
  router.post(
    '/wxaapi/newtmpl/addtemplate',
    withFaults(state, 'templates', 'wx', (ctx) => {
      if (!authorizeApp(state, ctx, 'mp')) return;
      const b = (ctx.state.json ?? {}) as { tid?: unknown; kidList?: unknown };
      if (!Array.isArray(b.kidList) || !b.kidList.every((k) => Number.isInteger(k)))
        return wxError(ctx, 200020, 'invalid kidList');
      const picked = pickTemplate(state, {
        app: 'mp',
        tid: String(b.tid ?? ''),
        kidList: b.kidList as number[],
      });
      if ('errcode' in picked) return wxError(ctx, picked.errcode, picked.errmsg);
      ctx.body = { errcode: 0, errmsg: 'ok', priTmplId: picked.templateId };
    }),
  );
  router.get(
    '/wxaapi/newtmpl/gettemplate',
    withFaults(state, 'templates', 'wx', (ctx) => {
      const appid = authorizeApp(state, ctx, 'mp');
      if (!appid) return;
      const mine = [...state.templates.values()].filter((t) => t.appid === appid);
      ctx.body = {
        errcode: 0,
        errmsg: 'ok',
        data: mine.map((t) => ({
          priTmplId: t.templateId,
          title: t.title,
          content: templateContent(t.keywords),
          example: t.keywords.map((k) => `${k.name}:${k.example}`).join('\n'),
          type: 2,
        })),
      };
    }),
  );
  router.post(
    '/cgi-bin/template/api_add_template',
    withFaults(state, 'templates', 'wx', (ctx) => {
      if (!authorizeApp(state, ctx, 'oa')) return;
      const b = (ctx.state.json ?? {}) as { template_id_short?: unknown; keyword_name_list?: unknown };
      if (!Array.isArray(b.keyword_name_list) || !b.keyword_name_list.every((k) => typeof k === 'string'))
        return wxError(ctx, 40246, 'invalid keyword_name_list');
      const picked = pickTemplate(state, {
        app: 'oa',
        tid: String(b.template_id_short ?? ''),
        keywordNames: b.keyword_name_list as string[],
      });
      if ('errcode' in picked) return wxError(ctx, picked.errcode, picked.errmsg);
      ctx.body = { errcode: 0, errmsg: 'ok', template_id: picked.templateId };
    }),
  );
  router.get(
    '/cgi-bin/template/get_all_private_template',
    withFaults(state, 'templates', 'wx', (ctx) => {
      const appid = authorizeApp(state, ctx, 'oa');
      if (!appid) return;
      const mine = [...state.templates.values()].filter((t) => t.appid === appid);
      ctx.body = {
        template_list: mine.map((t) => ({
          template_id: t.templateId,
          title: t.title,
          primary_industry: '生活服务',
          deputy_industry: '水电煤缴费',
          content: templateContent(t.keywords),
          example: t.keywords.map((k) => `${k.name}:${k.example}`).join('\n'),
        })),
      };
    }),
  );

  router.post(
    '/wxa/getwxacodeunlimit',
    withFaults(state, 'wxacode', 'wx', async (ctx) => {
      const appid = authorize(state, ctx);
      if (!appid) return;
      const b = (ctx.state.json ?? {}) as {
        scene?: unknown;
        page?: unknown;
        check_path?: unknown;
        env_version?: unknown;
        width?: unknown;
      };
      // Wrong JSON types (check_path "false", width "430") are refused as WeChat refuses them.
      const typed = (v: unknown, type: string) => v === undefined || typeof v === type;
      if (
        !typed(b.page, 'string') ||
        !typed(b.check_path, 'boolean') ||
        !typed(b.env_version, 'string') ||
        !typed(b.width, 'number')
      ) {
        return wxError(ctx, 47001, 'data format error');
      }
      if (typeof b.scene !== 'string' || b.scene.length === 0 || b.scene.length > 32)
        return wxError(ctx, 40169, 'invalid length for scene, or the data is not json string');
      if (!SCENE.test(b.scene)) return wxError(ctx, 40097, 'invalid args: scene');
      const envVersion = (b.env_version as string | undefined) ?? 'release';
      if (!['release', 'trial', 'develop'].includes(envVersion))
        return wxError(ctx, 40097, 'invalid args: env_version');
      // No leading slash, no query (parameters belong in scene); with check_path (the default) the page must exist.
      const page = (b.page as string | undefined) ?? '';
      if (page.startsWith('/') || page.includes('?')) return wxError(ctx, 41030, 'invalid page');
      if (page && b.check_path !== false && !pageExists(state.options.pages, page))
        return wxError(ctx, 41030, 'invalid page');
      const width = Math.min(1280, Math.max(280, (b.width as number | undefined) ?? 430));
      // WeChat answers the image as JPEG bytes.
      const png = await renderQrPng(wxaCodeContent(appid, page, b.scene, envVersion), { width });
      ctx.type = 'image/jpeg';
      ctx.body = await sharp(png).jpeg({ quality: 90 }).toBuffer();
    }),
  );
}

/**
 * The official account's side of follower status and the mini-program's phone number, as the sandbox plays them:
 * - message push (服务器配置): saving the server URL and Token runs WeChat's GET handshake (echostr); from then on
 *   every follow and unfollow is pushed as signed XML (`signature = sha1(sort([token, timestamp, nonce]))`),
 *   retried up to 3 times like WeChat when the portal does not answer 200 in time;
 * - `GET /cgi-bin/user/get` (followers in follow order, `next_openid` paging) and `POST /cgi-bin/user/info/batchget`
 *   (≤ 100 openids: subscribe flag, subscribe_time, unionid);
 * - `POST /wxa/business/getuserphonenumber`: a code minted by the control API (what the getPhoneNumber button gives)
 *   → `phone_info`, once, within 5 minutes (40029 otherwise).
 */
import { createHash, randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import { randomId, sleep, withFaults, wxError, type SandboxCtx, type LooseBody } from './http';
import { unionidFor } from './mp';
import type { SandboxState } from './state';

export type OaPushRecord = {
  openid: string;
  event: string;
  createTime: number;
  attempts: Array<{ status?: number; error?: string }>;
};

export type OaSandboxState = {
  push?: { url: string; token: string };
  /** When each follower followed (user/get lists them in this order). */
  followedAt: Map<string, number>;
  pushes: OaPushRecord[];
  phoneCodes: Map<string, { appid: string; phone: string; expiresAt: number; used: boolean }>;
  /** openids per user/get page (WeChat: 10000); tests make it small to exercise paging. */
  followerPageSize: number;
};

export function createOaState(): OaSandboxState {
  return { followedAt: new Map(), pushes: [], phoneCodes: new Map(), followerPageSize: 10_000 };
}

export const pushSignature = (token: string, timestamp: string, nonce: string) =>
  createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');

const PUSH_TIMEOUT_MS = 5_000;

function signedUrl(url: string, token: string, extra: Record<string, string> = {}): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const u = new URL(url);
  for (const [k, v] of Object.entries({
    signature: pushSignature(token, timestamp, nonce),
    timestamp,
    nonce,
    ...extra,
  }))
    u.searchParams.set(k, v);
  return u.toString();
}

/** The OA console's "提交" on 服务器配置: WeChat calls the URL with echostr and keeps it only if echoed. */
export async function configurePush(
  state: SandboxState,
  url: string,
  token: string,
): Promise<{ ok: boolean; problem?: string }> {
  const echostr = String(randomBytes(8).readBigUInt64BE());
  try {
    const res = await fetch(signedUrl(url, token, { echostr }), {
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    const body = (await res.text()).trim();
    if (res.status !== 200 || body !== echostr)
      return { ok: false, problem: `token verification failed (HTTP ${res.status})` };
  } catch (e) {
    return { ok: false, problem: `URL unreachable: ${(e as Error).message}` };
  }
  state.oa.push = { url, token };
  return { ok: true };
}

const xmlEvent = (toUser: string, openid: string, createTime: number, event: string) =>
  `<xml><ToUserName><![CDATA[${toUser}]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName>` +
  `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>` +
  (event === 'subscribe' ? '<EventKey><![CDATA[]]></EventKey>' : '') +
  `</xml>`;

/** Pushes one event to the configured server (if any): up to 3 tries, like WeChat. `copies` > 1 sends it again after success (a duplicate). */
export async function pushEvent(
  state: SandboxState,
  openid: string,
  event: 'subscribe' | 'unsubscribe',
  o: { createTime?: number; copies?: number } = {},
): Promise<OaPushRecord | undefined> {
  const push = state.oa.push;
  if (!push) return undefined;
  const createTime = o.createTime ?? Math.floor(state.options.now().getTime() / 1000);
  const record: OaPushRecord = { openid, event, createTime, attempts: [] };
  state.oa.pushes.push(record);
  const body = xmlEvent(`gh_${state.options.keys.oaAppid.slice(2, 14)}`, openid, createTime, event);
  for (let copy = 0; copy < (o.copies ?? 1); copy++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await fetch(signedUrl(push.url, push.token, { openid }), {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body,
          signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
        });
        await res.text();
        record.attempts.push({ status: res.status });
        if (res.status === 200) break;
      } catch (e) {
        record.attempts.push({ error: (e as Error).message });
      }
      await sleep(20);
    }
  }
  return record;
}

/** Follows or unfollows (the resident's tap in WeChat) and pushes the event. */
export async function setFollowing(
  state: SandboxState,
  openid: string,
  follow: boolean,
): Promise<OaPushRecord | undefined> {
  const key = `${state.options.keys.oaAppid}|${openid}`;
  if (follow) {
    state.followers.add(key);
    state.users.add(key); // a follower is a user WeChat knows (sends to others answer 40003)
    state.oa.followedAt.set(openid, state.options.now().getTime());
  } else {
    state.followers.delete(key);
    state.oa.followedAt.delete(openid);
  }
  return pushEvent(state, openid, follow ? 'subscribe' : 'unsubscribe');
}

/** The appid behind the access_token query parameter, or an errcode already written. */
function appidOf(state: SandboxState, ctx: SandboxCtx): string | undefined {
  const t = state.tokens.get(String(ctx.query.access_token ?? ''));
  if (!t || t.revoked)
    return void wxError(ctx, 40001, 'invalid credential, access_token is invalid or not latest');
  if (t.expiresAt <= state.options.now().getTime()) return void wxError(ctx, 42001, 'access_token expired');
  return t.appid;
}

export function oaRoutes(router: Router, state: SandboxState): void {
  const keys = state.options.keys;
  const followers = () =>
    [...state.followers]
      .filter((k) => k.startsWith(`${keys.oaAppid}|`))
      .map((k) => k.slice(keys.oaAppid.length + 1))
      .sort(
        (a, b) => (state.oa.followedAt.get(a) ?? 0) - (state.oa.followedAt.get(b) ?? 0) || a.localeCompare(b),
      );

  router.get(
    '/cgi-bin/user/get',
    withFaults(state, 'user.get', 'wx', (ctx) => {
      const appid = appidOf(state, ctx);
      if (!appid) return;
      if (appid !== keys.oaAppid) return wxError(ctx, 48001, 'api unauthorized');
      const all = followers();
      const after = String(ctx.query.next_openid ?? '');
      const start = after ? all.indexOf(after) + 1 : 0;
      if (after && start === 0) return wxError(ctx, 40003, 'invalid next_openid');
      const page = all.slice(start, start + state.oa.followerPageSize);
      ctx.body = {
        total: all.length,
        count: page.length,
        data: page.length ? { openid: page } : undefined,
        next_openid: page.at(-1) ?? '',
      };
    }),
  );

  router.post(
    '/cgi-bin/user/info/batchget',
    withFaults(state, 'user.info.batchget', 'wx', (ctx) => {
      const appid = appidOf(state, ctx);
      if (!appid) return;
      if (appid !== keys.oaAppid) return wxError(ctx, 48001, 'api unauthorized');
      const list = ((ctx.state.json ?? {}) as { user_list?: Array<{ openid?: string }> }).user_list;
      if (!Array.isArray(list) || list.length === 0 || list.length > 100)
        return wxError(ctx, 40032, 'invalid openid list size');
      const user_info_list = list.map(({ openid = '' }) => {
        const follows = state.followers.has(`${keys.oaAppid}|${openid}`);
        const unionid = unionidFor(state, openid);
        if (!follows) return { subscribe: 0, openid, unionid };
        return {
          subscribe: 1,
          openid,
          language: 'zh_CN',
          subscribe_time: Math.floor((state.oa.followedAt.get(openid) ?? 0) / 1000),
          unionid,
          remark: '',
          groupid: 0,
          tagid_list: [],
          subscribe_scene: 'ADD_SCENE_QR_CODE',
          qr_scene: 0,
          qr_scene_str: '',
        };
      });
      ctx.body = { user_info_list };
    }),
  );

  router.post(
    '/wxa/business/getuserphonenumber',
    withFaults(state, 'phonenumber', 'wx', (ctx) => {
      const appid = appidOf(state, ctx);
      if (!appid) return;
      const code = String(((ctx.state.json ?? {}) as { code?: unknown }).code ?? '');
      const entry = state.oa.phoneCodes.get(code);
      if (!entry || entry.appid !== appid || entry.used || entry.expiresAt < state.options.now().getTime())
        return wxError(ctx, 40029, 'invalid code');
      entry.used = true;
      ctx.body = {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: entry.phone,
          purePhoneNumber: entry.phone,
          countryCode: '86',
          watermark: { timestamp: Math.floor(state.options.now().getTime() / 1000), appid },
        },
      };
    }),
  );

  // ----- control -----
  const bad = (ctx: SandboxCtx, message: string) =>
    void ((ctx.status = 400), (ctx.body = { error: message }));
  const body = (ctx: SandboxCtx) => (ctx.state.json ?? {}) as LooseBody;

  router.post('/__sandbox/oa/server', async (ctx: SandboxCtx) => {
    const b = body(ctx);
    if (typeof b.url !== 'string' || typeof b.token !== 'string') return bad(ctx, 'url and token');
    const r = await configurePush(state, b.url, b.token);
    if (!r.ok) return bad(ctx, r.problem!);
    ctx.body = { ok: true };
  });

  router.post('/__sandbox/oa/push', async (ctx: SandboxCtx) => {
    const b = body(ctx);
    if (!state.oa.push) return bad(ctx, 'no server configured (POST /__sandbox/oa/server first)');
    if (typeof b.openid !== 'string' || !['subscribe', 'unsubscribe'].includes(b.event))
      return bad(ctx, 'openid and event: subscribe | unsubscribe');
    ctx.body = await pushEvent(state, b.openid, b.event, { createTime: b.createTime, copies: b.copies });
  });

  router.get('/__sandbox/oa/pushes', (ctx) => void (ctx.body = state.oa.pushes));

  router.post('/__sandbox/oa/follower-page-size', (ctx: SandboxCtx) => {
    const size = Number(body(ctx).size);
    if (!Number.isInteger(size) || size < 1 || size > 10_000) return bad(ctx, 'size: 1–10000');
    state.oa.followerPageSize = size;
    ctx.body = { ok: true };
  });

  router.post('/__sandbox/phone-codes', (ctx: SandboxCtx) => {
    const phone = String(body(ctx).phone ?? '');
    if (!/^1[3-9]\d{9}$/.test(phone)) return bad(ctx, 'phone: 11-digit mainland mobile number');
    const code = randomId(32);
    state.oa.phoneCodes.set(code, {
      appid: keys.appid,
      phone,
      used: false,
      expiresAt: state.options.now().getTime() + 5 * 60_000,
    });
    ctx.body = { code };
  });

  router.post('/__sandbox/sms/templates', (ctx: SandboxCtx) => {
    const b = body(ctx);
    if (typeof b.templateId !== 'string' || typeof b.text !== 'string')
      return bad(ctx, 'templateId and text');
    state.sms.templates.set(b.templateId, { templateId: b.templateId, text: b.text });
    ctx.body = { ok: true };
  });
  router.post('/__sandbox/sms/signs', (ctx: SandboxCtx) => {
    const name = body(ctx).name;
    if (typeof name !== 'string' || !name) return bad(ctx, 'name');
    state.sms.signs.add(name);
    ctx.body = { ok: true };
  });
  router.post('/__sandbox/sms/blacklist', (ctx: SandboxCtx) => {
    const phone = body(ctx).phone;
    if (typeof phone !== 'string') return bad(ctx, 'phone');
    state.sms.blacklist.add(phone);
    ctx.body = { ok: true };
  });
  router.get('/__sandbox/sms', (ctx) => {
    const phone = ctx.query.phone as string | undefined;
    ctx.body = state.sms.sent.filter((r) => !phone || r.phone === phone);
  });
}

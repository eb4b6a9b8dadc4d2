/**
 * WeCom (企业微信, qyapi.weixin.qq.com) as the sandbox plays it: one corporation with one self-built
 * application, its members (the application's visible range), and what reached their phones.
 *
 * - `GET /cgi-bin/gettoken?corpid&corpsecret`: wrong corpid 40013, wrong secret 40001; while a token is valid
 *   WeCom answers the same token again (expires_in 7200).
 * - `POST /cgi-bin/message/send?access_token`: no token 41001, unknown 40014, expired 42001; wrong agentid
 *   40056; text (content ≤ 2048 bytes) and textcard (title ≤ 128 bytes, description ≤ 512 bytes, url
 *   required) checked (44004 empty, 45002 too long, 40058 missing field, 40008 other types); recipients
 *   outside the visible range come back in `invaliduser` (all of them: 81013). With `enable_duplicate_check: 1`
 *   the same request JSON within `duplicate_check_interval` (default 1800 s, at most 4 h) reaches nobody again.
 * Control: `/__sandbox/wecom/...` (members, messages each member received, expire tokens, corp settings).
 */
import { createHash } from 'node:crypto';
import type Router from '@koa/router';
import { applyFaults, randomId, wxError, type SandboxCtx } from './http';
import type { SandboxState } from './state';

export type WecomDelivery = {
  msgid: string;
  agentid: number;
  msgtype: 'text' | 'textcard';
  /** Who it reached (members of the visible range, as WeCom lowercases them). */
  delivered: string[];
  invaliduser: string[];
  text?: { content: string };
  textcard?: { title: string; description: string; url: string; btntxt?: string };
  /** True when the duplicate check swallowed it (answered ok, reached nobody). */
  duplicate: boolean;
  at: string;
};

export type WecomSandboxState = {
  corp: { corpId: string; corpSecret: string; agentId: number };
  members: Set<string>;
  tokens: Map<string, number>;
  current?: { token: string; expiresAt: number };
  /** Every message request WeCom accepted, in order (duplicates included, marked). */
  sent: WecomDelivery[];
  /** Duplicate check: request hash → first msgid and when. */
  recent: Map<string, { msgid: string; at: number }>;
};

export function createWecomState(): WecomSandboxState {
  return {
    corp: { corpId: `ww${randomId(16)}`, corpSecret: randomId(43), agentId: 1000002 },
    members: new Set(),
    tokens: new Map(),
    sent: [],
    recent: new Map(),
  };
}

const TOKEN_TTL_S = 7200;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function wecomRoutes(router: Router, state: SandboxState): void {
  const w = state.wecom;
  const now = () => state.options.now().getTime();

  router.get('/cgi-bin/gettoken', async (ctx: SandboxCtx) => {
    if ((await applyFaults(state, 'wecom.gettoken', 'wx', ctx)).answered) return;
    if (ctx.query.corpid !== w.corp.corpId) return wxError(ctx, 40013, 'invalid corpid');
    if (ctx.query.corpsecret !== w.corp.corpSecret) return wxError(ctx, 40001, 'invalid credential');
    if (!w.current || w.current.expiresAt <= now()) {
      w.current = { token: randomId(64), expiresAt: now() + TOKEN_TTL_S * 1000 };
      w.tokens.set(w.current.token, w.current.expiresAt);
    }
    ctx.body = {
      errcode: 0,
      errmsg: 'ok',
      access_token: w.current.token,
      expires_in: Math.round((w.current.expiresAt - now()) / 1000),
    };
  });

  router.post('/cgi-bin/message/send', async (ctx: SandboxCtx) => {
    if ((await applyFaults(state, 'wecom.send', 'wx', ctx)).answered) return;
    const token = String(ctx.query.access_token ?? '');
    if (!token) return wxError(ctx, 41001, 'access_token missing');
    const expiresAt = w.tokens.get(token);
    if (expiresAt === undefined) return wxError(ctx, 40014, 'invalid access_token');
    if (expiresAt <= now()) return wxError(ctx, 42001, 'access_token expired');
    type Body = {
      agentid?: unknown;
      msgtype?: unknown;
      touser?: unknown;
      text?: { content?: unknown };
      textcard?: { title?: unknown; description?: unknown; url?: unknown; btntxt?: unknown };
      enable_duplicate_check?: unknown;
      duplicate_check_interval?: unknown;
    };
    const b = ctx.state.json as Body | undefined;
    if (!b || typeof b !== 'object') return wxError(ctx, 47001, 'data format error');
    if (Number(b.agentid) !== w.corp.agentId) return wxError(ctx, 40056, 'invalid agentid');

    const msg: Pick<WecomDelivery, 'msgtype' | 'text' | 'textcard'> | undefined = (() => {
      if (b.msgtype === 'text')
        return { msgtype: 'text' as const, text: { content: String(b.text?.content ?? '') } };
      if (b.msgtype === 'textcard') {
        const c = b.textcard ?? {};
        return {
          msgtype: 'textcard' as const,
          textcard: {
            title: String(c.title ?? ''),
            description: String(c.description ?? ''),
            url: String(c.url ?? ''),
            ...(c.btntxt ? { btntxt: String(c.btntxt) } : {}),
          },
        };
      }
      return undefined;
    })();
    if (!msg) return wxError(ctx, 40008, 'invalid message type');
    if (msg.text) {
      if (!msg.text.content) return wxError(ctx, 44004, 'empty content');
      if (bytes(msg.text.content) > 2048) return wxError(ctx, 45002, 'content size out of limit');
    }
    if (msg.textcard) {
      const c = msg.textcard;
      if (!c.title || !c.description || !c.url) return wxError(ctx, 40058, 'invalid parameter: textcard');
      if (bytes(c.title) > 128 || bytes(c.description) > 512 || (c.btntxt && bytes(c.btntxt) > 12))
        return wxError(ctx, 45002, 'content size out of limit');
    }
    const touser = String(b.touser ?? '')
      .split('|')
      .map((u) => u.trim().toLowerCase())
      .filter(Boolean);
    if (touser.length > 1000) return wxError(ctx, 40058, 'invalid parameter: touser over 1000');
    const delivered = touser.filter((u) => w.members.has(u));
    const invaliduser = touser.filter((u) => !w.members.has(u));
    if (!delivered.length) return wxError(ctx, 81013, 'user & party & tag all invalid');

    let msgid = randomId(32);
    let duplicate = false;
    if (Number(b.enable_duplicate_check) === 1) {
      const interval = Math.min(Number(b.duplicate_check_interval ?? 1800) || 1800, 4 * 3600) * 1000;
      const key = createHash('sha256').update(ctx.state.raw).digest('hex');
      const seen = w.recent.get(key);
      if (seen && now() - seen.at < interval) {
        duplicate = true;
        msgid = seen.msgid;
      } else w.recent.set(key, { msgid, at: now() });
    }
    w.sent.push({
      msgid,
      agentid: w.corp.agentId,
      ...msg,
      delivered: duplicate ? [] : delivered,
      invaliduser,
      duplicate,
      at: new Date(now()).toISOString(),
    });
    ctx.body = { errcode: 0, errmsg: 'ok', invaliduser: invaliduser.join('|'), msgid };
  });

  // ---- control ----
  router.get('/__sandbox/wecom/info', (ctx) => {
    ctx.body = { ...w.corp, members: [...w.members] };
  });
  router.post('/__sandbox/wecom/members', (ctx: SandboxCtx) => {
    const ids = ((ctx.state.json as { userids?: unknown })?.userids ?? []) as unknown[];
    for (const id of ids) w.members.add(String(id).toLowerCase());
    ctx.body = { members: [...w.members] };
  });
  router.get('/__sandbox/wecom/messages', (ctx: SandboxCtx) => {
    const user = ctx.query.userid ? String(ctx.query.userid).toLowerCase() : undefined;
    ctx.body = user ? w.sent.filter((m) => m.delivered.includes(user)) : w.sent;
  });
  router.post('/__sandbox/wecom/expire-tokens', (ctx) => {
    for (const t of w.tokens.keys()) w.tokens.set(t, 0);
    w.current = undefined;
    ctx.body = { expired: w.tokens.size };
  });
}

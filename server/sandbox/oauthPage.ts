/**
 * open.weixin.qq.com/connect/oauth2/authorize, as the sandbox plays it. WeChat's silent snsapi_base
 * authorisation becomes a small page where the demo user (or a browser test) confirms who they are;
 * snsapi_userinfo is WeChat's consent page ("获取你的昵称、头像"), the only scope whose exchange carries
 * the unionid. The identity chosen is remembered (a cookie on the sandbox, as WeChat knows who is
 * signed in), and confirming mints an official-account code and redirects back exactly like WeChat does
 * (`redirect_uri?code=…&state=…`). As in WeChat, the redirect_uri must be on the official account's
 * 网页授权域名 (`oauthDomains`), and the code works once, for 5 minutes.
 */
import type Router from '@koa/router';
import { randomId, type SandboxCtx } from './http';
import { unionidFor } from './mp';
import { CODE_TTL_MS, type OauthScope, type SandboxState } from './state';

/** The demo resident's official-account openid (seeded by the accounts demo seed, with three homes bound). */
export const DEMO_OA_OPENID = 'o_demo_resident_oa';
const IDENTITY_COOKIE = 'sbx_wx_openid';
const SCOPES: OauthScope[] = ['snsapi_base', 'snsapi_userinfo'];

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What WeChat's error page says (as text in the page; there is no JSON on this path). */
function refuse(ctx: SandboxCtx, errcode: number, text: string): void {
  ctx.status = 400;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<meta charset="utf-8"><p id="error" data-errcode="${errcode}">${escape(text)},错误码:${errcode}</p>`;
}

/**
 * Checks an authorize request as WeChat does, writing its error page when it fails: the official
 * account's appid, response_type=code, a known scope, and a redirect_uri on the 网页授权域名.
 */
function check(
  state: SandboxState,
  ctx: SandboxCtx,
  q: Record<string, string | undefined>,
): { scope: OauthScope; redirect: URL } | undefined {
  const o = state.options;
  if (q.appid !== o.keys.oaAppid) return void refuse(ctx, 10016, 'appid 参数错误');
  if (q.response_type !== 'code') return void refuse(ctx, 10004, 'response_type 参数错误,应为 code');
  const scope = q.scope as OauthScope;
  if (!SCOPES.includes(scope)) return void refuse(ctx, 10005, 'scope 参数错误或没有 scope 权限');
  let redirect: URL;
  try {
    redirect = new URL(q.redirect_uri ?? '');
  } catch {
    return void refuse(ctx, 10003, 'redirect_uri 参数错误');
  }
  if (!/^https?:$/.test(redirect.protocol) || !o.oauthDomains.includes(redirect.host)) {
    return void refuse(ctx, 10003, 'redirect_uri 域名与后台配置不一致');
  }
  return { scope, redirect };
}

export function oauthPageRoutes(router: Router, state: SandboxState): void {
  const keys = state.options.keys;

  router.get('/connect/oauth2/authorize', (ctx: SandboxCtx) => {
    const q = ctx.query as Record<string, string | undefined>;
    const checked = check(state, ctx, q);
    if (!checked) return;
    const hidden = ['appid', 'response_type', 'redirect_uri', 'state', 'scope']
      .map((k) => `<input type="hidden" name="${k}" value="${escape(q[k] ?? '')}">`)
      .join('');
    const known = ctx.cookies.get(IDENTITY_COOKIE);
    const userinfo = checked.scope === 'snsapi_userinfo';
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信授权(沙箱)</title>
<body style="font:18px/1.6 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem">
<h1 style="font-size:1.3rem">${userinfo ? '申请获取你的昵称、头像(沙箱)' : '微信授权(沙箱)'}</h1>
<p>${userinfo ? '该网页申请获取你的微信身份(snsapi_userinfo),用于与小程序账户关联。' : '真实环境中此步骤由微信静默完成。请选择以哪个微信身份进入:'}</p>
<form method="get" action="/connect/oauth2/authorize/confirm">${hidden}
<label for="openid">openid</label><br>
<input id="openid" name="openid" value="${escape(known || DEMO_OA_OPENID)}" style="font-size:1rem;width:100%;padding:.5rem;margin:.3rem 0 1rem">
<button id="confirm" type="submit" style="font-size:1.1rem;width:100%;min-height:48px;background:#07c160;color:#fff;border:0;border-radius:8px">${userinfo ? '允许' : '确认授权'}</button>
</form></body></html>`;
  });

  /** The user confirmed: the same checks again (the form can be forged), then a code and WeChat's redirect. */
  router.get('/connect/oauth2/authorize/confirm', (ctx: SandboxCtx) => {
    const q = ctx.query as Record<string, string | undefined>;
    const checked = check(state, ctx, q);
    if (!checked) return;
    const openid = (q.openid ?? '').trim() || DEMO_OA_OPENID;
    const code = randomId(32);
    state.codes.set(code, {
      appid: keys.oaAppid,
      openid,
      scope: checked.scope,
      used: false,
      expiresAt: state.options.now().getTime() + CODE_TTL_MS,
    });
    state.users.add(`${keys.oaAppid}|${openid}`);
    unionidFor(state, openid);
    ctx.cookies.set(IDENTITY_COOKIE, openid, { httpOnly: true, sameSite: 'lax' });
    const target = checked.redirect;
    target.searchParams.set('code', code);
    target.searchParams.set('state', q.state ?? '');
    ctx.redirect(target.toString());
  });
}

/**
 * open.weixin.qq.com/connect/oauth2/authorize, as the sandbox plays it: WeChat's silent snsapi_base
 * authorisation becomes a small page where the demo user (or a browser test) confirms who they are;
 * confirming mints an official-account code and redirects back exactly like WeChat does
 * (`redirect_uri?code=…&state=…`).
 */
import type Router from '@koa/router';
import { randomId, type SandboxCtx } from './http';
import { unionidFor } from './mp';
import type { SandboxState } from './state';

/** The demo resident's official-account openid (seeded by the accounts demo seed, with three homes bound). */
export const DEMO_OA_OPENID = 'o_demo_resident_oa';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function oauthPageRoutes(router: Router, state: SandboxState): void {
  const keys = state.options.keys;

  router.get('/connect/oauth2/authorize', (ctx: SandboxCtx) => {
    const q = ctx.query as Record<string, string | undefined>;
    if (q.appid !== keys.oaAppid || !q.redirect_uri || q.response_type !== 'code') {
      ctx.status = 400;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = '<meta charset="utf-8"><p>参数错误:appid、redirect_uri、response_type=code 必填</p>';
      return;
    }
    const hidden = ['redirect_uri', 'state']
      .map((k) => `<input type="hidden" name="${k}" value="${escape(q[k] ?? '')}">`)
      .join('');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信授权(沙箱)</title>
<body style="font:18px/1.6 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem">
<h1 style="font-size:1.3rem">微信授权(沙箱)</h1>
<p>真实环境中此步骤由微信静默完成。请选择以哪个微信身份进入:</p>
<form method="get" action="/connect/oauth2/authorize/confirm">${hidden}
<label for="openid">openid</label><br>
<input id="openid" name="openid" value="${DEMO_OA_OPENID}" style="font-size:1rem;width:100%;padding:.5rem;margin:.3rem 0 1rem">
<button id="confirm" type="submit" style="font-size:1.1rem;width:100%;min-height:48px;background:#07c160;color:#fff;border:0;border-radius:8px">确认授权</button>
</form></body></html>`;
  });

  router.get('/connect/oauth2/authorize/confirm', (ctx: SandboxCtx) => {
    const q = ctx.query as Record<string, string | undefined>;
    const openid = (q.openid ?? '').trim() || DEMO_OA_OPENID;
    const code = randomId(32);
    state.codes.set(code, { appid: keys.oaAppid, openid, used: false, expiresAt: state.options.now().getTime() + 5 * 60_000 });
    state.users.add(`${keys.oaAppid}|${openid}`);
    unionidFor(state, openid);
    const target = new URL(q.redirect_uri ?? '/');
    target.searchParams.set('code', code);
    target.searchParams.set('state', q.state ?? '');
    ctx.redirect(target.toString());
  });
}

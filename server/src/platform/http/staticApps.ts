/**
 * Serves the built front ends on the API's port: the resident H5 at /h5/ and the staff console at
 * /console/ (single-page apps: unknown paths under the prefix get index.html). Hashed assets are cached
 * for a year; index.html never, so a deploy takes effect at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';
import { send } from '@koa/send';
import type { Config } from '@portal/config';
import { H5_BASE_PATH } from '@portal/types';
import { REPO_ROOT } from '../db/embeddedMongo';
import { allowInlineScripts, inlineScriptsOf } from './securityHeaders';

export type StaticApp = { prefix: string; dir: string; name: string; runtimeConfig?: (c: Config) => object };

const OFFICIAL_OAUTH_AUTHORIZE = 'https://open.weixin.qq.com/connect/oauth2/authorize';

/** What the resident H5 needs at run time (read as window.__PORTAL_CONFIG__). */
export const h5RuntimeConfig = (c: Config) => ({
  oaAppId: c.WECHAT_OA_APPID ?? '',
  oauthAuthorizeUrl: c.sandbox
    ? `${c.WECHAT_API_BASE.replace(/\/$/, '')}/connect/oauth2/authorize`
    : OFFICIAL_OAUTH_AUTHORIZE,
  sandbox: c.sandbox,
});

export const STATIC_APPS: StaticApp[] = [
  {
    prefix: H5_BASE_PATH,
    dir: path.join(REPO_ROOT, 'miniprogram', 'dist', 'h5'),
    name: '居民端 H5',
    runtimeConfig: h5RuntimeConfig,
  },
  { prefix: '/console', dir: path.join(REPO_ROOT, 'console', 'dist'), name: '员工控制台' },
];

export function serveStaticApps(config: Config, apps: StaticApp[] = STATIC_APPS): Koa.Middleware {
  const indexCache = new Map<string, { mtimeMs: number; html: string; scripts: string[] }>();
  /** The page with its run-time settings, and its inline scripts (the Content-Security-Policy allows those). */
  const indexPage = (app: StaticApp): { html: string; scripts: string[] } => {
    const file = path.join(app.dir, 'index.html');
    const { mtimeMs } = fs.statSync(file);
    const cached = indexCache.get(app.prefix);
    if (cached?.mtimeMs === mtimeMs) return cached;
    let html = fs.readFileSync(file, 'utf8');
    if (app.runtimeConfig) {
      const json = JSON.stringify(app.runtimeConfig(config)).replace(/</g, '\\u003c');
      html = html.replace('<head>', `<head><script>window.__PORTAL_CONFIG__=${json}</script>`);
    }
    const page = { mtimeMs, html, scripts: inlineScriptsOf(html) };
    indexCache.set(app.prefix, page);
    return page;
  };
  return async (ctx, next) => {
    const app = apps.find((a) => ctx.path === a.prefix || ctx.path.startsWith(`${a.prefix}/`));
    if (!app || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (ctx.path === app.prefix) return ctx.redirect(`${app.prefix}/`);
    if (!fs.existsSync(path.join(app.dir, 'index.html'))) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = `<meta charset="utf-8"><p>${app.name}尚未构建。Run <code>npm run build:${app.prefix === H5_BASE_PATH ? 'h5' : 'console'}</code>.</p>`;
      return;
    }
    const rel = ctx.path.slice(app.prefix.length + 1);
    const isAsset = rel !== '' && path.extname(rel) !== '' && rel !== 'index.html';
    if (isAsset) {
      try {
        await send(ctx, rel, { root: app.dir, maxage: 365 * 24 * 3600 * 1000, immutable: true });
        return;
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw e;
        return next();
      }
    }
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    const page = indexPage(app);
    allowInlineScripts(ctx, page.scripts);
    ctx.body = page.html;
  };
}

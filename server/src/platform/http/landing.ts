/**
 * Where a newcomer lands: `/` is a small page linking the resident H5, the staff console and the API
 * reference; `/docs` is the API reference (Swagger UI, from the swagger-ui-dist package, served from
 * this process: no CDN) drawn from `/openapi.json`.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type Koa from 'koa';
import { send } from '@koa/send';
import type { Config } from '@portal/config';
import { H5_BASE_PATH } from '@portal/types';
import { allowInlineScripts } from './securityHeaders';

export const DOCS_PATH = '/docs';
const ASSETS = `${DOCS_PATH}/assets/`;
/** Only the files the reference page loads (the package also holds source maps and other bundles). */
const ASSET_FILES = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
]);

const swaggerUiDir = () => path.dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'));

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXT = {
  title: '公用事业客户自助服务平台',
  lead: '燃气、水务、供热企业的微信小程序、公众号 H5、员工控制台与后端。',
  links: [
    { href: `${H5_BASE_PATH}/`, name: '居民端 H5', hint: '小程序的页面在浏览器中打开(公众号内的入口)' },
    { href: '/console/', name: '员工控制台', hint: '客服、派单、停气通知、驾驶舱、导入' },
    { href: DOCS_PATH, name: 'API 参考', hint: '每个接口的请求、响应与错误(OpenAPI 3)' },
    { href: '/openapi.json', name: 'openapi.json', hint: '机器可读的接口契约' },
  ],
  sandbox: '演示模式:微信登录、消息、小程序码与微信支付由本机的微信沙箱模拟。',
};

function landingHtml(config: Config): string {
  const items = TEXT.links
    .map((l) => `<li><a href="${l.href}">${escapeHtml(l.name)}</a><span>${escapeHtml(l.hint)}</span></li>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${TEXT.title}</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2329}
h1{font-size:1.5rem}ul{list-style:none;padding:0}li{margin:1rem 0}a{font-weight:600;color:#0b6bcb;margin-right:.75rem}
span{color:#646a73}.note{color:#646a73;font-size:.875rem}</style></head>
<body><h1>${TEXT.title}</h1><p>${TEXT.lead}</p><ul>${items}</ul>${config.sandbox ? `<p class="note">${TEXT.sandbox}</p>` : ''}</body></html>`;
}

/** The reference page's one inline script (allowed by its hash in the Content-Security-Policy). */
const DOCS_INIT_SCRIPT =
  "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, displayOperationId: true, validatorUrl: null });";

const docsHtml = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>API 参考 · ${TEXT.title}</title>
<link rel="stylesheet" href="${ASSETS}swagger-ui.css"><link rel="icon" href="${ASSETS}favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="${ASSETS}swagger-ui-bundle.js"></script>
<script>${DOCS_INIT_SCRIPT}</script>
</body></html>`;

export function serveLanding(config: Config): Koa.Middleware {
  const landing = landingHtml(config);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/') {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = landing;
      return;
    }
    if (ctx.path === DOCS_PATH || ctx.path === `${DOCS_PATH}/`) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-cache');
      allowInlineScripts(ctx, [DOCS_INIT_SCRIPT]);
      ctx.body = docsHtml;
      return;
    }
    if (ctx.path.startsWith(ASSETS) && ASSET_FILES.has(ctx.path.slice(ASSETS.length))) {
      await send(ctx, ctx.path.slice(ASSETS.length), { root: swaggerUiDir(), maxage: 24 * 3600 * 1000 });
      return;
    }
    return next();
  };
}

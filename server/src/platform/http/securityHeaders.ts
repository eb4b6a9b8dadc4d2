/**
 * Security headers on every response (koa-helmet): a Content-Security-Policy that lets the console, the
 * resident H5, the landing page and the API reference load from this origin only, never be framed
 * (frame-ancestors 'none', and X-Frame-Options for old browsers), nosniff, no referrer, same-origin
 * opener and resource policies. A page's own inline scripts are allowed by their hash where it is served
 * (allowInlineScripts), nothing else inline runs; inline styles are allowed (Ant Design and Taro set them at run time). HSTS only where it
 * means something: in production (public URLs are https there, config/) or on a request that arrived
 * over TLS, so a developer's plain-http localhost is never pinned to https.
 */
import { createHash } from 'node:crypto';
import type Koa from 'koa';
import helmet from 'koa-helmet';
import type { Config } from '@portal/config';

/** The CSP source that allows exactly this inline script. */
export const inlineScriptSource = (code: string): string =>
  `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;

/** The inline scripts of an HTML page (those without src). */
export function inlineScriptsOf(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

/** Lets this response's page run exactly these inline scripts (their hashes join its script-src). */
export function allowInlineScripts(ctx: Koa.Context, scripts: string[]): void {
  const csp = ctx.response.get('Content-Security-Policy');
  if (!csp || !scripts.length) return;
  const hashes = scripts.map(inlineScriptSource).join(' ');
  ctx.set('Content-Security-Policy', csp.replace(/(^|;)script-src ([^;]*)/, `$1script-src $2 ${hashes}`));
}

export function securityHeaders(config: Config): Koa.Middleware {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Photos' thumbnails and QR codes as data:/blob: URLs.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The API and the chat WebSocket are on this origin; Taro's H5 uploadFile reads the chosen photo
        // from its blob: URL before sending it.
        connectSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600, includeSubDomains: true });
  return async (ctx, next) => {
    if (config.isProduction || ctx.secure) return headers(ctx, () => hsts(ctx, next));
    return headers(ctx, next);
  };
}

/**
 * Where the API lives. Build-time: TARO_APP_API_BASE (Taro reads .env files and the shell; e.g.
 * `TARO_APP_API_BASE=https://portal.example.com npm run build:weapp`). H5 defaults to its own origin
 * (the server serves /h5/); the mini-program needs an absolute https origin in production and defaults
 * to the local demo server. H5 may also get runtime settings injected by the server as
 * `window.__PORTAL_CONFIG__` (OAuth authorize URL and official-account appid).
 */
export type RuntimeConfig = {
  apiBase?: string;
  oaAppId?: string;
  oauthAuthorizeUrl?: string;
  /** Demo only: the portal runs against the WeChat sandbox; POST /api/demo/sandbox-pay stands in for the pay sheet. */
  sandbox?: boolean;
};

declare global {
  interface Window {
    __PORTAL_CONFIG__?: RuntimeConfig;
  }
}

export function runtimeConfig(): RuntimeConfig {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') return window.__PORTAL_CONFIG__ ?? {};
  return {};
}

export function apiBaseUrl(): string {
  const configured = runtimeConfig().apiBase || process.env.TARO_APP_API_BASE;
  if (configured) return configured;
  return process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000';
}

export const OAUTH_AUTHORIZE_URL = 'https://open.weixin.qq.com/connect/oauth2/authorize';

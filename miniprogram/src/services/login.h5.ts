/**
 * Official-account H5 login: redirect to the OAuth authorize page (snsapi_base); WeChat (or, in the demo,
 * the sandbox) comes back to the same page with `code` + `state`, which we exchange at
 * POST /api/auth/h5-oauth (operationId h5OauthLogin) and then remove from the address bar.
 */
import Taro from '@tarojs/taro';
import type { ResidentSession } from '@portal/types';
import type { PlatformLogin } from './login';
import { ApiError, errorFromFailure, errorFromResponse } from './errors';
import { buildUrl } from './client';
import { apiBaseUrl, OAUTH_AUTHORIZE_URL, runtimeConfig } from './config';
import { sessionStore, toStoredSession } from './session';
import { taroTransport } from './transport';

const STATE_KEY = 'portal.oauth.state';

async function exchange(code: string) {
  const res = await taroTransport({
    url: buildUrl(apiBaseUrl(), '/api/auth/h5-oauth'),
    method: 'POST',
    data: { code },
    header: { 'Content-Type': 'application/json' },
    timeout: 15_000,
  }).catch((e: unknown) => {
    throw errorFromFailure(e);
  });
  if (res.statusCode !== 200) throw errorFromResponse(res.statusCode, res.data);
  return toStoredSession(res.data as ResidentSession);
}

/** The page URL without OAuth leftovers. */
function cleanUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  return url.toString();
}

function redirectToAuthorize(): never {
  const cfg = runtimeConfig();
  const appid = cfg.oaAppId || process.env.TARO_APP_OA_APPID;
  if (!appid) throw new ApiError('LOGIN_UNAVAILABLE', '请在微信中打开本页面', 0);
  const state = Math.random().toString(36).slice(2, 10);
  Taro.setStorageSync(STATE_KEY, state);
  const authorize = cfg.oauthAuthorizeUrl || process.env.TARO_APP_OAUTH_AUTHORIZE_URL || OAUTH_AUTHORIZE_URL;
  const query = new URLSearchParams({ appid, redirect_uri: cleanUrl(), response_type: 'code', scope: 'snsapi_base', state });
  window.location.href = `${authorize}?${query.toString()}#wechat_redirect`;
  throw new ApiError('LOGIN_REDIRECT', '正在前往微信登录…', 401);
}

let pending: Promise<void> | undefined;

export const platformLogin: PlatformLogin = {
  async login() {
    // Back from the authorize page: the code in the URL is being (or is about to be) exchanged;
    // pages that asked meanwhile wait for it instead of redirecting again.
    await platformLogin.completePendingLogin().catch(() => undefined);
    const session = sessionStore.get();
    if (session) return session;
    return redirectToAuthorize();
  },
  completePendingLogin() {
    pending ??= completeFromUrl();
    return pending;
  },
};

async function completeFromUrl(): Promise<void> {
  {
    const url = new URL(window.location.href);
    const code = url.searchParams.get('code');
    const state = url.searchParams.get('state');
    if (!code) return;
    const expected = Taro.getStorageSync(STATE_KEY) as string | '';
    Taro.removeStorageSync(STATE_KEY);
    window.history.replaceState(window.history.state, '', cleanUrl());
    if (expected && state !== expected) return; // not the redirect we started: ignore the code
    sessionStore.set(await exchange(code));
  }
}

/**
 * Official-account H5 login: ask the portal for a one-time `state` (POST /api/auth/h5-oauth/state,
 * operationId issueH5OauthState), keep it in this browser, and redirect to the OAuth authorize page
 * (snsapi_base); WeChat (or, in the demo, the sandbox) comes back to the same page with `code` + `state`.
 * Only a state this browser holds is sent on, with the code, to POST /api/auth/h5-oauth (operationId
 * h5OauthLogin), which accepts each state it issued once; a forged or replayed redirect is refused and
 * a fresh login starts instead. `code` and `state` are then removed from the address bar.
 */
import Taro from '@tarojs/taro';
import type { H5OauthState, ResidentSession } from '@portal/types';
import type { PlatformLogin } from './login';
import { ApiError, errorFromFailure, errorFromResponse } from './errors';
import { buildUrl } from './client';
import { apiBaseUrl, OAUTH_AUTHORIZE_URL, runtimeConfig } from './config';
import { sessionStore, toStoredSession } from './session';
import { taroTransport } from './transport';

const STATE_KEY = 'portal.oauth.state';

async function post<T>(path: string, data: unknown): Promise<T> {
  const res = await taroTransport({
    url: buildUrl(apiBaseUrl(), path),
    method: 'POST',
    data,
    header: { 'Content-Type': 'application/json' },
    timeout: 15_000,
  }).catch((e: unknown) => {
    throw errorFromFailure(e);
  });
  if (res.statusCode !== 200) throw errorFromResponse(res.statusCode, res.data);
  return res.data as T;
}

const exchange = async (code: string, state: string) => toStoredSession(await post<ResidentSession>('/api/auth/h5-oauth', { code, state }));

/** The page URL without OAuth leftovers. */
function cleanUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  return url.toString();
}

async function redirectToAuthorize(): Promise<never> {
  const cfg = runtimeConfig();
  const appid = cfg.oaAppId || process.env.TARO_APP_OA_APPID;
  if (!appid) throw new ApiError('LOGIN_UNAVAILABLE', '请在微信中打开本页面', 0);
  const { state } = await post<H5OauthState>('/api/auth/h5-oauth/state', {});
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
    // Not the redirect this browser started (a link someone sent, a page reloaded after use): the code
    // is never exchanged, and login() starts a fresh one.
    if (!expected || !state || state !== expected) throw new ApiError('OAUTH_STATE_INVALID', '登录请求已失效或不是从本页面发起的,请重新打开页面登录', 400);
    sessionStore.set(await exchange(code, state));
  }
}

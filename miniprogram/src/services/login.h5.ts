/**
 * Official-account H5 login: ask the portal for a one-time `state` (issueH5OauthState), keep it in this
 * browser, and redirect to the OAuth authorize page (snsapi_base); WeChat (or, in the demo, the sandbox)
 * comes back to the same page with `code` + `state`. Only a state this browser holds is sent on, with the
 * code, to h5OauthLogin, which accepts each state it issued once; a forged or replayed redirect is refused
 * and a fresh login starts instead. `code` and `state` are then removed from the address bar.
 *
 * The silent snsapi_base login gives WeChat's openid alone, not the unionid that joins this resident's H5
 * and mini-program identities. When the answer says so (`link.askUserinfo`, at most once per resident),
 * the H5 keeps the session it got and goes round once more with scope snsapi_userinfo and a fresh state:
 * WeChat shows its consent page, and that code's login joins the two. A resident who declines stays
 * logged in as they were and is not asked again.
 */
import Taro from '@tarojs/taro';
import { ApiError } from '@portal/types/src/client';
import type { ResidentApi } from './api';
import type { PlatformLogin } from './login';
import { OAUTH_AUTHORIZE_URL, runtimeConfig } from './config';
import { sessionStore } from './session';

const STATE_KEY = 'portal.oauth.state';

/** The page URL without OAuth leftovers. */
function cleanUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  return url.toString();
}

type Scope = 'snsapi_base' | 'snsapi_userinfo';

async function redirectToAuthorize(api: ResidentApi, scope: Scope = 'snsapi_base'): Promise<never> {
  const cfg = runtimeConfig();
  const appid = cfg.oaAppId || process.env.TARO_APP_OA_APPID;
  if (!appid) throw new ApiError('LOGIN_UNAVAILABLE', 0, '请在微信中打开本页面');
  const { state } = await api.call('issueH5OauthState');
  Taro.setStorageSync(STATE_KEY, state);
  const authorize = cfg.oauthAuthorizeUrl || process.env.TARO_APP_OAUTH_AUTHORIZE_URL || OAUTH_AUTHORIZE_URL;
  const query = new URLSearchParams({
    appid,
    redirect_uri: cleanUrl(),
    response_type: 'code',
    scope,
    state,
  });
  window.location.href = `${authorize}?${query.toString()}#wechat_redirect`;
  throw new ApiError('LOGIN_REDIRECT', 401, '正在前往微信登录…');
}

let pending: Promise<void> | undefined;

export const platformLogin: PlatformLogin = {
  async login(api) {
    // Back from the authorize page: the code in the URL is being (or is about to be) exchanged;
    // pages that asked meanwhile wait for it instead of redirecting again.
    await platformLogin.completePendingLogin(api).catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 'LOGIN_REDIRECT') throw e; // on the way to the consent page
    });
    const session = sessionStore.get();
    if (session) return session;
    return redirectToAuthorize(api);
  },
  completePendingLogin(api) {
    pending ??= completeFromUrl(api);
    return pending;
  },
};

async function completeFromUrl(api: ResidentApi): Promise<void> {
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
    if (!expected || !state || state !== expected) {
      throw new ApiError('OAUTH_STATE_INVALID', 400, '登录请求已失效或不是从本页面发起的,请重新打开页面登录');
    }
    const answer = await api.call('h5OauthLogin', { body: { code, state } });
    sessionStore.save(answer);
    // Not joined to the mini-program yet: once, through WeChat's consent page, for the unionid.
    if (answer.link.askUserinfo) await redirectToAuthorize(api, 'snsapi_userinfo');
  }
}

/** Resident endpoints: WeChat login, refresh, binding 户号, my accounts, my data. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import {
  bindAccount,
  getMyAccount,
  listMyAccounts,
  requestBindingCode,
  setDefaultAccount,
  unbindAccount,
} from './binding.service';
import { h5OauthLogin, issueH5OauthState, wechatLogin } from './login.service';
import { exportMyData, getMe, setElderMode } from './me.service';
import { refreshSession } from './session.service';

const tags = ['accounts'];

export const residentRoutes = (deps: AppDeps) => {
  return collectRoutes((r) => {
    r.post(
      '/api/auth/wechat-login',
      {
        operationId: 'wechatLogin',
        summary: '小程序登录(wx.login code)',
        tags,
        access: access.public,
        body: T.LoginCodeBody,
        response: T.ResidentSession,
        errors: { 429: '请求过于频繁', 502: '微信服务不可用' },
      },
      ({ body }) => wechatLogin(deps, body.code),
    );
    r.post(
      '/api/auth/h5-oauth/state',
      {
        operationId: 'issueH5OauthState',
        summary: '公众号网页授权:发起前领取 state(一次有效,10 分钟内)',
        tags,
        access: access.public,
        response: T.H5OauthState,
      },
      () => issueH5OauthState(deps),
    );
    r.post(
      '/api/auth/h5-oauth',
      {
        operationId: 'h5OauthLogin',
        summary: '公众号网页授权登录(code + 本站签发的 state)',
        tags,
        access: access.public,
        body: T.H5OauthBody,
        response: T.H5Session,
        errors: { 502: '微信服务不可用' },
      },
      ({ body }) => h5OauthLogin(deps, body),
    );
    r.post(
      '/api/auth/refresh',
      {
        operationId: 'refreshSession',
        summary: '刷新登录(居民与员工通用;每个 refreshToken 只能使用一次)',
        tags,
        access: access.public,
        body: T.RefreshBody,
        response: T.AnySession,
      },
      ({ body }) => refreshSession(deps, body.refreshToken),
    );
    r.get(
      '/api/me',
      { operationId: 'getMe', summary: '我的资料', tags, access: access.resident, response: T.Me },
      ({ auth }) => getMe(auth.userId),
    );
    r.put(
      '/api/me/elder-mode',
      {
        operationId: 'setElderMode',
        summary: '开启或关闭长辈版(大字、大按钮、简洁首页),换设备登录后保持',
        tags,
        access: access.resident,
        body: T.SetElderModeBody,
        response: T.Me,
      },
      ({ auth, body }) => setElderMode(auth.userId, body.elderMode),
    );
    r.get(
      '/api/me/export',
      {
        operationId: 'exportMyData',
        summary: '导出我的个人信息(隐私)',
        tags,
        access: access.resident,
        response: T.MyDataExport,
      },
      ({ auth }) => exportMyData(auth.userId, deps.clock.now()),
    );
    r.post(
      '/api/accounts/bind',
      {
        operationId: 'bindAccount',
        summary: '绑定户号(户主姓名,可加预留手机后4位;或短信验证码)',
        tags,
        access: access.resident,
        body: T.BindAccountBody,
        response: T.MyAccount,
        errors: { 422: '验证信息不正确 / 已销户 / 绑定数量已满', 429: '验证失败次数过多,已锁定' },
      },
      ({ body, auth, ctx }) => bindAccount({ deps, auth, requestId: ctx.state.requestId }, body),
    );
    r.post(
      '/api/accounts/bind/sms-code',
      {
        operationId: 'requestBindingCode',
        summary: '获取绑定短信验证码(发送至户号预留手机)',
        description:
          'Same answer for every accountNo; the code goes only to the phone registered on the account. 5 per resident and 3 per account an hour.',
        tags,
        access: access.resident,
        body: T.RequestBindingCodeBody,
        response: T.BindingCodeSent,
        errors: { 429: '获取过于频繁' },
      },
      ({ body, auth, ctx }) =>
        requestBindingCode({ deps, auth, requestId: ctx.state.requestId }, body.accountNo),
    );
    r.get(
      '/api/accounts',
      {
        operationId: 'listMyAccounts',
        summary: '我绑定的户号',
        tags,
        access: access.resident,
        response: T.MyAccountList,
      },
      async ({ auth }) => ({ items: await listMyAccounts(auth.userId) }),
    );
    r.get(
      '/api/accounts/:accountNo',
      {
        operationId: 'getMyAccount',
        summary: '户号详情(表具、燃气具)',
        tags,
        access: access.resident,
        params: T.AccountNoParams,
        response: T.MyAccountDetail,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params }) => getMyAccount(auth, params.accountNo),
    );
    r.put(
      '/api/accounts/:accountNo/default',
      {
        operationId: 'setDefaultAccount',
        summary: '设为默认户号',
        tags,
        access: access.resident,
        params: T.AccountNoParams,
        response: T.MyAccount,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params }) => setDefaultAccount(auth, params.accountNo),
    );
    r.delete(
      '/api/accounts/:accountNo',
      {
        operationId: 'unbindAccount',
        summary: '解绑户号',
        tags,
        access: access.resident,
        params: T.AccountNoParams,
        response: T.Ok,
        errors: { 404: '户号不存在' },
      },
      async ({ auth, params, ctx }) => {
        await unbindAccount({ auth, requestId: ctx.state.requestId }, params.accountNo);
        return { ok: true as const };
      },
    );
  });
};

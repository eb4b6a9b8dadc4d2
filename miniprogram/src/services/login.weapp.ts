/** Mini-program login: wx.login code → POST /api/auth/wechat-login (operationId wechatLogin). */
import Taro from '@tarojs/taro';
import type { ResidentSession } from '@portal/types';
import type { PlatformLogin } from './login';
import { errorFromFailure, errorFromResponse } from './errors';
import { buildUrl } from './client';
import { apiBaseUrl } from './config';
import { toStoredSession } from './session';
import { taroTransport } from './transport';

export const platformLogin: PlatformLogin = {
  async login() {
    const { code } = await Taro.login().catch((e: unknown) => {
      throw errorFromFailure(e);
    });
    const res = await taroTransport({
      url: buildUrl(apiBaseUrl(), '/api/auth/wechat-login'),
      method: 'POST',
      data: { code },
      header: { 'Content-Type': 'application/json' },
      timeout: 15_000,
    }).catch((e: unknown) => {
      throw errorFromFailure(e);
    });
    if (res.statusCode !== 200) throw errorFromResponse(res.statusCode, res.data);
    return toStoredSession(res.data as ResidentSession);
  },
  async completePendingLogin() {
    // Nothing pending on the mini-program: login is a silent call.
  },
};

/** Mini-program login: wx.login code → wechatLogin. */
import Taro from '@tarojs/taro';
import { errorFromFailure } from '@portal/types/src/client';
import type { PlatformLogin } from './login';

export const platformLogin: PlatformLogin = {
  async login(api) {
    const { code } = await Taro.login().catch((e: unknown) => {
      throw errorFromFailure(e);
    });
    return api.call('wechatLogin', { body: { code } });
  },
  async completePendingLogin() {
    // Nothing pending on the mini-program: login is a silent call.
  },
};

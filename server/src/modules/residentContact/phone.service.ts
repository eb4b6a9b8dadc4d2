/** The phone a resident shares from the mini-program: getPhoneNumber's code → WeChat → stored with the consent time. */
import type { MyPhone } from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { createWechatClients, WechatApiError, type WechatClients } from '../../platform/wechat';
import { clearResidentPhone, residentPhone, setResidentPhone } from '../accounts';

export async function capturePhone(deps: AppDeps, userId: string, code: string): Promise<MyPhone> {
  const api = ((deps as AppDeps & { wechat?: WechatClients }).wechat ?? createWechatClients(deps.config, deps.clock)).api;
  let phone: { phone: string; countryCode: string };
  try {
    phone = await api.getPhoneNumber(code);
  } catch (e) {
    if (e instanceof WechatApiError && (e.errcode === 40029 || e.errcode === 40163)) {
      throw errors.badRequest('PHONE_CODE_INVALID', '手机号授权已失效,请重新点击授权');
    }
    throw errors.unavailable('WECHAT_UNAVAILABLE', '微信暂时无法提供手机号,请稍后再试');
  }
  if (phone.countryCode !== '86' || !/^1[3-9]\d{9}$/.test(phone.phone)) {
    throw errors.rule('PHONE_NOT_MAINLAND', '暂只支持中国大陆手机号接收短信');
  }
  await setResidentPhone(userId, phone.phone, deps.clock.now());
  return residentPhone(userId);
}

export async function removePhone(userId: string): Promise<MyPhone> {
  await clearResidentPhone(userId);
  return residentPhone(userId);
}

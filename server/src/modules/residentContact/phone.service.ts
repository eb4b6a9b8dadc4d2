/** The phone a resident shares from the mini-program: getPhoneNumber's code → WeChat → stored with the consent time. */
import type { MyPhone } from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { createWechatClients, WechatApiError, type WechatClients } from '../../platform/wechat';
import { clearResidentPhone, residentPhone, setResidentPhone } from '../accounts';

export async function capturePhone(deps: AppDeps, userId: string, code: string): Promise<MyPhone> {
  const api = (
    (deps as AppDeps & { wechat?: WechatClients }).wechat ?? createWechatClients(deps.config, deps.clock)
  ).api;
  let phone: { phone: string; countryCode: string };
  try {
    phone = await api.getPhoneNumber(code);
  } catch (e) {
    if (e instanceof WechatApiError && (e.errcode === 40029 || e.errcode === 40163)) {
      throw errors.phoneCodeInvalid();
    }
    throw errors.phoneUnavailable();
  }
  if (phone.countryCode !== '86' || !/^1[3-9]\d{9}$/.test(phone.phone)) {
    throw errors.phoneNotMainland();
  }
  await setResidentPhone(userId, phone.phone, deps.clock.now());
  return residentPhone(userId);
}

export async function removePhone(userId: string): Promise<MyPhone> {
  await clearResidentPhone(userId);
  return residentPhone(userId);
}

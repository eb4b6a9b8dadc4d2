/**
 * WeChat's pay sheet: what wx.requestPayment (mini-program) or getBrandWCPayRequest (official account)
 * hand it, and what it checks before the resident may confirm. The merchant signs these parameters
 * itself, so a wrong paySign only shows when a resident tries to pay: the sandbox's pay action checks it
 * when given them (`SandboxClient.payOrder(no, { requestPayment })`).
 */
import type { LooseBody } from './http';
import { signedByMerchant } from './payCrypto';
import type { Order, SandboxState } from './state';

export type RequestPayment = {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
};

const FIELDS = ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign'] as const;

export function isRequestPayment(v: LooseBody | undefined): v is RequestPayment {
  return typeof v === 'object' && v !== null && FIELDS.every((f) => typeof v[f] === 'string');
}

/**
 * The pay sheet's checks (WeChat Pay's 小程序调起支付 / JSAPI调起支付): the appId the order was placed with
 * (WeChat compares the two), `package` naming the order's current prepay_id, signType RSA (APIv3), and
 * paySign: the merchant's SHA256-RSA signature over `appId\ntimeStamp\nnonceStr\npackage\n`, checked with
 * its API certificate. The code of the first that fails, or undefined.
 */
export function checkRequestPayment(
  state: SandboxState,
  order: Order,
  p: RequestPayment,
): string | undefined {
  if (p.appId !== order.appid) return 'APPID_MISMATCH';
  if (p.package !== `prepay_id=${order.prepayId}`) return 'PACKAGE_INVALID';
  const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
  const valid = p.signType === 'RSA' && signedByMerchant(state, message, p.paySign);
  return valid ? undefined : 'PAYSIGN_INVALID';
}

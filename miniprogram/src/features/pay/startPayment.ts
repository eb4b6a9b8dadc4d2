/**
 * Create a payment on the server (it computes the amount from its own bills) and open the pay sheet:
 * `Taro.requestPayment` on weapp; JSAPI (WeixinJSBridge) inside the WeChat browser for H5. Outside
 * WeChat (the demo, browser tests) the portal's demo endpoint (operationId sandboxConfirmPayment) stands in
 * for the pay sheet, when the server says `window.__PORTAL_CONFIG__.sandbox`. Returns the outTradeNo; the result page
 * then waits for the server's confirmation (the notification), never trusting the sheet's answer alone.
 */
import Taro from '@tarojs/taro';
import type { RequestPaymentParams } from '@portal/types';
import { api, ApiError } from '../../services/api';
import { runtimeConfig } from '../../services/config';

type Bridge = { invoke(name: string, params: unknown, cb: (res: { err_msg: string }) => void): void };

function jsapiPay(params: RequestPaymentParams): Promise<void> {
  const bridge = (globalThis as { WeixinJSBridge?: Bridge }).WeixinJSBridge;
  if (!bridge) return Promise.reject(new ApiError('NOT_IN_WECHAT', 0, '请在微信中打开本页面完成支付'));
  return new Promise((resolve, reject) =>
    bridge.invoke('getBrandWCPayRequest', params, (res) => {
      if (res.err_msg === 'get_brand_wcpay_request:ok') resolve();
      else if (/cancel/.test(res.err_msg)) reject(new ApiError('PAY_CANCELLED', 0, '已取消支付'));
      else reject(new ApiError('PAY_FAILED', 0, '支付未完成,请稍后重试'));
    }),
  );
}

export async function startPayment(body: {
  accountNo?: string;
  qrToken?: string;
  billIds: string[];
}): Promise<string> {
  const { payment, requestPayment } = await api.call('createPayment', { body });
  if (process.env.TARO_ENV === 'weapp') {
    await Taro.requestPayment({ ...requestPayment }).catch((e: { errMsg?: string }) => {
      const cancelled = /cancel/.test(e?.errMsg ?? '');
      throw new ApiError(
        cancelled ? 'PAY_CANCELLED' : 'PAY_FAILED',
        0,
        cancelled ? '已取消支付' : '支付未完成,请稍后重试',
      );
    });
  } else {
    const inWeChat = Boolean((globalThis as { WeixinJSBridge?: Bridge }).WeixinJSBridge);
    if (inWeChat || !runtimeConfig().sandbox) await jsapiPay(requestPayment);
    else
      await api.call('sandboxConfirmPayment', {
        params: { outTradeNo: payment.outTradeNo },
        body: requestPayment,
      });
  }
  return payment.outTradeNo;
}

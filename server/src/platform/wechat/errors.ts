/** WeChat failures in the portal's error vocabulary: the errcode / Pay code is kept for callers. */
import { AppError, type ErrorCode } from '../http/errors';
import { wechatErrors } from '../metrics';

/** errcodes that mean "this access token is no good": refetch once and retry. */
export const TOKEN_ERRCODES = new Set([40001, 42001, 40014]);

const WECHAT_ERRCODES: Record<number, { code: ErrorCode; status: number; message: string }> = {
  40029: { code: 'WECHAT_CODE_INVALID', status: 400, message: '微信登录凭证无效,请重新登录' },
  40163: { code: 'WECHAT_CODE_USED', status: 400, message: '微信登录凭证已使用,请重新登录' },
  40226: { code: 'WECHAT_USER_RISKY', status: 403, message: '该微信账号暂时无法登录' },
  45011: { code: 'WECHAT_RATE_LIMITED', status: 429, message: '操作过于频繁,请稍后再试' },
  45009: { code: 'WECHAT_RATE_LIMITED', status: 429, message: '微信接口调用已达上限,请稍后再试' },
  43101: { code: 'WECHAT_NOT_SUBSCRIBED', status: 422, message: '用户未订阅该消息' },
  43004: { code: 'WECHAT_NOT_FOLLOWING', status: 422, message: '用户未关注公众号' },
  47003: { code: 'WECHAT_BAD_MESSAGE_DATA', status: 422, message: '消息内容不符合微信模板规则' },
  40037: { code: 'WECHAT_BAD_TEMPLATE', status: 422, message: '消息模板不存在' },
  41030: { code: 'WECHAT_BAD_PAGE', status: 422, message: '小程序页面路径无效' },
  40169: { code: 'WECHAT_BAD_SCENE', status: 422, message: '二维码参数过长' },
  40097: { code: 'WECHAT_BAD_ARGUMENT', status: 422, message: '微信接口参数有误' },
};

/** A WeChat API (api.weixin.qq.com) answered with a non-zero errcode, or could not be reached. */
export class WechatApiError extends AppError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    const known = WECHAT_ERRCODES[errcode];
    super(
      known?.code ?? 'WECHAT_UNAVAILABLE',
      known?.status ?? 502,
      known?.message ?? '微信服务暂时不可用,请稍后再试',
      {
        retryAfterSeconds: known?.status === 429 ? 1 : undefined,
      },
    );
    this.name = 'WechatApiError';
    wechatErrors.inc({ api, errcode: String(errcode) });
  }
}

/** WeChat Pay v3 answered with an HTTP error `{code, message}`, or could not be reached. `payCode` keeps WeChat's code. */
export class WechatPayError extends AppError {
  constructor(
    readonly httpStatus: number | undefined,
    readonly payCode: string,
    readonly payMessage: string,
    readonly api: string,
  ) {
    const limited = payCode === 'FREQUENCY_LIMITED';
    const status = limited ? 429 : httpStatus && httpStatus < 500 ? 502 : 503;
    super(
      limited ? 'WECHATPAY_RATE_LIMITED' : 'WECHATPAY_UNAVAILABLE',
      status,
      '微信支付暂时不可用,请稍后再试',
    );
    this.name = 'WechatPayError';
  }
}

/** A payment notification that must not be applied: bad signature, stale, undecryptable. */
export class WechatPayNotifyError extends AppError {
  constructor(
    code: 'SIGNATURE_INVALID' | 'TIMESTAMP_OUT_OF_WINDOW' | 'UNKNOWN_SERIAL' | 'DECRYPT_FAILED' | 'MALFORMED',
    readonly detail: string,
  ) {
    super(`WECHATPAY_NOTIFY_${code}`, 401, '通知验签失败');
    this.name = 'WechatPayNotifyError';
  }
}

import { ApiError, errorFromFailure, errorFromResponse } from './apiError';

describe('errors as the apps show them', () => {
  it("carries the server's code, status and Chinese message", () => {
    const e = errorFromResponse(409, { error: { code: 'BILL_ALREADY_PAID', message: '该账单已缴清' } });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'BILL_ALREADY_PAID', status: 409, message: '该账单已缴清' });
  });

  it('keeps field errors for showing beside the inputs, and the wait a rate limit asks for', () => {
    const e = errorFromResponse(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '请求参数有误',
        fields: [{ path: 'phoneTail', message: '请输入预留手机号后4位' }, { bad: 1 }],
      },
    });
    expect(e.fieldMessages()).toEqual({ phoneTail: '请输入预留手机号后4位' });
    const form = errorFromResponse(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '请求参数有误',
        fields: [
          { path: 'body.holder.phone', message: '手机号格式不正确' },
          { path: 'body.handoverReading', message: '请填写读数' },
          { path: 'body.phone', message: '第二条' },
        ],
      },
    });
    // One message per input, the first; the input named by the path's last part, or as the form says.
    expect(form.messagesByInput()).toEqual({ phone: '手机号格式不正确', handoverReading: '请填写读数' });
    expect(form.messagesByInput((p) => (p.endsWith('Reading') ? 'reading' : p))).toMatchObject({
      reading: '请填写读数',
    });
    expect(
      errorFromResponse(429, {
        error: { code: 'RATE_LIMITED', message: '操作过于频繁', retryAfterSeconds: 30 },
      }).retryAfterSeconds,
    ).toBe(30);
  });

  it('never shows a raw body, a stack trace or HTML', () => {
    expect(errorFromResponse(500, '<html>Internal Server Error</html>').message).toBe(
      '服务暂时不可用,请稍后再试',
    );
    expect(
      errorFromResponse(500, { error: { code: 'X', message: 'TypeError: x\n    at foo (/srv/a.js:1:2)' } })
        .message,
    ).toBe('服务暂时不可用,请稍后再试');
    expect(
      errorFromResponse(404, JSON.stringify({ error: { code: 'ACCOUNT_NOT_FOUND', message: '户号不存在' } }))
        .code,
    ).toBe('ACCOUNT_NOT_FOUND');
    expect(errorFromResponse(418, undefined)).toMatchObject({
      code: 'HTTP_418',
      message: '请求失败,请稍后再试',
    });
  });

  it('words fallbacks as the app asks', () => {
    const staff = {
      byStatus: { 404: '请求的内容不存在' },
      serverError: '服务器错误',
      requestFailed: '请求失败',
      network: '无法连接服务器',
      timeout: '超时',
    };
    expect(errorFromResponse(404, undefined, staff).message).toBe('请求的内容不存在');
    expect(errorFromFailure(new TypeError('Failed to fetch'), staff).message).toBe('无法连接服务器');
  });

  it('tells network failures and timeouts apart', () => {
    expect(errorFromFailure({ errMsg: 'request:fail timeout' })).toMatchObject({
      code: 'TIMEOUT',
      status: 0,
    });
    expect(errorFromFailure(new TypeError('Failed to fetch'))).toMatchObject({
      code: 'NETWORK_ERROR',
      message: '网络连接失败,请检查网络后重试',
    });
  });
});

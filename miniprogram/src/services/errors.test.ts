import { ApiError, errorFromFailure, errorFromResponse, errorMessage } from './errors';

describe('errors shown to residents', () => {
  it("uses the server's Chinese message and code", () => {
    const e = errorFromResponse(409, { error: { code: 'BILL_ALREADY_PAID', message: '该账单已缴清' } });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'BILL_ALREADY_PAID', message: '该账单已缴清', status: 409 });
  });

  it('keeps field errors for showing beside the inputs', () => {
    const e = errorFromResponse(400, {
      error: { code: 'VALIDATION_FAILED', message: '请求参数有误', fields: [{ path: 'phoneTail', message: '请输入预留手机号后4位' }, { bad: 1 }] },
    });
    expect(e.fieldMessages()).toEqual({ phoneTail: '请输入预留手机号后4位' });
  });

  it('never shows a raw body, a stack trace or HTML', () => {
    expect(errorFromResponse(500, '<html>Internal Server Error</html>').message).toBe('服务暂时不可用,请稍后再试');
    expect(errorFromResponse(500, { error: { code: 'X', message: 'TypeError: x\n    at foo (/srv/a.js:1:2)' } }).message).toBe(
      '服务暂时不可用,请稍后再试',
    );
    expect(errorFromResponse(502, undefined).message).toBe('微信服务繁忙,请稍后再试');
    expect(errorFromResponse(404, JSON.stringify({ error: { code: 'ACCOUNT_NOT_FOUND', message: '户号不存在' } })).code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('tells network failures and timeouts apart', () => {
    expect(errorFromFailure({ errMsg: 'request:fail timeout' }).code).toBe('TIMEOUT');
    expect(errorFromFailure(new TypeError('Failed to fetch')).message).toBe('网络连接失败,请检查网络后重试');
  });

  it('turns anything thrown into one sentence', () => {
    expect(errorMessage({ errMsg: 'chooseMedia:fail cancel' })).toBe('已取消');
    expect(errorMessage(new Error('boom'))).toBe('出了点问题,请稍后重试');
    expect(errorMessage({ some: 'object' })).toBe('出了点问题,请稍后重试');
  });
});

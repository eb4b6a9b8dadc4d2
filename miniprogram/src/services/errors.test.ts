import { ApiError, errorMessage } from './errors';

describe('errors shown to residents', () => {
  it("shows the API's sentence", () => {
    expect(errorMessage(new ApiError('BILL_ALREADY_PAID', 409, '该账单已缴清'))).toBe('该账单已缴清');
  });

  it('turns anything else thrown into one sentence', () => {
    expect(errorMessage({ errMsg: 'chooseMedia:fail cancel' })).toBe('已取消');
    expect(errorMessage({ errMsg: 'requestPayment:fail' })).toBe('操作未完成,请稍后重试');
    expect(errorMessage(new Error('boom'))).toBe('出了点问题,请稍后重试');
    expect(errorMessage({ some: 'object' })).toBe('出了点问题,请稍后重试');
  });
});

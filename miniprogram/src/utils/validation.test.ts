import {
  bindBody,
  hasErrors,
  validateBindForm,
  validateMeterReading,
  validateServiceForm,
  type BindForm,
} from './validation';

const form = (patch: Partial<BindForm>): BindForm => ({
  accountNo: '3101000123',
  proof: 'holderName',
  holderName: '张三',
  phoneTail: '',
  smsCode: '',
  relation: 'self',
  ...patch,
});

describe('binding form', () => {
  it('accepts an account number with the holder name', () => {
    expect(hasErrors(validateBindForm(form({})))).toBe(false);
    expect(bindBody(form({ accountNo: ' 3101000123 ', holderName: ' 张三 ' }))).toEqual({
      accountNo: '3101000123',
      holderName: '张三',
      relation: 'self',
    });
    expect(bindBody(form({ relation: 'tenant' })).relation).toBe('tenant');
  });

  it('asks for the account number and explains its format', () => {
    expect(validateBindForm(form({ accountNo: '' })).accountNo).toBe('请输入户号');
    expect(validateBindForm(form({ accountNo: '12-34' })).accountNo).toMatch(/6-20/);
  });

  it('sends the phone tail only together with the holder name', () => {
    const f = form({ phoneTail: '8888' });
    expect(hasErrors(validateBindForm(f))).toBe(false);
    expect(bindBody(f)).toEqual({
      accountNo: '3101000123',
      holderName: '张三',
      phoneTail: '8888',
      relation: 'self',
    });
    expect(validateBindForm(form({ phoneTail: '88a' })).phoneTail).toBe('请输入预留手机号后4位');
  });

  it('sends only the SMS code when that proof is chosen', () => {
    const f = form({ proof: 'smsCode', smsCode: '123456' });
    expect(hasErrors(validateBindForm(f))).toBe(false);
    expect(bindBody(f)).toEqual({ accountNo: '3101000123', smsCode: '123456', relation: 'self' });
    expect(validateBindForm(form({ proof: 'smsCode', smsCode: '12a' })).smsCode).toBe('请输入6位短信验证码');
  });
});

describe('service request form', () => {
  const ok = { accountNo: '3101000123', description: '厨房有燃气味', contactPhone: '', photoCount: 0 };
  it('needs an account and a description', () => {
    expect(hasErrors(validateServiceForm(ok))).toBe(false);
    expect(validateServiceForm({ ...ok, accountNo: '' }).accountNo).toBeDefined();
    expect(validateServiceForm({ ...ok, description: '   ' }).description).toBe('请描述遇到的问题');
  });
  it('checks the optional phone and the photo limit', () => {
    expect(validateServiceForm({ ...ok, contactPhone: '12345' }).contactPhone).toBeDefined();
    expect(validateServiceForm({ ...ok, contactPhone: '13800138000' }).contactPhone).toBeUndefined();
    expect(validateServiceForm({ ...ok, photoCount: 10 }).photos).toBeDefined();
  });
});

describe('meter reading', () => {
  it('takes numbers with up to 3 decimals not below the last reading', () => {
    expect(validateMeterReading('1234.567')).toBeUndefined();
    expect(validateMeterReading('')).toBe('请输入表上的读数');
    expect(validateMeterReading('12.3456')).toMatch(/3 位小数/);
    expect(validateMeterReading('100', 120)).toMatch(/不能小于/);
  });
});

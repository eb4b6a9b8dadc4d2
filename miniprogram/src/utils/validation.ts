/**
 * Form checks that mirror the server's schemas (types/src), so residents see the problem before they
 * submit. The server stays the authority: its field errors are shown the same way (see services/errors).
 */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

export const ACCOUNT_NO = /^[0-9A-Za-z]{6,20}$/;
export const PHONE_TAIL = /^\d{4}$/;
export const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

export const SMS_CODE = /^\d{6}$/;

/**
 * Proof: the holder's name (with the registered phone's last 4 digits if known), or the SMS code sent
 * to the registered phone. The phone tail alone is not accepted by the server.
 */
export type BindForm = {
  accountNo: string;
  proof: 'holderName' | 'smsCode';
  holderName: string;
  phoneTail: string;
  smsCode: string;
  /** 本人, 家人 or 租户: how the resident relates to the household. */
  relation: 'self' | 'family' | 'tenant';
};

export const RELATION_LABELS: Record<BindForm['relation'], string> = {
  self: '本人',
  family: '家人',
  tenant: '租户',
};

export function validateBindForm(
  form: BindForm,
): FieldErrors<'accountNo' | 'holderName' | 'phoneTail' | 'smsCode'> {
  const errors: FieldErrors<'accountNo' | 'holderName' | 'phoneTail' | 'smsCode'> = {};
  const accountNo = form.accountNo.trim();
  if (!accountNo) errors.accountNo = '请输入户号';
  else if (!ACCOUNT_NO.test(accountNo)) errors.accountNo = '户号为 6-20 位数字或字母,见账单或燃气卡';
  if (form.proof === 'holderName') {
    const name = form.holderName.trim();
    if (!name) errors.holderName = '请输入户主姓名';
    else if (name.length > 50) errors.holderName = '姓名过长';
    const tail = form.phoneTail.trim();
    if (tail && !PHONE_TAIL.test(tail)) errors.phoneTail = '请输入预留手机号后4位';
  } else if (!SMS_CODE.test(form.smsCode.trim())) {
    errors.smsCode = '请输入6位短信验证码';
  }
  return errors;
}

/** The bind request body, as the server requires it. */
export function bindBody(form: BindForm) {
  const accountNo = form.accountNo.trim();
  const relation = form.relation;
  if (form.proof === 'smsCode') return { accountNo, smsCode: form.smsCode.trim(), relation };
  const phoneTail = form.phoneTail.trim();
  return { accountNo, holderName: form.holderName.trim(), ...(phoneTail ? { phoneTail } : {}), relation };
}

export type ServiceForm = {
  accountNo: string;
  description: string;
  contactPhone: string;
  photoCount: number;
};

export function validateServiceForm(
  form: ServiceForm,
): FieldErrors<'accountNo' | 'description' | 'contactPhone' | 'photos'> {
  const errors: FieldErrors<'accountNo' | 'description' | 'contactPhone' | 'photos'> = {};
  if (!form.accountNo) errors.accountNo = '请选择户号';
  const description = form.description.trim();
  if (!description) errors.description = '请描述遇到的问题';
  else if (description.length > 1000) errors.description = '描述不超过 1000 字';
  if (form.contactPhone.trim() && !PHONE.test(form.contactPhone.trim()))
    errors.contactPhone = '电话号码格式不正确';
  if (form.photoCount > 9) errors.photos = '最多 9 张照片';
  return errors;
}

/** Meter reading: up to 3 decimals, not below the last accepted reading. */
export function validateMeterReading(input: string, lastReading?: number): string | undefined {
  const text = input.trim();
  if (!text) return '请输入表上的读数';
  if (!/^\d{1,8}(\.\d{1,3})?$/.test(text)) return '读数为数字,最多 3 位小数';
  const value = Number(text);
  if (lastReading !== undefined && value < lastReading) return `读数不能小于上次读数 ${lastReading}`;
  return undefined;
}

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some(Boolean);

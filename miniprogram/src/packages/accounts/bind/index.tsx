/**
 * 绑定户号: 户号 + 户主姓名 (and, if known, 预留手机后4位), or a code sent by SMS to the registered phone;
 * the server's errors (wrong proof, locked, closed) in plain words.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import { Section } from '../../../components/Section';
import { api } from '../../../services/api';
import { ApiError, errorMessage } from '../../../services/errors';
import {
  bindBody,
  hasErrors,
  RELATION_LABELS,
  validateBindForm,
  type BindForm,
} from '../../../utils/validation';
import { go } from '../../../services/navigation';
import './index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function BindAccountPage() {
  const [form, setForm] = useState<BindForm>({
    accountNo: '',
    proof: 'holderName',
    holderName: '',
    phoneTail: '',
    smsCode: '',
    relation: 'self',
  });
  const [codeSentFor, setCodeSentFor] = useState<string>();
  const [sending, setSending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const set = (patch: Partial<BindForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async () => {
    const errors = validateBindForm(form);
    setFieldErrors(errors);
    setError(undefined);
    if (hasErrors(errors)) return;
    setSubmitting(true);
    try {
      const account = await api.call('bindAccount', { body: bindBody(form) });
      await Taro.showToast({ title: '绑定成功', icon: 'success' });
      const pages = Taro.getCurrentPages();
      if (pages.length > 1) Taro.navigateBack();
      else go('home');
      return account;
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setFieldErrors(e.fieldMessages());
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const sendCode = async () => {
    const accountNo = form.accountNo.trim();
    const errors = validateBindForm({ ...form, proof: 'smsCode', smsCode: '000000' });
    setFieldErrors(errors);
    setError(undefined);
    if (hasErrors(errors)) return;
    setSending(true);
    try {
      await api.call('requestBindingCode', { body: { accountNo } });
      setCodeSentFor(accountNo);
      await Taro.showToast({ title: '验证码已发送', icon: 'success' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <ElderRoot>
      <View className="bind">
        <Section title="绑定户号">
          <View className="bind__field">
            <Text className="bind__label" id="label-accountNo">
              户号
            </Text>
            <Input
              className="bind__input"
              aria-labelledby="label-accountNo"
              placeholder="见账单或燃气卡上的户号"
              value={form.accountNo}
              maxlength={20}
              onInput={(e) => set({ accountNo: e.detail.value })}
            />
            {fieldErrors.accountNo && <Text className="field-error">{fieldErrors.accountNo}</Text>}
          </View>
          <View className="bind__field">
            <Text className="bind__label">我是户主的</Text>
            <Radio.Group
              className="wrap-radios"
              value={form.relation}
              direction="horizontal"
              onChange={(v) => set({ relation: v as BindForm['relation'] })}
            >
              {Object.entries(RELATION_LABELS).map(([value, label]) => (
                <Radio key={value} value={value}>
                  {label}
                </Radio>
              ))}
            </Radio.Group>
          </View>
          <View className="bind__field">
            <Text className="bind__label">验证方式</Text>
            <Radio.Group
              className="wrap-radios"
              value={form.proof}
              direction="horizontal"
              onChange={(v) => set({ proof: v as BindForm['proof'] })}
            >
              <Radio value="holderName">户主姓名</Radio>
              <Radio value="smsCode">短信验证码</Radio>
            </Radio.Group>
          </View>
          {form.proof === 'holderName' ? (
            <View className="bind__field">
              <Text className="bind__label" id="label-holderName">
                户主姓名
              </Text>
              <Input
                className="bind__input"
                aria-labelledby="label-holderName"
                placeholder="请输入户主姓名"
                value={form.holderName}
                maxlength={50}
                onInput={(e) => set({ holderName: e.detail.value })}
              />
              {fieldErrors.holderName && <Text className="field-error">{fieldErrors.holderName}</Text>}
              <Text className="bind__label" id="label-phoneTail">
                预留手机号后4位(选填)
              </Text>
              <Input
                className="bind__input"
                aria-labelledby="label-phoneTail"
                type="number"
                placeholder="开户时预留的手机号后4位"
                value={form.phoneTail}
                maxlength={4}
                onInput={(e) => set({ phoneTail: e.detail.value })}
              />
              {fieldErrors.phoneTail && <Text className="field-error">{fieldErrors.phoneTail}</Text>}
            </View>
          ) : (
            <View className="bind__field">
              <Text className="bind__label" id="label-smsCode">
                短信验证码
              </Text>
              <Input
                className="bind__input"
                aria-labelledby="label-smsCode"
                type="number"
                placeholder="发送至户号预留手机的6位验证码"
                value={form.smsCode}
                maxlength={6}
                onInput={(e) => set({ smsCode: e.detail.value })}
              />
              <Button size="small" loading={sending} disabled={sending} onClick={sendCode}>
                {codeSentFor === form.accountNo.trim() ? '重新发送' : '获取验证码'}
              </Button>
              {codeSentFor && (
                <Text className="bind__hint">如该户号预留了手机号,验证码已发送,5分钟内有效</Text>
              )}
              {fieldErrors.smsCode && <Text className="field-error">{fieldErrors.smsCode}</Text>}
            </View>
          )}
          {error && (
            <View className="field-error bind__error" role="alert">
              {error}
            </View>
          )}
          <Button block type="primary" loading={submitting} disabled={submitting} onClick={submit}>
            绑定
          </Button>
        </Section>
      </View>
    </ElderRoot>
  );
}

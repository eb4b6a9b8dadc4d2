/**
 * 报停 / 复供 online for one household: its supply now (正常供应 / 已报停 自 … 起), then the application.
 * Heating suspends a whole season before its cutoff (the 供热基本费 share is still billed); gas and water
 * stop from a day (the valve is closed and sealed, no usage billed) until 复供, given with the reading the
 * valve is reopened at. The application becomes an order: the resident follows its steps on the order
 * page and is told of each one (the order-update grants are asked for within the submit tap).
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, Picker } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { askForGrants, MOMENTS } from '../../../features/subscribe/askForGrants';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { ApiError, errorMessage } from '../../../services/errors';
import { go, replaceWith, usePageQuery } from '../../../services/navigation';
import { strings } from '../../../strings';
import '../../service/create/index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';
import { FormSubmit } from '../../../features/accounts/FormSubmit';

export default function SupplyChangePage() {
  const { accountNo = '' } = usePageQuery('supplyChange');
  const supply = useRequest(() => api.call('getSupplyState', { params: { accountNo } }), [accountNo]);
  const [form, setForm] = useState({ reason: '', fromDate: '', expectedResumeDate: '', reading: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const t = strings.supplyChange;
  const s = supply.data;
  const heating = s?.utility === 'heating';
  const kind = s?.state === 'suspended' ? 'resume' : 'suspend';

  const submit = async () => {
    if (!s) return;
    setError(undefined);
    setFieldErrors({});
    const reading = form.reading.trim() === '' ? undefined : Number(form.reading);
    const missing: Record<string, string> = {};
    if (kind === 'suspend' && !form.reason.trim()) missing.reason = t.needReason;
    const fromDate = form.fromDate || s.earliestFromDate || '';
    if (kind === 'suspend' && !heating && !fromDate) missing.fromDate = t.needFromDate;
    if (kind === 'resume' && !heating && (reading === undefined || Number.isNaN(reading)))
      missing.reading = t.needReading;
    if (Object.keys(missing).length) {
      setFieldErrors(missing);
      return;
    }
    // Within the tap, before any request: the grants for the order's steps and the valve visit (WeChat's rule).
    const grants = askForGrants(MOMENTS.faultReported);
    setSubmitting(true);
    try {
      await grants.answered;
      const created = await api.call('applySupplyChange', {
        body:
          kind === 'resume'
            ? { kind, accountNo, ...(reading !== undefined ? { reading } : {}) }
            : heating
              ? { kind, accountNo, reason: form.reason, season: s.nextSeason }
              : {
                  kind,
                  accountNo,
                  reason: form.reason,
                  fromDate,
                  ...(form.expectedResumeDate ? { expectedResumeDate: form.expectedResumeDate } : {}),
                },
      });
      Taro.showToast({ title: created.autoApproved ? t.approvedAtOnce : t.submitted, icon: 'success' });
      replaceWith('orderDetail', { orderNo: created.orderNo });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setFieldErrors(e.messagesByInput());
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const fieldError = (key: string) =>
    fieldErrors[key] ? <Text className="field-error">{fieldErrors[key]}</Text> : null;
  const datePicker = (
    key: 'fromDate' | 'expectedResumeDate',
    label: string,
    placeholder: string,
    fallback = '',
  ) => (
    <View>
      <View className="create__label" id={`label-${key}`}>
        {label}
      </View>
      <Picker
        mode="date"
        value={form[key] || fallback}
        start={s?.earliestFromDate}
        onChange={(e) => set({ [key]: String(e.detail.value) })}
      >
        <View className="create__input tap" aria-labelledby={`label-${key}`}>
          {form[key] || fallback || <Text className="muted">{placeholder}</Text>}
        </View>
      </Picker>
      {fieldError(key)}
    </View>
  );

  return (
    <ElderRoot>
      <PageState loading={supply.loading} slow={supply.slow} error={supply.error} onRetry={supply.reload}>
        {s && (
          <View className="create">
            <Section title={`${t.title} · 户号 ${accountNo}`}>
              <View className="row-link">
                <Text>{t.stateLabel}</Text>
                <Text>{s.label}</Text>
              </View>
              {s.pendingOrderNo && (
                <View
                  className="row-link tap"
                  onClick={() => go('orderDetail', { orderNo: s.pendingOrderNo! })}
                >
                  <Text>{t.pending}</Text>
                  <Text className="muted">›</Text>
                </View>
              )}
            </Section>
            {!s.pendingOrderNo && kind === 'suspend' && (
              <Section title={heating ? `${t.heatingTitle}(${s.nextSeason} 供暖季)` : t.suspendTitle}>
                <Text className="muted">
                  {heating ? t.heatingHint(s.suspendCutoff ?? '', s.baseFeePercent ?? 0) : t.suspendHint}
                </Text>
                {!heating && datePicker('fromDate', t.fromDate, t.pickDate, s.earliestFromDate)}
                {!heating && datePicker('expectedResumeDate', t.expectedResumeDate, t.optional)}
                <View>
                  <View className="create__label" id="label-reason">
                    {t.reason}
                  </View>
                  <Input
                    className="create__input"
                    aria-labelledby="label-reason"
                    value={form.reason}
                    maxlength={200}
                    onInput={(e) => set({ reason: e.detail.value })}
                  />
                  {fieldError('reason')}
                </View>
              </Section>
            )}
            {!s.pendingOrderNo && kind === 'resume' && (
              <Section title={t.resumeTitle}>
                <Text className="muted">{t.resumeHint}</Text>
                {!heating && (
                  <View>
                    <View className="create__label" id="label-reading">
                      {t.reading}
                    </View>
                    <Input
                      className="create__input"
                      aria-labelledby="label-reading"
                      type="digit"
                      maxlength={10}
                      value={form.reading}
                      onInput={(e) => set({ reading: e.detail.value })}
                    />
                    {fieldError('reading')}
                  </View>
                )}
              </Section>
            )}
            <FormSubmit
              error={error}
              submitting={submitting}
              onSubmit={submit}
              label={s.pendingOrderNo ? undefined : kind === 'suspend' ? t.submitSuspend : t.submitResume}
            />
          </View>
        )}
      </PageState>
    </ElderRoot>
  );
}

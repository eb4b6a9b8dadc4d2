/**
 * 过户 / 销户 online: the documents each needs (身份证照片, 房产证或租赁合同), the new holder and the meter
 * reading at handover (过户), or the final reading and the reason (销户). The application becomes an
 * order: the resident follows its steps on the order page and is told of each one.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, Image } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import type { AccountChangeKind } from '@portal/types';
import { Section } from '../../../components/Section';
import { api } from '../../../services/api';
import { ApiError, errorMessage } from '../../../services/errors';
import { replaceWith, usePageQuery } from '../../../services/navigation';
import { choosePhotos } from '../../../services/upload';
import { strings } from '../../../strings';
import '../../service/create/index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';

type Photos = { idPhotos: string[]; propertyProofs: string[] };
const MAX: Record<keyof Photos, number> = { idPhotos: 2, propertyProofs: 4 };

export default function AccountChangePage() {
  const { accountNo = '' } = usePageQuery('accountChange');
  const [kind, setKind] = useState<Exclude<AccountChangeKind, 'open'>>('transfer');
  const [form, setForm] = useState({ name: '', phone: '', idNumber: '', reading: '', reason: '' });
  const [photos, setPhotos] = useState<Photos>({ idPhotos: [], propertyProofs: [] });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const t = strings.accountChange;

  const addPhotos = async (which: keyof Photos) => {
    try {
      const chosen = await choosePhotos(MAX[which] - photos[which].length);
      setPhotos((p) => ({ ...p, [which]: [...p[which], ...chosen].slice(0, MAX[which]) }));
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string }).errMsg))) setError(errorMessage(e));
    }
  };

  const submit = async () => {
    setError(undefined);
    setFieldErrors({});
    const reading = form.reading.trim() === '' ? Number.NaN : Number(form.reading);
    if (!photos.idPhotos.length || !photos.propertyProofs.length || Number.isNaN(reading)) {
      setFieldErrors({
        ...(photos.idPhotos.length ? {} : { idPhotos: t.needIdPhoto }),
        ...(photos.propertyProofs.length ? {} : { propertyProofs: t.needProof }),
        ...(Number.isNaN(reading)
          ? { reading: kind === 'transfer' ? t.needHandoverReading : t.needFinalReading }
          : {}),
      });
      return;
    }
    setSubmitting(true);
    try {
      const upload = async (files: string[]) => {
        const ids: string[] = [];
        for (const f of files) ids.push((await api.upload('uploadPhoto', { file: f })).id);
        return ids;
      };
      const idPhotos = await upload(photos.idPhotos);
      const propertyProofs = await upload(photos.propertyProofs);
      const created = await api.call('applyAccountChange', {
        body:
          kind === 'transfer'
            ? {
                kind,
                accountNo,
                idPhotos,
                propertyProofs,
                newHolder: { name: form.name, phone: form.phone, idNumber: form.idNumber },
                handoverReading: reading,
              }
            : { kind, accountNo, idPhotos, propertyProofs, finalReading: reading, reason: form.reason },
      });
      Taro.showToast({ title: t.submitted, icon: 'success' });
      replaceWith('orderDetail', { orderNo: created.orderNo });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const byField: Record<string, string> = {};
        for (const f of e.fields) {
          const key = /handoverReading|finalReading/.test(f.path) ? 'reading' : f.path.split('.').pop()!;
          byField[key] ??= f.message;
        }
        setFieldErrors(byField);
      }
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const field = (key: keyof typeof form, label: string, props: Record<string, unknown> = {}) => (
    <View>
      <View className="create__label" id={`label-${key}`}>
        {label}
      </View>
      <Input
        className="create__input"
        aria-labelledby={`label-${key}`}
        value={form[key]}
        onInput={(e) => set({ [key]: e.detail.value })}
        {...props}
      />
      {fieldErrors[key] && <Text className="field-error">{fieldErrors[key]}</Text>}
    </View>
  );

  const photoField = (which: keyof Photos, label: string) => (
    <View>
      <View className="create__label">{label}</View>
      <View className="create__photos">
        {photos[which].map((p) => (
          <Image
            key={p}
            src={p}
            className="create__photo"
            mode="aspectFill"
            onClick={() => setPhotos((all) => ({ ...all, [which]: all[which].filter((x) => x !== p) }))}
          />
        ))}
        {photos[which].length < MAX[which] && (
          <View className="create__add tap" onClick={() => addPhotos(which)}>
            {which === 'idPhotos' ? t.addIdPhoto : t.addProof}
          </View>
        )}
      </View>
      {fieldErrors[which] && <Text className="field-error">{fieldErrors[which]}</Text>}
    </View>
  );

  return (
    <ElderRoot>
      <View className="create">
        <Section title={`${t.title} · 户号 ${accountNo}`}>
          <Radio.Group
            value={kind}
            direction="horizontal"
            onChange={(v) => setKind(v as Exclude<AccountChangeKind, 'open'>)}
          >
            <Radio value="transfer">{t.transfer}</Radio>
            <Radio value="close">{t.close}</Radio>
          </Radio.Group>
          <Text className="muted">{kind === 'transfer' ? t.transferHint : t.closeHint}</Text>
        </Section>
        <Section title={t.documents}>
          {photoField('idPhotos', t.idPhotos)}
          {photoField('propertyProofs', t.propertyProofs)}
        </Section>
        {kind === 'transfer' ? (
          <Section title={t.newHolder}>
            {field('name', t.newHolderName, { maxlength: 20 })}
            {field('phone', t.newHolderPhone, { type: 'number', maxlength: 11 })}
            {field('idNumber', t.newHolderId, { type: 'idcard', maxlength: 18 })}
            {field('reading', t.handoverReading, { type: 'digit', maxlength: 10 })}
          </Section>
        ) : (
          <Section title={t.closeDetails}>
            {field('reading', t.finalReading, { type: 'digit', maxlength: 10 })}
            {field('reason', t.reason, { maxlength: 200 })}
          </Section>
        )}
        {error && (
          <View className="field-error create__error" role="alert">
            {error}
          </View>
        )}
        <View className="create__error">
          <Button type="primary" block loading={submitting} disabled={submitting} onClick={submit}>
            {t.submit}
          </Button>
        </View>
      </View>
    </ElderRoot>
  );
}

/**
 * 过户 / 销户 online: the documents each needs (身份证照片, 房产证或租赁合同), the new holder and the meter
 * reading at handover (过户), or the final reading and the reason (销户). The application becomes an
 * order: the resident follows its steps on the order page and is told of each one.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Radio } from '@nutui/nutui-react-taro';
import type { AccountChangeKind } from '@portal/types';
import { Section } from '../../../components/Section';
import { api } from '../../../services/api';
import { replaceWith, usePageQuery } from '../../../services/navigation';
import { useApplicationForm } from '../../../features/accounts/applicationForm';
import { strings } from '../../../strings';
import '../../service/create/index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';
import { FormSubmit } from '../../../features/accounts/FormSubmit';

export default function AccountChangePage() {
  const { accountNo = '' } = usePageQuery('accountChange');
  const [kind, setKind] = useState<Exclude<AccountChangeKind, 'open'>>('transfer');
  const t = strings.accountChange;
  const { form, error, submitting, photos, submit, field, photoField } = useApplicationForm(
    { name: '', phone: '', idNumber: '', reading: '', reason: '' },
    {
      addIdPhoto: t.addIdPhoto,
      addProof: t.addProof,
      fieldOf: (path) => (/handoverReading|finalReading/.test(path) ? 'reading' : path.split('.').pop()!),
    },
  );

  const apply = () => {
    const reading = form.reading.trim() === '' ? Number.NaN : Number(form.reading);
    return submit(
      {
        ...(photos.idPhotos.length ? {} : { idPhotos: t.needIdPhoto }),
        ...(photos.propertyProofs.length ? {} : { propertyProofs: t.needProof }),
        ...(Number.isNaN(reading)
          ? { reading: kind === 'transfer' ? t.needHandoverReading : t.needFinalReading }
          : {}),
      },
      async ({ idPhotos, propertyProofs }) => {
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
      },
    );
  };

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
        <FormSubmit error={error} submitting={submitting} onSubmit={apply} label={t.submit} />
      </View>
    </ElderRoot>
  );
}

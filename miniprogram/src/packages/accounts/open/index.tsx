/**
 * 开户 online: a home without an account. The resident picks the service (燃气/水/供热) and the 小区 among
 * those the utility supplies, gives the building, unit and room, the holder (themself) and hands in the
 * documents (身份证照片, 房产证或租赁合同). The application becomes an order: the resident follows its steps
 * on the order page; once approved the 户号 is bound to them and the 点火通气 visit is arranged.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Radio } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { replaceWith } from '../../../services/navigation';
import { useApplicationForm } from '../../../features/accounts/applicationForm';
import { strings } from '../../../strings';
import '../../service/create/index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';
import { FormSubmit } from '../../../features/accounts/FormSubmit';

type Utility = 'gas' | 'water' | 'heating';

export default function AccountOpeningPage() {
  const t = strings.accountOpening;
  const areas = useRequest(() => api.call('listOpeningAreas'));
  const [utility, setUtility] = useState<Utility>('gas');
  const [areaCode, setAreaCode] = useState('');
  const { form, fieldErrors, error, submitting, photos, submit, field, photoField } = useApplicationForm(
    { building: '', unit: '', room: '', name: '', phone: '', idNumber: '' },
    { addIdPhoto: t.addIdPhoto, addProof: t.addProof },
  );

  const apply = () =>
    submit(
      {
        ...(areaCode ? {} : { areaCode: t.needArea }),
        ...(photos.idPhotos.length ? {} : { idPhotos: t.needIdPhoto }),
        ...(photos.propertyProofs.length ? {} : { propertyProofs: t.needProof }),
      },
      async ({ idPhotos, propertyProofs }) => {
        const created = await api.call('applyAccountOpening', {
          body: {
            utility,
            areaCode,
            building: form.building,
            unit: form.unit,
            room: form.room,
            holder: { name: form.name, phone: form.phone, idNumber: form.idNumber },
            idPhotos,
            propertyProofs,
          },
        });
        Taro.showToast({ title: t.submitted, icon: 'success' });
        replaceWith('orderDetail', { orderNo: created.orderNo });
      },
    );

  return (
    <ElderRoot>
      <View className="create">
        <Section title={t.title}>
          <Radio.Group value={utility} direction="horizontal" onChange={(v) => setUtility(v as Utility)}>
            <Radio value="gas">{t.gas}</Radio>
            <Radio value="water">{t.water}</Radio>
            <Radio value="heating">{t.heating}</Radio>
          </Radio.Group>
          <Text className="muted">{t.hint}</Text>
        </Section>
        <Section title={t.address}>
          <View className="create__label">{t.area}</View>
          <PageState
            loading={areas.loading}
            slow={areas.slow}
            error={areas.error}
            onRetry={areas.reload}
            empty={areas.data?.items.length === 0}
            emptyText={t.noArea}
          >
            <Radio.Group value={areaCode} direction="vertical" onChange={(v) => setAreaCode(String(v))}>
              {areas.data?.items.map((a) => (
                <Radio key={a.areaCode} value={a.areaCode}>
                  {`${a.district} ${a.community}`}
                </Radio>
              ))}
            </Radio.Group>
          </PageState>
          {fieldErrors.areaCode && <Text className="field-error">{fieldErrors.areaCode}</Text>}
          {field('building', t.building, { maxlength: 20 })}
          {field('unit', t.unit, { maxlength: 20 })}
          {field('room', t.room, { maxlength: 20 })}
        </Section>
        <Section title={t.holder}>
          {field('name', t.name, { maxlength: 20 })}
          {field('phone', t.phone, { type: 'number', maxlength: 11 })}
          {field('idNumber', t.idNumber, { type: 'idcard', maxlength: 18 })}
        </Section>
        <Section title={t.documents}>
          {photoField('idPhotos', t.idPhotos)}
          {photoField('propertyProofs', t.propertyProofs)}
        </Section>
        <FormSubmit error={error} submitting={submitting} onSubmit={apply} label={t.submit} />
      </View>
    </ElderRoot>
  );
}

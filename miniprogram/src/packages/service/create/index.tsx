/**
 * 报修 / 报装 / 预约: pick type and category, describe, add photos, confirm contact and address.
 * The gas-leak category shows the emergency instructions first. Types that take a visit slot (安检, 新装)
 * show the account area's free slots (listSlots); the order is created, then booked into the slot.
 * Submitting asks for the order-update grants first, within the tap (weapp), then uploads and creates.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea, Input, Image } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import type { WorkOrderCategory, WorkOrderType } from '@portal/types';
import { EmergencyCard } from '../../../components/EmergencyCard';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { askForGrants, MOMENTS } from '../../../features/subscribe/askForGrants';
import { usePrefetchSubscribeTemplates } from '../../../features/subscribe/usePrefetchSubscribeTemplates';
import { localDay } from '../../../utils/date';
import { ApiError, errorMessage } from '../../../services/errors';
import { go, replaceWith, usePageQuery } from '../../../services/navigation';
import { choosePhotos } from '../../../services/upload';
import { hasErrors, validateServiceForm } from '../../../utils/validation';
import { categoriesFor, takesSlot, typeLabels } from '../../../features/service/catalog';
import './index.scss';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function CreateServicePage() {
  const params = usePageQuery('createService');
  const [type, setType] = useState<WorkOrderType>((params.type as WorkOrderType) || 'repair');
  const [category, setCategory] = useState<WorkOrderCategory>(categoriesFor(type)[0].value);
  const [accountNo, setAccountNo] = useState('');
  const [description, setDescription] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const accounts = useRequest(async () => {
    const list = await api.call('listMyAccounts');
    const preferred = list.items.find((a) => a.isDefault) ?? list.items[0];
    if (preferred) setAccountNo((v) => v || preferred.accountNo);
    return list;
  });
  const [slotId, setSlotId] = useState('');
  usePrefetchSubscribeTemplates();
  const slots = useRequest(
    async () => {
      const detail = await api.call('getMyAccount', { params: { accountNo } });
      if (!detail.areaCode) return [];
      return api.call('listSlots', {
        query: { areaCode: detail.areaCode, type, from: localDay(0), to: localDay(13) },
      });
    },
    [accountNo, type],
    Boolean(accountNo) && takesSlot(type),
  );

  const addPhotos = async () => {
    try {
      setPhotos([...photos, ...(await choosePhotos(9 - photos.length))].slice(0, 9));
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string }).errMsg))) setError(errorMessage(e));
    }
  };

  const submit = () => {
    const errors: Record<string, string | undefined> = validateServiceForm({
      accountNo,
      description,
      contactPhone,
      photoCount: photos.length,
    });
    if (takesSlot(type) && !slotId) errors.slot = '请选择上门时段';
    setFieldErrors(errors);
    setError(undefined);
    if (hasErrors(errors)) return;
    // Within the tap, before any upload or request: the order-update grants (WeChat's rule).
    const grants = askForGrants(takesSlot(type) ? MOMENTS.booked : MOMENTS.faultReported);
    void send(grants.answered);
  };
  const send = async (grantsAnswered: Promise<void>) => {
    setSubmitting(true);
    try {
      await grantsAnswered;
      const photoIds: string[] = [];
      for (const p of photos) photoIds.push((await api.upload('uploadPhoto', { file: p })).id);
      const order = await api.call('createWorkOrder', {
        body: {
          accountNo,
          type,
          category,
          description: description.trim(),
          photos: photoIds,
          contactPhone: contactPhone.trim() || undefined,
          channel: process.env.TARO_ENV === 'weapp' ? 'mp' : 'oa',
        },
      });
      let bookError: string | undefined;
      if (takesSlot(type) && slotId) {
        await api
          .call('bookAppointment', { body: { slotId, orderNo: order.orderNo } })
          .catch((e: unknown) => {
            bookError = errorMessage(e);
          });
      }
      if (bookError)
        await Taro.showModal({
          title: '工单已提交',
          content: `预约未成功:${bookError}。可在工单详情中重新预约。`,
          showCancel: false,
        });
      else Taro.showToast({ title: '已提交', icon: 'success' });
      replaceWith('orderDetail', { orderNo: order.orderNo });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setFieldErrors(e.fieldMessages());
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  if (!accounts.loading && accounts.data?.items.length === 0) {
    return (
      <ElderRoot>
        <PageState
          empty
          emptyText="请先绑定户号再办理业务"
          emptyAction={
            <Button type="primary" onClick={() => go('bindAccount')}>
              绑定户号
            </Button>
          }
        />
      </ElderRoot>
    );
  }
  return (
    <ElderRoot>
      <View className="create">
        <Section title="业务类型">
          <Radio.Group
            className="wrap-radios"
            value={type}
            direction="horizontal"
            onChange={(v) => {
              setType(v as WorkOrderType);
              setCategory(categoriesFor(v as WorkOrderType)[0].value);
              setSlotId('');
            }}
          >
            {Object.entries(typeLabels).map(([value, label]) => (
              <Radio key={value} value={value}>
                {label}
              </Radio>
            ))}
          </Radio.Group>
          <View className="create__label">问题类别</View>
          <Radio.Group
            className="wrap-radios"
            value={category}
            direction="horizontal"
            onChange={(v) => setCategory(v as WorkOrderCategory)}
          >
            {categoriesFor(type).map((c) => (
              <Radio key={c.value} value={c.value}>
                {c.label}
              </Radio>
            ))}
          </Radio.Group>
        </Section>
        {category === 'gasLeak' && <EmergencyCard />}
        <Section title="问题描述">
          <PageState loading={accounts.loading} error={accounts.error} onRetry={accounts.reload}>
            <View className="create__label">户号</View>
            <Radio.Group value={accountNo} onChange={(v) => setAccountNo(String(v))}>
              {accounts.data?.items.map((a) => (
                <Radio key={a.accountNo} value={a.accountNo}>{`${a.accountNo} ${a.addressMasked}`}</Radio>
              ))}
            </Radio.Group>
            {fieldErrors.accountNo && <Text className="field-error">{fieldErrors.accountNo}</Text>}
          </PageState>
          <View className="create__label" id="label-description">
            描述
          </View>
          <Textarea
            className="create__textarea"
            aria-labelledby="label-description"
            maxlength={1000}
            placeholder="请描述遇到的问题、发生位置"
            value={description}
            onInput={(e) => setDescription(e.detail.value)}
          />
          {fieldErrors.description && <Text className="field-error">{fieldErrors.description}</Text>}
          <View className="create__label">照片(最多9张)</View>
          <View className="create__photos">
            {photos.map((p) => (
              <Image
                key={p}
                src={p}
                className="create__photo"
                mode="aspectFill"
                onClick={() => setPhotos(photos.filter((x) => x !== p))}
              />
            ))}
            {photos.length < 9 && (
              <View className="create__add tap" onClick={addPhotos}>
                + 添加照片
              </View>
            )}
          </View>
          <View className="create__label" id="label-phone">
            联系电话(选填,默认预留电话)
          </View>
          <Input
            className="create__input"
            aria-labelledby="label-phone"
            type="number"
            maxlength={13}
            value={contactPhone}
            onInput={(e) => setContactPhone(e.detail.value)}
          />
          {fieldErrors.contactPhone && <Text className="field-error">{fieldErrors.contactPhone}</Text>}
        </Section>
        {takesSlot(type) && (
          <Section title="上门时段">
            <PageState
              loading={slots.loading}
              slow={slots.slow}
              error={slots.error}
              onRetry={slots.reload}
              empty={!slots.loading && (slots.data ?? []).filter((s) => s.remaining > 0).length === 0}
              emptyText="近两周暂无可预约时段,请拨打热线预约"
            >
              <Radio.Group value={slotId} onChange={(v) => setSlotId(String(v))}>
                {(slots.data ?? [])
                  .filter((s) => s.remaining > 0)
                  .map((s) => (
                    <Radio key={s.id} value={s.id}>{`${s.label}(余 ${s.remaining})`}</Radio>
                  ))}
              </Radio.Group>
            </PageState>
            {fieldErrors.slot && <Text className="field-error">{fieldErrors.slot}</Text>}
          </Section>
        )}
        {error && (
          <View className="field-error create__error" role="alert">
            {error}
          </View>
        )}
        <View style={{ margin: '24px' }}>
          <Button block type="primary" loading={submitting} disabled={submitting} onClick={submit}>
            提交
          </Button>
        </View>
      </View>
    </ElderRoot>
  );
}
